import type { Cycle } from '../applications/cycles.js';
import type { CheckInAnswer } from './check-in-answer.js';
import { checkInsOf, type ScheduleEntry } from './check-in-schedule.js';

/** Why a match may need staff: each raised by the check-ins, each cleared by a follow-up. */
export const HEALTH_FLAGS = {
  contact_requested: 'Asked for contact',
  low_rating: 'Rated 2 or less',
  not_met: 'Not met by day 30',
  unanswered: 'Two check-ins unanswered',
} as const;

export type HealthFlag = keyof typeof HEALTH_FLAGS;

/** A note staff recorded on a match ("called the mentee; all fine"): it clears what came before. */
export interface FollowUp {
  at: string;
  by: string;
  note: string;
}

/** One side's answers to a match's check-ins, by check-in number. */
export type AnswersByNumber = ReadonlyMap<number, CheckInAnswer>;

/** What the health of a match is read from. */
export interface MatchRecord {
  approvedAt: string;
  mentee: AnswersByNumber;
  mentor: AnswersByNumber;
  followUps: readonly FollowUp[];
}

const DAY_MS = 86_400_000;

/**
 * The flags a match raises now. Each is judged on what came after the last follow-up: an
 * answer given before it, a day passed before it, was seen and dealt with.
 */
export function healthFlags(
  match: MatchRecord,
  cycle: Pick<Cycle, 'startsOn' | 'endsOn'> | undefined,
  schedule: readonly ScheduleEntry[],
  now: Date,
): HealthFlag[] {
  const since =
    match.followUps
      .map((each) => each.at)
      .sort()
      .at(-1) ?? '';
  const answers = [...match.mentee.values(), ...match.mentor.values()];
  const latest = (side: AnswersByNumber) =>
    [...side.entries()].sort(([a], [b]) => a - b).at(-1)?.[1];
  const latestFresh = [latest(match.mentee), latest(match.mentor)].filter(
    (answer): answer is CheckInAnswer => answer !== undefined && answer.answeredAt > since,
  );
  const flags: HealthFlag[] = [];
  if (latestFresh.some((answer) => answer.contactStaff)) flags.push('contact_requested');
  if (latestFresh.some((answer) => answer.rating <= 2)) flags.push('low_rating');
  const day30 = new Date(Date.parse(match.approvedAt) + 30 * DAY_MS).toISOString();
  const met = answers.some((answer) => answer.met);
  if (!met && now.toISOString() >= day30 && since < day30) flags.push('not_met');
  const closed = checkInsOf(match.approvedAt, cycle, schedule).filter(
    (checkIn) => checkIn.answerableUntil <= now.toISOString(),
  );
  const unanswered = closed.filter(
    (checkIn) => !match.mentee.has(checkIn.number) && !match.mentor.has(checkIn.number),
  );
  if (unanswered.length >= 2 && (unanswered[1]?.answerableUntil ?? '') > since) {
    flags.push('unanswered');
  }
  return flags;
}
