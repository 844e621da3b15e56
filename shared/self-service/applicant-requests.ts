import { canMove, retentionDeadline } from '../applications/review-workflow.js';
import { staffNoticeOf } from '../applications/staff-notice.js';
import { isErased, type Submission } from '../applications/submission.js';
import { eraseSubmission, SubmissionNotFound, VersionConflict } from '../review/index.js';
import { APPLICANT_ACTOR, isApplicant } from './applicant-actor.js';
import { type LinkRefusal, verifyApplicantLink } from './applicant-link.js';
import type { SelfServiceRepository, Withdrawal } from './self-service-ports.js';

/** What an applicant's own requests need. */
export interface SelfServiceDependencies {
  repository: SelfServiceRepository;
  linkSecret: string;
  now: () => Date;
  /** Days a withdrawn application is kept before DynamoDB's TTL deletes it. */
  retentionDays: number;
}

/** What a link leads to. */
export type LinkedApplication =
  | { kind: 'refused'; reason: LinkRefusal }
  /** Erased (by the applicant or by staff), or deleted after its retention period. */
  | { kind: 'deleted'; erasedAt?: string; byApplicant: boolean }
  | { kind: 'live'; submission: Submission; linkExpiresAt: Date };

/** The application could not be withdrawn from where it stands (declined already). */
export class NotWithdrawable extends Error {
  override name = 'NotWithdrawable';
}

/** Checks a link and reads the one application it names. */
export async function openApplicantLink(
  deps: SelfServiceDependencies,
  token: unknown,
): Promise<LinkedApplication> {
  const link = verifyApplicantLink(deps.linkSecret, token, deps.now());
  if (typeof link === 'string') return { kind: 'refused', reason: link };
  const found = await deps.repository.get(link.applicationId);
  if (!found) return { kind: 'deleted', byApplicant: false };
  if (isErased(found)) {
    return { kind: 'deleted', erasedAt: found.erasedAt, byApplicant: isApplicant(found.erasedBy) };
  }
  return { kind: 'live', submission: found, linkExpiresAt: link.expiresAt };
}

/** True when the applicant may still withdraw an application in this status. */
export function canWithdraw(submission: Submission): boolean {
  return submission.status !== 'withdrawn' && canMove(submission.status, 'withdrawn');
}

/**
 * True when the application stands withdrawn by the applicant's own request: its status is
 * `withdrawn` and the history entry that moved it there is theirs (so staff were told).
 */
export function withdrawnByApplicant(submission: Submission): boolean {
  if (submission.status !== 'withdrawn') return false;
  const move = submission.history?.findLast((entry) => entry.changes.status?.to === 'withdrawn');
  return move !== undefined && isApplicant(move.by);
}

/**
 * The applicant's withdrawal of `found` at `now`: recorded as their doing, kept for
 * `retentionDays`, with a notice to staff; `already_withdrawn` when it is; NotWithdrawable
 * when its status allows no withdrawal (declined already).
 */
export function withdrawalOf(
  found: Submission,
  now: Date,
  retentionDays: number,
): Withdrawal | 'already_withdrawn' {
  if (found.status === 'withdrawn') return 'already_withdrawn';
  if (!canWithdraw(found)) {
    throw new NotWithdrawable(`An application that is ${found.status} cannot be withdrawn.`);
  }
  const at = now.toISOString();
  return {
    audit: {
      at,
      by: APPLICANT_ACTOR,
      changes: { status: { from: found.status, to: 'withdrawn' } },
    },
    expiresAt: retentionDeadline('withdrawn', now, retentionDays) ?? now,
    notice: staffNoticeOf('withdrew', found, at),
  };
}

const ATTEMPTS = 3;

/**
 * The applicant withdraws their application: `withdrawn`, recorded as their doing, kept
 * for the retention period, any match ended, and staff told through the outbox. Asking
 * twice changes nothing the second time.
 */
export async function withdrawOwnApplication(
  deps: SelfServiceDependencies,
  applicationId: string,
): Promise<'withdrawn' | 'already_withdrawn'> {
  // A staff edit between our read and our write: read again and retry; the applicant wins.
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const found = await deps.repository.get(applicationId);
    if (!found || isErased(found)) throw new SubmissionNotFound('No such application.');
    const withdrawal = withdrawalOf(found, deps.now(), deps.retentionDays);
    if (withdrawal === 'already_withdrawn') return withdrawal;
    const outcome = await deps.repository.withdraw(found, withdrawal);
    if (outcome === 'withdrawn') return 'withdrawn';
  }
  throw new VersionConflict(0);
}

/**
 * The applicant deletes their data: the same erasure staff perform (tombstone, guards and
 * unsent emails gone, matches ended), recorded as the applicant's request, with a notice
 * to staff that holds no personal data. Deleting twice is a no-op.
 */
export async function deleteOwnApplication(
  deps: SelfServiceDependencies,
  applicationId: string,
): Promise<void> {
  await eraseSubmission(
    { repository: deps.repository, now: deps.now },
    { id: applicationId, actor: APPLICANT_ACTOR, noticeToStaff: true },
  );
}
