/**
 * What other features may use of self-service: the applicant's signed link, which the
 * confirmation email carries. Everything else here is the applicant's own requests.
 */
export { APPLICANT_LINK_LIFETIME_DAYS, applicantLinkUrl } from './applicant-link.js';
