import { type OutboxEmail, staffNoticeEmail } from '../applications/outbox.js';
import type { ReviewStatus } from '../applications/review-workflow.js';
import type { AuditEntry, Submission } from '../applications/submission.js';
import type { MatchEndingPlan } from '../matching/index.js';
import type { Withdrawal } from './self-service-ports.js';

/**
 * What an applicant's withdrawal writes, in one transaction: the application moves to
 * `withdrawn` (a mentor's count of mentees goes: none are left) with its history entry and
 * its deletion deadline, its matches end, and staff are told.
 */
export interface WithdrawalPlan {
  applicationId: string;
  /** The move is written only if the application is still at this version, in this status. */
  expectedVersion: number;
  fromStatus: ReviewStatus;
  audit: AuditEntry;
  /** When DynamoDB's TTL deletes the withdrawn application. */
  expiresAt: Date;
  /** Its matches, ended: each other side back to review (or still matched with others). */
  ending: MatchEndingPlan;
  /** The notice to staff, with the matches the withdrawal ended. */
  notice: OutboxEmail;
}

/** Plans the withdrawal of `submission`, as read, ending its matches as `ending` says. */
export function planWithdrawal(
  submission: Submission,
  withdrawal: Withdrawal,
  ending: MatchEndingPlan,
): WithdrawalPlan {
  return {
    applicationId: submission.id,
    expectedVersion: submission.version,
    fromStatus: submission.status,
    audit: withdrawal.audit,
    expiresAt: withdrawal.expiresAt,
    ending,
    notice: staffNoticeEmail(submission.id, {
      ...withdrawal.notice,
      endedMatches: ending.ended,
    }),
  };
}
