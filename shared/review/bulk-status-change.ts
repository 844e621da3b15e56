import type { ReviewStatus } from '../applications/review-workflow.js';
import type { Actor } from '../applications/submission.js';
import { mapWithBoundedConcurrency } from '../platform/bounded-concurrency.js';
import type {
  BulkStatusCounts,
  BulkStatusReport,
  BulkStatusResult,
} from './bulk-status-contract.js';
import { planReviewChange } from './review-submission.js';
import type { ReviewState, StaffRepository } from './staff-ports.js';

/**
 * Conditional writes in flight at once. Each is one item (a few milliseconds), so ten at
 * once get through 500 in well under a second on DynamoDB without flooding its capacity.
 */
export const BULK_CONCURRENCY = 10;

// Applications are read a BatchGetItem (100 keys) at a time, just before they are written.
const READ_BATCH = 100;

/**
 * Moves each application to `status`, each on its own: read (a hundred at a time), checked
 * by the review workflow (planReviewChange, as a single change is), and written
 * conditionally on the version read, with its own history entry carrying `note`. One
 * application's refusal or conflict leaves the others alone, and none is ever half-written.
 * No read or write starts after `until` (what is left is `not_attempted`), so the request
 * answers within its function's time.
 */
export async function changeStatuses(
  deps: { repository: StaffRepository; now: () => Date; retentionDays: number },
  request: {
    ids: readonly string[];
    status: ReviewStatus;
    note?: string;
    actor: Actor;
    until: Date;
  },
): Promise<BulkStatusReport> {
  const { repository } = deps;
  const { status } = request;
  const outOfTime = () => deps.now() >= request.until;
  const notAttempted = (id: string): BulkStatusResult => ({
    id,
    outcome: 'not_attempted',
    reason: 'out_of_time',
  });
  const changeOne = async (
    id: string,
    current: ReviewState | 'erased' | undefined,
  ): Promise<BulkStatusResult> => {
    if (current === undefined || current === 'erased') return { id, outcome: 'not_found' };
    const plan = planReviewChange(
      current,
      { status },
      {
        actor: request.actor,
        now: deps.now(),
        retentionDays: deps.retentionDays,
        ...(request.note !== undefined ? { note: request.note } : {}),
      },
    );
    if (plan.kind === 'unchanged') {
      return {
        id,
        outcome: 'skipped',
        reason: 'already_in_status',
        currentStatus: current.status,
        message: `It is already ${status}.`,
      };
    }
    if (plan.kind === 'not_allowed') {
      return {
        id,
        outcome: 'skipped',
        reason: 'transition_not_allowed',
        currentStatus: current.status,
        message: plan.message,
      };
    }
    if (outOfTime()) return notAttempted(id);
    const written = await repository.update(id, current.version, plan.stored, plan.audit);
    if (written === 'version_mismatch') {
      return {
        id,
        outcome: 'conflict',
        reason: 'changed_meanwhile',
        message:
          'It changed while this request was working on it (or was erased); open it and try again.',
      };
    }
    return { id, outcome: 'changed', from: current.status };
  };

  const results: BulkStatusResult[] = [];
  for (let start = 0; start < request.ids.length; start += READ_BATCH) {
    const batch = request.ids.slice(start, start + READ_BATCH);
    if (outOfTime()) {
      results.push(...batch.map(notAttempted));
      continue;
    }
    const states = await repository.reviewStates(batch);
    results.push(
      ...(await mapWithBoundedConcurrency(batch, BULK_CONCURRENCY, (id) =>
        changeOne(id, states.get(id)),
      )),
    );
  }
  const counts: BulkStatusCounts = {
    changed: 0,
    skipped: 0,
    conflict: 0,
    not_found: 0,
    not_attempted: 0,
  };
  for (const result of results) counts[result.outcome]++;
  return { status, results, counts };
}
