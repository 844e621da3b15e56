import type { MatchEndReason } from '../applications/match-end-reasons.js';
import type { EndedMatch } from '../applications/staff-notice.js';
import type {
  Actor,
  AuditEntry,
  ExcludedMentor,
  MatchView,
  Submission,
} from '../applications/submission.js';

/**
 * One side of a match as it ends: a mentee (who keeps their primary mentor when only their
 * colleague's match ends), or a mentor with `count` mentees until now (colleague matches
 * count: a colleague's place is one of their own).
 */
export type EndingSide =
  | { id: string; role: 'mentee'; keepsPrimary?: true }
  | { id: string; role: 'mentor'; count: number };

/**
 * Where a side stands once one of its matches ends: a mentor with other mentees stays
 * matched, and so does a mentee whose colleague leaves while their primary mentor stays.
 */
export function statusAfterMatchEnds(side: EndingSide): 'matched' | 'under_review' {
  if (side.role === 'mentee') return side.keepsPrimary ? 'matched' : 'under_review';
  return side.count > 1 ? 'matched' : 'under_review';
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
 * ended it (the reason, the note, and what follows for the pair); `secondary` for a
 * colleague's match.
 */
export function matchEndedEntry(
  at: string,
  by: Actor,
  side: EndingSide,
  withId: string,
  words?: EndingWords,
  secondary = false,
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
        ...(secondary ? { secondary: true as const } : {}),
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

/**
 * One match ending: the pair's own records go, and each side listed moves, in this order. A
 * side may be listed in more than one pair of a plan (a mentee whose primary and colleague
 * matches end together; a colleague of two mentees of a mentor who leaves): the writes
 * move it once, by all of them (matchEndingWrites).
 */
export interface PairEnding {
  menteeId: string;
  mentorId: string;
  /**
   * A colleague's (secondary) match, by its id: it has no guard of its own (the mentee's
   * names the primary mentor), so only its two views go; while the primary match stays
   * (`primaryStays`), the primary's two views forget the colleague.
   */
  secondary?: { matchId: string; primaryMentorId: string; primaryStays: boolean };
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

const leaves = (
  side: EndingSide,
  at: string,
  by: Actor,
  withId: string,
  secondary = false,
): SideLeaving => ({
  side,
  entry: matchEndedEntry(at, by, side, withId, undefined, secondary),
});

/**
 * A mentor's count as each of a plan's endings finds it: a mentor who leaves two matches in
 * one plan is read once, and their second ending starts from one fewer.
 */
function mentorCounts() {
  const ended = new Map<string, number>();
  return (id: string, read: number | undefined) => {
    const before = ended.get(id) ?? 0;
    ended.set(id, before + 1);
    return (read ?? 1) - before;
  };
}

/**
 * The matches of an application leaving the program (withdrawn or erased), from what was
 * read of each other side (`others`, by id; absent when gone): each pair's records go, and
 * each other side goes back to `under_review` for the next run (a mentor with other
 * mentees stays matched). A side no longer matched is skipped: that match has ended
 * already. The leaving side itself is the caller's to write (withdrawn, or its tombstone).
 *
 * Colleagues' matches end too: a leaving mentee's own (the colleague's count goes down), a
 * leaving colleague's (the mentee keeps their primary mentor), and, when a primary mentor
 * leaves, the colleague brought in for each of their mentees (`others` holds those
 * colleagues too): a colleague comes with the primary match, never without it.
 */
export function leavingMatches(
  leaving: Pick<Submission, 'id' | 'type' | 'matches'>,
  others: ReadonlyMap<string, OtherSide>,
  at: string,
  by: Actor,
): MatchEndingPlan {
  const plan: MatchEndingPlan = { pairs: [], ended: [] };
  const countOf = mentorCounts();
  for (const match of leaving.matches ?? []) {
    const other = others.get(match.withId);
    if (other?.status !== 'matched') continue;
    if (match.secondary) {
      plan.pairs.push(leavingColleagueMatch(leaving, match, other, countOf, at, by));
      plan.ended.push({
        withId: match.withId,
        withReference: other.reference,
        withRole: match.withRole,
        nowStatus: statusAfterMatchEnds(plan.pairs.at(-1)?.sides[0]?.side as EndingSide),
        colleague: {},
      });
      continue;
    }
    const side: EndingSide =
      leaving.type === 'mentee'
        ? { id: match.withId, role: 'mentor', count: countOf(match.withId, other.matchCount) }
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
    // A primary mentor leaving: their mentee's colleague match ends with theirs.
    const colleague = leaving.type === 'mentor' ? match.colleague : undefined;
    const colleagueSide = colleague ? others.get(colleague.mentorId) : undefined;
    if (colleague && colleagueSide?.status === 'matched') {
      const ending = colleagueEndsWithPrimary(
        { menteeId: match.withId, primaryMentorId: leaving.id, ...colleague },
        countOf(colleague.mentorId, colleagueSide.matchCount),
        at,
        by,
      );
      plan.pairs.push(ending);
      plan.ended.push({
        withId: colleague.mentorId,
        withReference: colleagueSide.reference,
        withRole: 'mentor',
        nowStatus: statusAfterMatchEnds(ending.sides[0]?.side as EndingSide),
        colleague: { forReference: other.reference },
      });
    }
  }
  return plan;
}

/**
 * A colleague's match ending because one of its two sides leaves: the mentee (the
 * colleague's count goes down; the primary match ends beside it) or the colleague (the
 * mentee keeps their primary mentor, whose views forget the colleague).
 */
function leavingColleagueMatch(
  leaving: Pick<Submission, 'id' | 'type'>,
  match: MatchView,
  other: OtherSide,
  countOf: (id: string, read: number | undefined) => number,
  at: string,
  by: Actor,
): PairEnding {
  const menteeLeaves = leaving.type === 'mentee';
  const side: EndingSide = menteeLeaves
    ? { id: match.withId, role: 'mentor', count: countOf(match.withId, other.matchCount) }
    : { id: match.withId, role: 'mentee', keepsPrimary: true };
  return {
    menteeId: menteeLeaves ? leaving.id : match.withId,
    mentorId: menteeLeaves ? match.withId : leaving.id,
    secondary: {
      matchId: match.matchId ?? '',
      primaryMentorId: match.primaryMentorId ?? '',
      primaryStays: !menteeLeaves,
    },
    sides: [leaves(side, at, by, leaving.id, true)],
  };
}

/**
 * The colleague's match of a mentee whose primary match ends in the same plan: the
 * colleague's count goes down (back under review at none), and the mentee's history says
 * the colleague's match ended too (their status is the primary ending's).
 */
function colleagueEndsWithPrimary(
  match: { menteeId: string; primaryMentorId: string; mentorId: string; matchId: string },
  colleagueCount: number,
  at: string,
  by: Actor,
): PairEnding {
  return colleagueEnding(match, colleagueCount, at, by, false);
}

/** A colleague match ending, with the primary match (`primaryStays` false) or alone. */
function colleagueEnding(
  match: { menteeId: string; primaryMentorId: string; mentorId: string; matchId: string },
  colleagueCount: number,
  at: string,
  by: Actor,
  primaryStays: boolean,
): PairEnding {
  const colleague: EndingSide = { id: match.mentorId, role: 'mentor', count: colleagueCount };
  const mentee: EndingSide = { id: match.menteeId, role: 'mentee', keepsPrimary: true };
  const colleagueLeaves = leaves(colleague, at, by, match.menteeId, true);
  const menteeLeaves = leaves(mentee, at, by, match.mentorId, true);
  return {
    menteeId: match.menteeId,
    mentorId: match.mentorId,
    secondary: { matchId: match.matchId, primaryMentorId: match.primaryMentorId, primaryStays },
    sides: primaryStays ? [menteeLeaves, colleagueLeaves] : [colleagueLeaves, menteeLeaves],
  };
}

/**
 * A staff member ends a mentee's match with `mentorId`, whose count of mentees was read as
 * `mentorCount`, for `request.reason`: both sides go back to review (a mentor with others
 * stays matched), each history entry saying why. With `returnToPool` the mentee gets
 * priority in the next run; the mentor is left out for the mentee as leavesMentorOut says.
 * The mentee's `colleague`, if any (read with the match, with their count), ends with it: the
 * primary pair, then the colleague's.
 */
export function staffEndsMatch(
  menteeId: string,
  mentorId: string,
  mentorCount: number,
  at: string,
  by: Actor,
  request: MatchEndingRequest,
  colleague?: { mentorId: string; matchId: string; count: number },
): PairEnding[] {
  const excluded = leavesMentorOut(request);
  const words: EndingWords = {
    reason: request.reason,
    ...(request.note ? { note: request.note } : {}),
    excluded,
    priority: request.returnToPool,
  };
  const mentee: EndingSide = { id: menteeId, role: 'mentee' };
  const mentor: EndingSide = { id: mentorId, role: 'mentor', count: mentorCount };
  const primary: PairEnding = {
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
  // The colleague came for this match: their match ends with it.
  return colleague
    ? [
        primary,
        colleagueEndsWithPrimary(
          { menteeId, primaryMentorId: mentorId, ...colleague },
          colleague.count,
          at,
          by,
        ),
      ]
    : [primary];
}

/**
 * Staff end only a mentee's colleague match (the colleague's count read as
 * `colleagueCount`): the colleague goes back to review unless they have other mentees, the
 * mentee keeps their primary mentor, and both histories say so.
 */
export function staffEndsColleague(
  match: { menteeId: string; mentorId: string; matchId: string; primaryMentorId: string },
  colleagueCount: number,
  at: string,
  by: Actor,
): PairEnding {
  return colleagueEnding(match, colleagueCount, at, by, true);
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
  /** The colleague whose match ended with this one, and their status now. */
  colleague?: { mentorId: string; mentorStatus: 'matched' | 'under_review' };
}

/** The mentor's status once a pair's ending is written. */
const mentorStatusAfter = (ending: PairEnding | undefined) => {
  const mentor = ending?.sides.find((leaving) => leaving.side.role === 'mentor');
  return mentor ? statusAfterMatchEnds(mentor.side) : 'under_review';
};

/** The outcome of a staff ending, from its plan (the primary pair, then any colleague's). */
export function endingOutcome(
  endings: readonly PairEnding[],
  request: MatchEndingRequest,
): MatchEndingOutcome {
  const [ending, colleague] = endings;
  return {
    menteeId: ending?.menteeId ?? '',
    mentorId: ending?.mentorId ?? '',
    reason: request.reason,
    returnedToPool: request.returnToPool,
    mentorExcluded: leavesMentorOut(request),
    mentorStatus: mentorStatusAfter(ending),
    ...(colleague
      ? { colleague: { mentorId: colleague.mentorId, mentorStatus: mentorStatusAfter(colleague) } }
      : {}),
  };
}

/** What ending only a colleague's match did, as the API answers it. */
export interface ColleagueEndingOutcome {
  menteeId: string;
  mentorId: string;
  /** The colleague's status now: still `matched` while they have other mentees. */
  mentorStatus: 'matched' | 'under_review';
}

/** The outcome of ending a colleague's match, from its plan. */
export function colleagueEndingOutcome(ending: PairEnding): ColleagueEndingOutcome {
  return {
    menteeId: ending.menteeId,
    mentorId: ending.mentorId,
    mentorStatus: mentorStatusAfter(ending),
  };
}
