import type { ReviewStatus } from '../applications/review-workflow.js';

/**
 * What a bulk status change takes and answers: its bounds and the shape of its report,
 * shared by the API and the console (this file imports only a type, so the console's
 * bundle takes these numbers and nothing else).
 */
export const BULK_LIMITS = {
  /**
   * The most applications one change may name: at ten writes in flight, 500 take about a
   * second on DynamoDB, well inside the function's 10 s.
   */
  maxIds: 500,
  /** The longest note kept with each application's history entry. */
  noteMaxLength: 500,
} as const;

/** What happened to one application of a bulk change. */
export type BulkStatusResult =
  | { id: string; outcome: 'changed'; from: ReviewStatus }
  | {
      id: string;
      outcome: 'skipped';
      /** Already in that status, or the workflow does not allow the move from where it is. */
      reason: 'already_in_status' | 'transition_not_allowed';
      currentStatus: ReviewStatus;
      message: string;
    }
  | {
      id: string;
      outcome: 'conflict';
      /** It changed between this request's read and its write (someone else saved it). */
      reason: 'changed_meanwhile';
      message: string;
    }
  | { id: string; outcome: 'not_found' }
  | {
      id: string;
      outcome: 'not_attempted';
      /** The request ran out of time before it got to this one: send it again. */
      reason: 'out_of_time';
    };

/** Each outcome, counted. */
export type BulkStatusCounts = Record<BulkStatusResult['outcome'], number>;

/** The answer of a bulk change: every id's outcome, in the order asked, and the counts. */
export interface BulkStatusReport {
  status: ReviewStatus;
  results: BulkStatusResult[];
  counts: BulkStatusCounts;
}
