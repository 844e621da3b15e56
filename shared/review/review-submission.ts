import type { AddressProblems } from '../applications/address-problems.js';
import { secondsUntilSendDone } from '../applications/confirmation-schedule.js';
import {
  canMove,
  describeAllowedMoves,
  type ReviewStatus,
  retentionDeadline,
} from '../applications/review-workflow.js';
import { staffNoticeOf } from '../applications/staff-notice.js';
import {
  type Actor,
  type AuditEntry,
  type ErasedSubmission,
  isErased,
  type Submission,
} from '../applications/submission.js';
import { counted } from '../platform/text/plural-words.js';
import { tombstoneOf } from './erasure.js';
import type { StaffRepository, StoredChange, SubmissionChange } from './staff-ports.js';

/** No submission with that id (or it was erased, for changes). */
export class SubmissionNotFound extends Error {
  override name = 'SubmissionNotFound';
}

/** Someone changed the submission since the version the caller read. */
export class VersionConflict extends Error {
  override name = 'VersionConflict';
  constructor(readonly currentVersion: number) {
    super(`The submission has changed since you read it; it is now at version ${currentVersion}.`);
  }
}

/** An email to the applicant is being sent right now; erasing must wait until it is done. */
export class EmailInFlight extends Error {
  override name = 'EmailInFlight';
  constructor(readonly retryAfterSeconds: number) {
    super(
      `An email to this applicant is being sent right now. Erase again in ${counted(retryAfterSeconds, { one: 'second', other: 'seconds' })}, once it is done.`,
    );
  }
}

/** The workflow does not allow that status change. */
export class TransitionNotAllowed extends Error {
  override name = 'TransitionNotAllowed';
}

/** Loads a live (not erased) submission or throws SubmissionNotFound. */
async function liveSubmission(repository: StaffRepository, id: string): Promise<Submission> {
  const found = await repository.get(id);
  if (!found || isErased(found)) throw new SubmissionNotFound(`No submission ${id}.`);
  return found;
}

/**
 * One submission as staff open it: erased or not, and, when the applicant's address is on
 * the suppression list, why and since when (their emails, introductions included, are
 * dropped, and staff would otherwise not know).
 */
export async function showSubmission(
  deps: { repository: StaffRepository; addressProblems: AddressProblems },
  id: string,
): Promise<Submission | ErasedSubmission | undefined> {
  const found = await deps.repository.get(id);
  if (!found || isErased(found)) return found;
  const { email } = found.application;
  const problem = (await deps.addressProblems.find([email])).get(email);
  return problem ? { ...found, addressProblem: problem } : found;
}

/** What a staff change does to a submission as it stands: nothing, a refusal, or a write. */
export type ReviewChangePlan =
  | { kind: 'unchanged' }
  | { kind: 'not_allowed'; message: string }
  | { kind: 'write'; stored: StoredChange; audit: AuditEntry };

/**
 * The review workflow applied to one change: refused when the workflow does not allow the
 * move, nothing when nothing differs, or else the change to store (with the deletion
 * deadline a status change sets or clears) and its history entry. A `note` (a bulk
 * change's reason) is kept in that entry. Both a single change and a bulk change use it.
 */
export function planReviewChange(
  current: { status: ReviewStatus; notes?: string },
  change: SubmissionChange,
  context: { actor: Actor; now: Date; retentionDays: number; note?: string },
): ReviewChangePlan {
  const { status, notes } = change;
  if (status !== undefined && !canMove(current.status, status)) {
    return {
      kind: 'not_allowed',
      message: `Cannot move from ${current.status} to ${status}. ${describeAllowedMoves(current.status)}`,
    };
  }
  const changes: AuditEntry['changes'] = {};
  if (status !== undefined && status !== current.status)
    changes.status = { from: current.status, to: status };
  if (notes !== undefined && notes !== (current.notes ?? '')) changes.notes = 'changed';
  if (Object.keys(changes).length === 0) return { kind: 'unchanged' };

  const audit: AuditEntry = {
    at: context.now.toISOString(),
    by: context.actor,
    changes,
    ...(context.note !== undefined ? { note: context.note } : {}),
  };
  // A status change sets or clears the deletion deadline; a notes-only change leaves it.
  const stored: StoredChange = changes.status
    ? {
        ...change,
        expiresAt: retentionDeadline(changes.status.to, context.now, context.retentionDays),
      }
    : change;
  return { kind: 'write', stored, audit };
}

/**
 * Changes a submission's status and notes if it is still at the version the caller read,
 * enforcing the review workflow and recording who changed what.
 */
export async function updateSubmission(
  deps: { repository: StaffRepository; now: () => Date; retentionDays: number },
  request: { id: string; expectedVersion: number; change: SubmissionChange; actor: Actor },
): Promise<Submission> {
  const { repository } = deps;
  const current = await liveSubmission(repository, request.id);
  if (current.version !== request.expectedVersion) throw new VersionConflict(current.version);
  const plan = planReviewChange(current, request.change, {
    actor: request.actor,
    now: deps.now(),
    retentionDays: deps.retentionDays,
  });
  if (plan.kind === 'not_allowed') throw new TransitionNotAllowed(plan.message);
  if (plan.kind === 'unchanged') return current;
  const updated = await repository.update(
    request.id,
    request.expectedVersion,
    plan.stored,
    plan.audit,
  );
  if (updated === 'version_mismatch') {
    const latest = await liveSubmission(repository, request.id);
    throw new VersionConflict(latest.version);
  }
  return updated;
}

/**
 * Erases a submission: every personal field, its duplicate guards and any pending email go,
 * and its matches end; a tombstone records that it existed and who erased it when. With
 * `noticeToStaff` (the applicant asked), staff get a notice naming only the reference.
 * Erasing twice is a no-op.
 * While a sender holds the confirmation (it may be sending), erasure is refused with
 * EmailInFlight, so that once erasure succeeds no email for the submission can go out.
 */
export async function eraseSubmission(
  deps: { repository: Pick<StaffRepository, 'get' | 'erase'>; now: () => Date },
  request: { id: string; actor: Actor; noticeToStaff?: boolean },
): Promise<void> {
  // Erasure wins over concurrent edits: if the item changed under us, read it and try again.
  let version = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    const found = await deps.repository.get(request.id);
    if (!found) throw new SubmissionNotFound(`No submission ${request.id}.`);
    if (isErased(found)) return;
    version = found.version;
    const now = deps.now();
    const leaseUntil = Date.parse(found.sendingUntil ?? '');
    if (leaseUntil > now.getTime()) {
      // Ask for a retry when the send is likely done, not when its lease would run out.
      throw new EmailInFlight(secondsUntilSendDone(new Date(leaseUntil), now));
    }
    const tombstone = tombstoneOf(found, request.actor, now.toISOString());
    const notice = request.noticeToStaff
      ? staffNoticeOf('deleted', found, tombstone.erasedAt)
      : undefined;
    if ((await deps.repository.erase(found, tombstone, now, notice)) === 'erased') return;
  }
  throw new VersionConflict(version);
}
