import type { EndedMatch } from '../applications/staff-notice.js';
import type { Actor, AuditEntry, Submission } from '../applications/submission.js';

/** One side of a match as it ends: a mentee, or a mentor with `count` mentees until now. */
export type EndingSide =
  | { id: string; role: 'mentee' }
  | { id: string; role: 'mentor'; count: number };

/** Where a side stands once one of its matches ends: a mentor with other mentees stays matched. */
export function statusAfterMatchEnds(side: EndingSide): 'matched' | 'under_review' {
  return side.role === 'mentor' && side.count > 1 ? 'matched' : 'under_review';
}

/** The history entry of a side whose match with `withId` ended. */
export function matchEndedEntry(
  at: string,
  by: Actor,
  side: EndingSide,
  withId: string,
): AuditEntry {
  const to = statusAfterMatchEnds(side);
  return {
    at,
    by,
    changes: {
      ...(to !== 'matched' ? { status: { from: 'matched', to } } : {}),
      match: { event: 'ended', with: withId },
    },
  };
}

/**
 * A side leaving a match: it moves to statusAfterMatchEnds(side) with `entry`, on condition
 * that it still stands as read (a mentee matched; a mentor matched with `count` mentees).
 */
export interface SideLeaving {
  side: EndingSide;
  entry: AuditEntry;
}

/** One match ending: the pair's own records go, and each side listed moves, in this order. */
export interface PairEnding {
  menteeId: string;
  mentorId: string;
  sides: SideLeaving[];
}

/** The matches to end, in order, and what staff are told of them. */
export interface MatchEndingPlan {
  pairs: PairEnding[];
  ended: EndedMatch[];
}

/** What was read of the other side of a match: its status, its count of mentees, its reference. */
export interface OtherSide {
  status: string;
  /** A mentor's count of mentees (absent reads as 1: this match). */
  matchCount?: number;
  reference: string;
}

const leaves = (side: EndingSide, at: string, by: Actor, withId: string): SideLeaving => ({
  side,
  entry: matchEndedEntry(at, by, side, withId),
});

/**
 * The matches of an application leaving the program (withdrawn or erased), from what was
 * read of each other side (`others`, by id; absent when gone): each pair's records go, and
 * each other side goes back to `under_review` for the next run (a mentor with other
 * mentees stays matched). A side no longer matched is skipped: that match has ended
 * already. The leaving side itself is the caller's to write (withdrawn, or its tombstone).
 */
export function leavingMatches(
  leaving: Pick<Submission, 'id' | 'type' | 'matches'>,
  others: ReadonlyMap<string, OtherSide>,
  at: string,
  by: Actor,
): MatchEndingPlan {
  const plan: MatchEndingPlan = { pairs: [], ended: [] };
  for (const match of leaving.matches ?? []) {
    const other = others.get(match.withId);
    if (other?.status !== 'matched') continue;
    const side: EndingSide =
      leaving.type === 'mentee'
        ? { id: match.withId, role: 'mentor', count: other.matchCount ?? 1 }
        : { id: match.withId, role: 'mentee' };
    const [menteeId, mentorId] =
      leaving.type === 'mentee' ? [leaving.id, match.withId] : [match.withId, leaving.id];
    plan.pairs.push({ menteeId, mentorId, sides: [leaves(side, at, by, leaving.id)] });
    plan.ended.push({
      withId: match.withId,
      withReference: other.reference,
      withRole: match.withRole,
      nowStatus: statusAfterMatchEnds(side),
    });
  }
  return plan;
}

/**
 * A staff member ends a mentee's match with `mentorId`, whose count of mentees was read as
 * `mentorCount`: both sides go back to review (a mentor with others stays matched).
 */
export function staffEndsMatch(
  menteeId: string,
  mentorId: string,
  mentorCount: number,
  at: string,
  by: Actor,
): PairEnding {
  return {
    menteeId,
    mentorId,
    sides: [
      leaves({ id: menteeId, role: 'mentee' }, at, by, mentorId),
      leaves({ id: mentorId, role: 'mentor', count: mentorCount }, at, by, menteeId),
    ],
  };
}
