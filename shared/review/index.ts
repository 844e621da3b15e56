/**
 * What other features may use of review: the staff rules an applicant's own request
 * follows too (erasing, the errors a change can meet), and the staff repository's port
 * and adapter that the applicant's requests reuse.
 */
export { eraseSubmission, SubmissionNotFound, VersionConflict } from './review-submission.js';
export type { StaffRepository } from './staff-ports.js';
export { DynamoDbStaffRepository } from './store/staff-repository.js';
