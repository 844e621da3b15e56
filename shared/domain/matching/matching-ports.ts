import type { Actor, Submission } from '../submission.js';
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
}

/** What became of approving one pair. */
export type ApprovalOutcome =
  | 'approved'
  | 'already_approved'
  | 'mentee_taken'
  | 'not_in_pool'
  | 'mentor_full';

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
  saveRun(run: MatchingRun): Promise<void>;
  findRun(id: string): Promise<MatchingRun | undefined>;
  /**
   * In one transaction: the match (a mentee has one; a mentor at most their capacity),
   * both applications to `matched` with a history entry, and an introduction email to each
   * in the outbox. Approving a pair again changes and sends nothing.
   */
  approvePair(input: {
    runId: string;
    pair: SuggestedPair;
    at: Date;
    actor: Actor;
  }): Promise<ApprovalOutcome>;
  /**
   * Ends a mentee's match: both back to under review (a mentor with other mentees stays
   * matched). Retried on concurrent changes; `changed_meanwhile` when they kept coming.
   */
  endMatch(
    menteeId: string,
    at: Date,
    actor: Actor,
  ): Promise<'ended' | 'not_matched' | 'changed_meanwhile'>;
}
