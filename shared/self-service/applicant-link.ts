import { isSubmissionId } from '../applications/submission.js';
import {
  type LinkRefusal,
  signatureMatches,
  signFields,
} from '../platform/signing/signed-fields.js';

export type { LinkRefusal };

/**
 * How long the link in a confirmation email works, counted from when the application was
 * received: long enough to change one's mind before matching, short enough that an old
 * mailbox is not a key for ever. After it, the applicant writes to staff.
 */
export const APPLICANT_LINK_LIFETIME_DAYS = 90;

/** A link that checks out: the one application it names, and until when it works. */
export interface AcceptedLink {
  applicationId: string;
  expiresAt: Date;
}

// Domain separation: a signature made for this purpose can never pass for a form token,
// even if the two ever shared a key.
const PURPOSE = 'applicant-link/v1';

const signedFields = (applicationId: string, expiresAtSeconds: number) => [
  applicationId,
  String(expiresAtSeconds),
];

/** When the link to an application received at `createdAt` stops working. */
export function applicantLinkExpiry(createdAt: string): Date {
  return new Date(Date.parse(createdAt) + APPLICANT_LINK_LIFETIME_DAYS * 86_400_000);
}

/**
 * The token of the link to one application: its id (random, not personal), when the link
 * expires, and an HMAC-SHA256 of both. Deterministic, so every rendering of the same
 * confirmation carries the same link.
 */
export function signApplicantLink(secret: string, applicationId: string, expiresAt: Date): string {
  const seconds = Math.floor(expiresAt.getTime() / 1000);
  return `${applicationId}.${seconds}.${signFields(secret, PURPOSE, signedFields(applicationId, seconds))}`;
}

/** Checks a link's token: ours (in constant time), for a well-formed id, and not expired. */
export function verifyApplicantLink(
  secret: string,
  token: unknown,
  now: Date,
): AcceptedLink | LinkRefusal {
  if (typeof token !== 'string') return 'malformed';
  const match = /^([0-9A-Z]{26})\.(\d{1,12})\.([\w-]{43})$/.exec(token);
  if (!match?.[1] || !match[2] || !match[3] || !isSubmissionId(match[1])) return 'malformed';
  const [, applicationId, secondsText, given] = match;
  const seconds = Number(secondsText);
  if (!signatureMatches(secret, PURPOSE, signedFields(applicationId, seconds), given)) {
    return 'forged';
  }
  const expiresAt = new Date(seconds * 1000);
  if (now.getTime() >= expiresAt.getTime()) return 'expired';
  return { applicationId, expiresAt };
}

/** The path of the applicant's own page; the token goes in its query. */
export const APPLICANT_PAGE_PATH = '/my-application';

/** The link in a confirmation email: the applicant's page on `baseUrl`, for this application. */
export function applicantLinkUrl(
  baseUrl: string,
  secret: string,
  application: { id: string; createdAt: string },
): string {
  const token = signApplicantLink(
    secret,
    application.id,
    applicantLinkExpiry(application.createdAt),
  );
  return `${baseUrl.replace(/\/+$/, '')}${APPLICANT_PAGE_PATH}?token=${token}`;
}
