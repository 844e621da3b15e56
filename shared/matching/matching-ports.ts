import type { Actor, Submission } from '../applications/submission.js';
import type { MatchEndingOutcome, MatchEndingRequest } from './match-ending.js';
import type { MatchingSettings } from './matching-settings.js';
import type { MatchingResult, SuggestedPair } from './optimal-matching.js';
import type { PairKey } from './pool.js';

/** A stored run: what was asked, by whom, and what it suggested. */
export interface MatchingRun extends MatchingResult {
  id: string;
  createdAt: string;
  createdBy: Actor;
  pinned: PairKey[];
  excluded: PairKey[];
  /**
   * People erased since the run was made, taken out of it (see run-erasure); its metrics
   * stay those of the run as made.
   */
  erasedSinceRun?: number;
}

/** What became of approving one pair. */
export type ApprovalOutcome =
  | 'approved'
  | 'already_approved'
  | 'mentee_taken'
  | 'not_in_pool'
  | 'mentor_full'
  | 'excluded';

/** What one approval request did: each pair it settled, and how many it left for the next. */
export interface ApprovalReport {
  /** The pairs settled by this request, in the run's order, each with its outcome. */
  outcomes: Array<PairKey & { outcome: ApprovalOutcome }>;
  /** Pairs asked for and not yet settled (time ran out, or others kept changing them). */
  remaining: number;
}

/** One try at approving a pair: its outcome, or `retry` when a concurrent change held it up. */
export type ApprovalAttempt = ApprovalOutcome | 'retry';

/** A batch of a run's pairs to approve together, by whom and when. */
export interface ApprovalBatch {
  runId: string;
  pairs: readonly SuggestedPair[];
  /** A new id for each pair's match, in the same order: its introductions are keyed by it. */
  matchIds: readonly string[];
  at: Date;
  actor: Actor;
}

/** What matching needs from storage. */
export interface MatchingRepository {
  /** Every application that may be in the pool, and each matched mentor's count of mentees. */
  poolApplications(): Promise<{ submissions: Submission[]; matchCounts: Map<string, number> }>;
  /** The current scoring settings (the defaults until an admin saves some). */
  settings(): Promise<MatchingSettings>;
  /** Saves new settings over `expectedVersion`, as the next version. */
  saveSettings(
    settings: Omit<MatchingSettings, 'version'>,
    expectedVersion: number,
  ): Promise<MatchingSettings | 'version_mismatch'>;
  /**
   * Stores a run (kept for RUN_LIFETIME_DAYS) and returns it as stored: without anyone
   * erased since its pool was read.
   */
  saveRun(run: MatchingRun): Promise<MatchingRun>;
  findRun(id: string): Promise<MatchingRun | undefined>;
  /** How many pairs `approvePairs` takes at once. */
  readonly approvalBatchSize: number;
  /**
   * Approves up to `approvalBatchSize` pairs, no two with the same mentor or mentee, in one
   * transaction: each becomes a match (a mentee has one; a mentor at most their capacity),
   * both applications go to `matched` with a history entry, and an introduction email to
   * each goes into the outbox. Pairs that cannot be approved are refused from a consistent
   * read (approvalRefusal), so approving a pair again changes and sends nothing. Answers an
   * outcome per pair, in order, or `retry` for a pair a concurrent change held up.
   */
  approvePairs(batch: ApprovalBatch): Promise<ApprovalAttempt[]>;
  /**
   * Ends a mentee's match for a reason: both back to under review (a mentor with other
   * mentees stays matched), the mentee with priority and the mentor left out for them as
   * asked (staffEndsMatch). Retried on concurrent changes; `changed_meanwhile` when they
   * kept coming.
   */
  endMatch(
    menteeId: string,
    request: MatchEndingRequest,
    at: Date,
    actor: Actor,
  ): Promise<MatchEndingOutcome | 'not_matched' | 'changed_meanwhile'>;
}
