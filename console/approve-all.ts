import type { ApprovalOutcome, ApprovalReport } from '../shared/matching/matching-ports.js';
import type { PairKey } from '../shared/matching/pool.js';
import { agreeing, counted } from '../shared/platform/text/plural-words.js';
import { ApiProblem } from './admin-api.js';

/** Where approving a run stands: each settled pair's outcome, and how many are left. */
export interface ApprovalProgress {
  /** Outcomes by `mentorId:menteeId`. */
  outcomes: Record<string, ApprovalOutcome>;
  total: number;
  remaining: number;
}

/** The key a pair's outcome is kept under. */
export const pairKeyOf = (pair: PairKey) => `${pair.mentorId}:${pair.menteeId}`;

/**
 * Keeps a request's outcomes: the first one heard for a pair stands, so a pair approved by
 * this request and read again as `already_approved` by the next one still says approved.
 */
export function withOutcomes(progress: ApprovalProgress, report: ApprovalReport): ApprovalProgress {
  const outcomes = { ...progress.outcomes };
  for (const pair of report.outcomes) outcomes[pairKeyOf(pair)] ??= pair.outcome;
  return { ...progress, outcomes, remaining: report.remaining };
}

/**
 * Approves a whole run, a request at a time: each answers what it approved and how many
 * pairs remain, and approving is idempotent, so the same request again continues. Stops
 * when nothing remains, or with a problem when a request settles nothing more (the pairs
 * left keep changing); `onProgress` hears after every request.
 */
export async function approveAllPairs(
  approve: () => Promise<ApprovalReport>,
  start: ApprovalProgress,
  onProgress: (progress: ApprovalProgress) => void,
): Promise<ApprovalProgress> {
  let progress = start;
  for (;;) {
    const before = progress.remaining;
    progress = withOutcomes(progress, await approve());
    onProgress(progress);
    if (progress.remaining === 0) return progress;
    if (progress.remaining >= before) {
      throw new ApiProblem(
        409,
        'approval_stalled',
        `${counted(progress.remaining, { one: 'pair keeps', other: 'pairs keep' })} changing while we approve; try Approve all again in a moment.`,
      );
    }
  }
}

const isApproved = (outcome: ApprovalOutcome) =>
  outcome === 'approved' || outcome === 'already_approved';

/** What a person reads of the progress: "Approved 120 of 300 pairs…", then the summary. */
export function approvalProgressText(progress: ApprovalProgress, working: boolean): string {
  const outcomes = Object.values(progress.outcomes);
  const approved = outcomes.filter(isApproved).length;
  const refused = outcomes.length - approved;
  const head = `Approved ${approved.toLocaleString('en-US')} of ${counted(progress.total, { one: 'pair', other: 'pairs' })}`;
  if (working) return `${head}…`;
  const parts = [`${head}.`];
  if (refused > 0) {
    parts.push(
      `${counted(refused, { one: 'was', other: 'were' })} not approved; ${agreeing(refused, { one: 'its row says', other: 'each row says' })} why.`,
    );
  }
  if (progress.remaining > 0) {
    parts.push(
      `${counted(progress.remaining, { one: 'is', other: 'are' })} still to do: Approve all again continues.`,
    );
  }
  return parts.join(' ');
}
