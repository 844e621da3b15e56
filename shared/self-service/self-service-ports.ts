import type { StaffNotice } from '../applications/staff-notice.js';
import type { AuditEntry, Submission } from '../applications/submission.js';
import type { StaffRepository } from '../review/index.js';

/** What an applicant's withdrawal stores, in one transaction. */
export interface Withdrawal {
  audit: AuditEntry;
  /** When DynamoDB's TTL deletes the withdrawn application (the retention period). */
  expiresAt: Date;
  /** The notice to staff; storage adds the matches the withdrawal ended. */
  notice: StaffNotice;
}

/** Storage as the applicant's own requests see it: reading, erasing, withdrawing. */
export interface SelfServiceRepository extends Pick<StaffRepository, 'get' | 'erase'> {
  /**
   * Moves the application to `withdrawn` with its history entry, ends its matches (the
   * other side goes back to review, or stays matched with others) and queues the notice to
   * staff, all in one transaction, unless it changed since it was read (`changed_meanwhile`).
   */
  withdraw(
    submission: Submission,
    withdrawal: Withdrawal,
  ): Promise<'withdrawn' | 'changed_meanwhile'>;
}
