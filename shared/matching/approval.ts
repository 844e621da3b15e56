import type { ApprovalOutcome } from './matching-ports.js';
import { type PairKey, POOL_STATUSES } from './pool.js';

/** A side of a pair as approval reads it, just before writing; absent when gone or erased. */
export interface ApprovalSide {
  status: string;
  /** The mentor's count of mentees now (absent until their first match). */
  matchCount?: number;
  /** The mentor's own answer: how many mentees they will take. */
  capacity?: number;
  /** A mentee's earlier mentors left out for them (their match was ended). */
  excludedMentorIds?: readonly string[];
}

/** What approval reads of a pair: who the mentee is matched with now, and both applications. */
export interface PairState {
  matchedMentorId?: string;
  mentee?: ApprovalSide;
  mentor?: ApprovalSide;
}

const inPool = (status: string) => (POOL_STATUSES as readonly string[]).includes(status);

/**
 * Why a pair cannot be approved now, from what was just read, or undefined when it can. In
 * order: the mentee already has this mentor (approving again changes nothing) or another;
 * either side has left the pool (withdrawn, declined, erased, or a mentee matched some other
 * way); staff ended this pair's match and left the mentor out for the mentee (`excluded`:
 * a run made before the ending may still suggest them); the mentor has no room left. A
 * mentor who has left is `not_in_pool` whatever their count, never `mentor_full`.
 */
export function approvalRefusal(pair: PairKey, state: PairState): ApprovalOutcome | undefined {
  if (state.matchedMentorId !== undefined) {
    return state.matchedMentorId === pair.mentorId ? 'already_approved' : 'mentee_taken';
  }
  const { mentee, mentor } = state;
  if (!mentee || !inPool(mentee.status)) return 'not_in_pool';
  if (!mentor || !(inPool(mentor.status) || mentor.status === 'matched')) return 'not_in_pool';
  if (mentee.excludedMentorIds?.includes(pair.mentorId)) return 'excluded';
  if ((mentor.matchCount ?? 0) >= (mentor.capacity ?? 0)) return 'mentor_full';
  return undefined;
}

/**
 * The next pairs to approve together: up to `size` of `pending`, in order, no two with the
 * same mentor (each pair's write checks and counts the mentor's capacity, and one write
 * cannot touch an item twice). A mentor's next pair waits for a later batch.
 */
export function nextApprovalBatch<P extends PairKey>(pending: readonly P[], size: number): P[] {
  const mentors = new Set<string>();
  const batch: P[] = [];
  for (const pair of pending) {
    if (batch.length >= size) break;
    if (mentors.has(pair.mentorId)) continue;
    mentors.add(pair.mentorId);
    batch.push(pair);
  }
  return batch;
}
