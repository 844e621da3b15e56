import type { Cycle } from '../applications/cycles.js';

/** One check-in of the schedule: so many days after the match, or halfway through the program. */
export type ScheduleEntry = { days: number } | { midCycle: true };

const DAY_MS = 86_400_000;
/** A reminder goes once, this long after a check-in nobody answered. */
export const REMINDER_AFTER_MS = 7 * DAY_MS;
/** The last check-in can be answered for this long; each other one until the next is due. */
export const LAST_ANSWERABLE_MS = 60 * DAY_MS;

/**
 * Reads a schedule as staff write it: days after the match and `mid-cycle`, comma
 * separated ("30,mid-cycle"); a message naming the first wrong entry otherwise.
 */
export function parseCheckInSchedule(text: string): ScheduleEntry[] | string {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return 'Give at least one check-in, such as 30,mid-cycle.';
  if (entries.length > 6) return 'At most six check-ins.';
  const parsed: ScheduleEntry[] = [];
  for (const entry of entries) {
    if (entry === 'mid-cycle') parsed.push({ midCycle: true });
    else if (/^\d{1,3}$/.test(entry) && Number(entry) >= 1) parsed.push({ days: Number(entry) });
    else return `"${entry}" is neither a number of days (1 to 999) nor mid-cycle.`;
  }
  return parsed;
}

/** One check-in of one match: which of how many, when it is due, until when it is answered. */
export interface ScheduledCheckIn {
  number: number;
  of: number;
  dueAt: string;
  answerableUntil: string;
}

/** Halfway between the program's first and last days, at 9 AM in Los Angeles (17:00 UTC). */
function midCycleOf(cycle: Pick<Cycle, 'startsOn' | 'endsOn'> | undefined): number | undefined {
  if (!cycle?.startsOn || !cycle.endsOn) return undefined;
  const start = Date.parse(`${cycle.startsOn}T17:00:00Z`);
  const end = Date.parse(`${cycle.endsOn}T17:00:00Z`);
  return start + Math.round((end - start) / 2 / DAY_MS) * DAY_MS;
}

/**
 * A match's check-ins, in order: each entry's day after `approvedAt` (mid-cycle only when
 * the cycle has its program's dates, and only if it falls after the match), one per day.
 */
export function checkInsOf(
  approvedAt: string,
  cycle: Pick<Cycle, 'startsOn' | 'endsOn'> | undefined,
  schedule: readonly ScheduleEntry[],
): ScheduledCheckIn[] {
  const matched = Date.parse(approvedAt);
  const times = schedule
    .map((entry) => ('days' in entry ? matched + entry.days * DAY_MS : midCycleOf(cycle)))
    .filter((time): time is number => time !== undefined && time > matched);
  const distinct = [...new Set(times)].sort((a, b) => a - b);
  return distinct.map((time, index) => ({
    number: index + 1,
    of: distinct.length,
    dueAt: new Date(time).toISOString(),
    answerableUntil: new Date(distinct[index + 1] ?? time + LAST_ANSWERABLE_MS).toISOString(),
  }));
}

/** The check-in open now: the latest one due and still answerable; undefined between or after. */
export function currentCheckIn(
  checkIns: readonly ScheduledCheckIn[],
  now: Date,
): ScheduledCheckIn | undefined {
  const at = now.toISOString();
  return checkIns.findLast((checkIn) => checkIn.dueAt <= at && at < checkIn.answerableUntil);
}
