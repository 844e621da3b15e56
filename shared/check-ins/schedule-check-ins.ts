import type { Cycle } from '../applications/cycles.js';
import {
  type CheckInFacts,
  checkInEmail,
  checkInKind,
  type OutboxEmail,
} from '../applications/outbox.js';
import {
  checkInsOf,
  currentCheckIn,
  REMINDER_AFTER_MS,
  type ScheduleEntry,
} from './check-in-schedule.js';

/** One side of an active match, as the scheduler reads it. */
export interface MatchSide {
  applicationId: string;
  /** The kinds of the outbox emails this side's application already has. */
  emailKinds: ReadonlySet<string>;
  /** The check-in numbers of this match this side has answered. */
  answered: ReadonlySet<number>;
}

/** A match still in place: a mentee with their mentor, since when, in which cycle. */
export interface ActiveMatch {
  matchId: string;
  approvedAt: string;
  cycleId?: string;
  mentee: MatchSide;
  mentor: MatchSide;
}

/**
 * The emails a match is due now: the open check-in for each side that has not had it, and
 * its one reminder for a side that had it over a week ago and has not answered. Only the
 * open check-in: one missed while the schedule was off is not sent late.
 */
export function checkInEmailsDue(
  match: ActiveMatch,
  cycle: Cycle | undefined,
  schedule: readonly ScheduleEntry[],
  now: Date,
): OutboxEmail[] {
  const open = currentCheckIn(checkInsOf(match.approvedAt, cycle, schedule), now);
  if (!open) return [];
  const emails: OutboxEmail[] = [];
  for (const [side, other] of [
    [match.mentee, match.mentor],
    [match.mentor, match.mentee],
  ] as const) {
    const facts: CheckInFacts = {
      ...open,
      matchId: match.matchId,
      withId: other.applicationId,
      reminder: false,
    };
    if (!side.emailKinds.has(checkInKind(facts))) {
      emails.push(checkInEmail(side.applicationId, facts, now));
      continue;
    }
    const reminder = { ...facts, reminder: true };
    const late = now.getTime() >= Date.parse(open.dueAt) + REMINDER_AFTER_MS;
    if (late && !side.answered.has(open.number) && !side.emailKinds.has(checkInKind(reminder))) {
      emails.push(checkInEmail(side.applicationId, reminder, now));
    }
  }
  return emails;
}

/** Storage for the scheduler: the matches in place, and the outbox. */
export interface CheckInSchedulerStore {
  activeMatches(): Promise<ActiveMatch[]>;
  /** Saves each email unless its key exists (then it was queued already); how many were new. */
  queue(emails: readonly OutboxEmail[]): Promise<number>;
}

/** Queues every check-in and reminder due now; counts the matches read and the emails queued. */
export async function scheduleCheckIns(deps: {
  store: CheckInSchedulerStore;
  calendar: { list(): Promise<Cycle[]> };
  schedule: readonly ScheduleEntry[];
  now: () => Date;
}): Promise<{ matches: number; queued: number }> {
  const [matches, cycles] = await Promise.all([deps.store.activeMatches(), deps.calendar.list()]);
  const now = deps.now();
  const byId = new Map(cycles.map((cycle) => [cycle.id, cycle]));
  const due = matches.flatMap((match) =>
    checkInEmailsDue(
      match,
      match.cycleId ? byId.get(match.cycleId) : undefined,
      deps.schedule,
      now,
    ),
  );
  const queued = due.length > 0 ? await deps.store.queue(due) : 0;
  return { matches: matches.length, queued };
}
