import * as z from 'zod/mini';
import type { Cycle } from '../applications/cycles.js';
import type { CheckInAnswer } from './check-in-answer.js';
import { checkInsOf, type ScheduleEntry } from './check-in-schedule.js';
import { type FollowUp, type HealthFlag, healthFlags, type MatchRecord } from './match-health.js';

/** One side of a match as staff see it on the Matches page. */
export interface MatchPerson {
  id: string;
  reference: string;
  name: string;
}

/**
 * A colleague brought in as a second mentor for a stated need, beside the primary match:
 * who, since when, for what. The check-ins stay the primary match's.
 */
export interface MatchColleague {
  matchId: string;
  since: string;
  need: string;
  /** The specialty the need asked for, when staff named one. */
  specialty?: string;
  person: MatchPerson;
}

/** A match as read from storage: who, since when, its answers and follow-ups. */
export interface StoredMatch extends MatchRecord {
  matchId: string;
  cycleId?: string;
  menteePerson: MatchPerson;
  mentorPerson: MatchPerson;
  colleague?: MatchColleague;
}

/** One check-in of a match with each side's answer (absent when not given). */
export interface CheckInRow {
  number: number;
  dueAt: string;
  mentee?: CheckInAnswer;
  mentor?: CheckInAnswer;
}

/** A match on the Matches page: the pair, its flags, its check-ins so far and follow-ups. */
export interface MatchHealthView {
  matchId: string;
  approvedAt: string;
  mentee: MatchPerson;
  mentor: MatchPerson;
  flags: HealthFlag[];
  checkIns: CheckInRow[];
  followUps: FollowUp[];
  /** The colleague brought in for the mentee, if any. */
  colleague?: MatchColleague;
}

/** Storage for the Matches page. */
export interface MatchesStore {
  /** Every match in place of the cycle (all of them when undefined). */
  matchesIn(cycleId: string | undefined): Promise<StoredMatch[]>;
  /** Records a follow-up on the mentee's match, if that match is still the one named. */
  addFollowUp(
    menteeId: string,
    matchId: string,
    followUp: FollowUp,
  ): Promise<'added' | 'not_matched'>;
}

/** The match as the page shows it, with its flags now and its check-ins due so far. */
export function matchHealthView(
  match: StoredMatch,
  cycle: Cycle | undefined,
  schedule: readonly ScheduleEntry[],
  now: Date,
): MatchHealthView {
  // Those due so far, and any answered (a schedule changed since can leave one answered early).
  const due = checkInsOf(match.approvedAt, cycle, schedule).filter(
    (checkIn) =>
      checkIn.dueAt <= now.toISOString() ||
      match.mentee.has(checkIn.number) ||
      match.mentor.has(checkIn.number),
  );
  return {
    matchId: match.matchId,
    approvedAt: match.approvedAt,
    mentee: match.menteePerson,
    mentor: match.mentorPerson,
    flags: healthFlags(match, cycle, schedule, now),
    checkIns: due.map((checkIn) => {
      const mentee = match.mentee.get(checkIn.number);
      const mentor = match.mentor.get(checkIn.number);
      return {
        number: checkIn.number,
        dueAt: checkIn.dueAt,
        ...(mentee ? { mentee } : {}),
        ...(mentor ? { mentor } : {}),
      };
    }),
    followUps: [...match.followUps].sort((a, b) => b.at.localeCompare(a.at)),
    ...(match.colleague ? { colleague: match.colleague } : {}),
  };
}

/** The Matches page: the cycle's matches, those with flags first, then the newest. */
export async function listMatchHealth(
  deps: { store: MatchesStore; schedule: readonly ScheduleEntry[]; now: () => Date },
  cycle: Cycle | undefined,
): Promise<MatchHealthView[]> {
  const now = deps.now();
  const matches = await deps.store.matchesIn(cycle?.id);
  return matches
    .map((match) => matchHealthView(match, cycle, deps.schedule, now))
    .sort((a, b) => b.flags.length - a.flags.length || b.approvedAt.localeCompare(a.approvedAt));
}

/** `POST /admin/matches/{menteeId}/follow-ups`: which match, and what staff did. */
export const followUpSchema = z.strictObject({
  matchId: z.string().check(z.regex(/^[\w-]{1,64}$/, 'matchId must be the id of a match.')),
  note: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'Say what you did, such as: called the mentee; all fine.'),
      z.maxLength(500, 'Keep the note to 500 characters or fewer.'),
    ),
});
