import type { MatchEndReason } from '../applications/match-end-reasons.js';
import type { EndedMatch } from '../applications/staff-notice.js';
import type { Actor, AuditEntry, ExcludedMentor, Submission } from '../applications/submission.js';

/** One side of a match as it ends: a mentee, or a mentor with `count` mentees until now. */
export type EndingSide =
  | { id: string; role: 'mentee' }
  | { id: string; role: 'mentor'; count: number };

/** Where a side stands once one of its matches ends: a mentor with other mentees stays matched. */
export function statusAfterMatchEnds(side: EndingSide): 'matched' | 'under_review' {
  return side.role === 'mentor' && side.count > 1 ? 'matched' : 'under_review';
}

/**
 * How staff end a match: why (with a note only for `other`), and whether the mentee goes
 * back to the pool with priority for the next run.
 */
export interface MatchEndingRequest {
  reason: MatchEndReason;
  note?: string;
  returnToPool: boolean;
}

/**
 * Whether ending a match leaves the mentor out of the mentee's later runs. Always when the
 * mentee goes back with priority: nothing about the pair changed, so the next run would
 * most likely propose the same mentor straight away, and a mentee sent back to be
 * rematched expects someone new. And whenever the pair was not a good fit, whatever
 * happens next to the mentee. Schedules, changed goals or an early finish say nothing
 * against the pair, so staff may still see them suggested together later.
 */
export function leavesMentorOut(request: Pick<MatchEndingRequest, 'reason' | 'returnToPool'>) {
  return request.returnToPool || request.reason === 'fit';
}

/** What staff said of an ending, kept in each side's history entry. */
interface EndingWords {
  reason: MatchEndReason;
  note?: string;
  /** The pair is left out of later runs. */
  excluded: boolean;
  /** The mentee goes back with priority (said in the mentee's entry only). */
  priority: boolean;
}

/**
 * The history entry of a side whose match with `withId` ended; with `words` when staff
 * ended it (the reason, the note, and what follows for the pair).
 */
export function matchEndedEntry(
  at: string,
  by: Actor,
  side: EndingSide,
  withId: string,
  words?: EndingWords,
): AuditEntry {
  const to = statusAfterMatchEnds(side);
  return {
    at,
    by,
    changes: {
      ...(to !== 'matched' ? { status: { from: 'matched', to } } : {}),
      match: {
        event: 'ended',
        with: withId,
        ...(words ? { reason: words.reason } : {}),
        ...(words?.excluded ? { excluded: true as const } : {}),
        ...(words?.priority && side.role === 'mentee' ? { priority: true as const } : {}),
      },
    },
    ...(words?.note ? { note: words.note } : {}),
  };
}

/**
 * A side leaving a match: it moves to statusAfterMatchEnds(side) with `entry`, on condition
 * that it still stands as read (a mentee matched; a mentor matched with `count` mentees).
 * A mentee may also get priority in matching and a mentor left out of their later runs.
 */
export interface SideLeaving {
  side: EndingSide;
  entry: AuditEntry;
  /** Back in the pool with priority (a mentee). */
  priority?: true;
  /** This mentor is never suggested for the mentee again (a mentee). */
  excludes?: ExcludedMentor;
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
 * `mentorCount`, for `request.reason`: both sides go back to review (a mentor with others
 * stays matched), each history entry saying why. With `returnToPool` the mentee gets
 * priority in the next run; the mentor is left out for the mentee as leavesMentorOut says.
 */
export function staffEndsMatch(
  menteeId: string,
  mentorId: string,
  mentorCount: number,
  at: string,
  by: Actor,
  request: MatchEndingRequest,
): PairEnding {
  const excluded = leavesMentorOut(request);
  const words: EndingWords = {
    reason: request.reason,
    ...(request.note ? { note: request.note } : {}),
    excluded,
    priority: request.returnToPool,
  };
  const mentee: EndingSide = { id: menteeId, role: 'mentee' };
  const mentor: EndingSide = { id: mentorId, role: 'mentor', count: mentorCount };
  return {
    menteeId,
    mentorId,
    sides: [
      {
        side: mentee,
        entry: matchEndedEntry(at, by, mentee, mentorId, words),
        ...(request.returnToPool ? { priority: true as const } : {}),
        ...(excluded ? { excludes: { mentorId, endedAt: at, reason: request.reason } } : {}),
      },
      { side: mentor, entry: matchEndedEntry(at, by, mentor, menteeId, words) },
    ],
  };
}

/** What ending a match did, as the API answers it. */
export interface MatchEndingOutcome {
  menteeId: string;
  mentorId: string;
  reason: MatchEndReason;
  /** The mentee is back under review with priority for the next run. */
  returnedToPool: boolean;
  /** The mentor is never suggested for this mentee again. */
  mentorExcluded: boolean;
  /** The mentor's status now: still `matched` while they have other mentees. */
  mentorStatus: 'matched' | 'under_review';
}

/** The outcome of a staff ending, from its plan. */
export function endingOutcome(ending: PairEnding, request: MatchEndingRequest): MatchEndingOutcome {
  const mentor = ending.sides.find((leaving) => leaving.side.role === 'mentor');
  return {
    menteeId: ending.menteeId,
    mentorId: ending.mentorId,
    reason: request.reason,
    returnedToPool: request.returnToPool,
    mentorExcluded: leavesMentorOut(request),
    mentorStatus: mentor ? statusAfterMatchEnds(mentor.side) : 'under_review',
  };
}
