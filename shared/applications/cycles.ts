import { formatLosAngelesTime, fromLosAngelesWallTime } from '../platform/text/los-angeles-time.js';

/**
 * One year of the program: when applications are taken, and optionally when matching
 * happens and when the program runs. Instants are ISO 8601 UTC; days are `YYYY-MM-DD`.
 */
export interface Cycle {
  id: string;
  name: string;
  opensAt: string;
  closesAt: string;
  /** The day staff match mentees to mentors. */
  matchingOn?: string;
  /** The program's first and last days. */
  startsOn?: string;
  endsOn?: string;
  version: number;
  /** When its matches were completed (at the end date, or when staff completed it). */
  completedAt?: string;
}

/** How a cycle's id is spelled (ids are made by the service; `none` names no cycle). */
export const CYCLE_ID = /^[\w-]{1,64}$/;

/** What an admin gives to create or change a cycle. */
export type CycleDetails = Omit<Cycle, 'id' | 'version' | 'completedAt'>;

/**
 * A form opened before the close and sent within this long after it is still taken, so
 * nobody loses what they typed to the clock.
 */
export const CLOSING_GRACE_MS = 30 * 60 * 1000;

/** Whether the forms take applications now, and in which cycle. */
export type IntakeWindow =
  /** No cycle is configured: a new install takes applications with no setup. */
  | { state: 'always' }
  | { state: 'open'; cycle: Cycle }
  | { state: 'upcoming'; cycle: Cycle }
  | { state: 'closed'; cycle: Cycle };

const byOpening = (cycles: readonly Cycle[]) =>
  [...cycles].sort((a, b) => a.opensAt.localeCompare(b.opensAt));

/** The window at `now`: the open cycle, else the next to open, else the last to close. */
export function intakeWindow(cycles: readonly Cycle[], now: Date): IntakeWindow {
  if (cycles.length === 0) return { state: 'always' };
  const at = now.toISOString();
  const sorted = byOpening(cycles);
  const open = sorted.find((cycle) => cycle.opensAt <= at && at < cycle.closesAt);
  if (open) return { state: 'open', cycle: open };
  const next = sorted.find((cycle) => cycle.opensAt > at);
  if (next) return { state: 'upcoming', cycle: next };
  return { state: 'closed', cycle: sorted.at(-1) as Cycle };
}

/** What a posted application meets: taken (in a cycle, or with none set up), or refused. */
export type PostVerdict =
  | { accepted: true; cycle?: Cycle }
  | { accepted: false; window: Exclude<IntakeWindow, { state: 'open' | 'always' }> };

/**
 * Whether a post at `now` is taken. Inside a window it is; within CLOSING_GRACE_MS after a
 * close it is if its form was opened before the close (the form token says when; without the
 * fill-time defence nothing does, and the grace is given).
 */
export function verdictOnPost(
  cycles: readonly Cycle[],
  now: Date,
  formOpenedAt?: Date,
): PostVerdict {
  const window = intakeWindow(cycles, now);
  if (window.state === 'always') return { accepted: true };
  if (window.state === 'open') return { accepted: true, cycle: window.cycle };
  const at = now.getTime();
  const justClosed = cycles.find((cycle) => {
    const closes = Date.parse(cycle.closesAt);
    return closes <= at && at <= closes + CLOSING_GRACE_MS;
  });
  if (
    justClosed &&
    (formOpenedAt === undefined || formOpenedAt.getTime() < Date.parse(justClosed.closesAt))
  ) {
    return { accepted: true, cycle: justClosed };
  }
  return { accepted: false, window };
}

/**
 * The cycle staff work on by default: the open one, else the last one opened (its matching
 * follows the close), else the next to open; undefined with none.
 */
export function currentCycle(cycles: readonly Cycle[], now: Date): Cycle | undefined {
  const window = intakeWindow(cycles, now);
  if (window.state === 'always') return undefined;
  if (window.state === 'open') return window.cycle;
  const at = now.toISOString();
  const opened = byOpening(cycles).filter((cycle) => cycle.opensAt <= at);
  return opened.at(-1) ?? window.cycle;
}

/** Why a cycle cannot be saved beside the others, in words an admin reads; or undefined. */
export function cycleProblem(
  details: CycleDetails,
  others: readonly Cycle[],
): { field: keyof CycleDetails; message: string } | undefined {
  if (details.closesAt <= details.opensAt) {
    return { field: 'closesAt', message: 'Applications must close after they open.' };
  }
  if (details.startsOn && details.endsOn && details.endsOn < details.startsOn) {
    return { field: 'endsOn', message: 'The program must end on or after the day it starts.' };
  }
  const graceEnd = (cycle: { closesAt: string }) =>
    new Date(Date.parse(cycle.closesAt) + CLOSING_GRACE_MS).toISOString();
  const overlapping = others.find(
    (other) => details.opensAt < graceEnd(other) && other.opensAt < graceEnd(details),
  );
  if (overlapping) {
    return {
      field: 'opensAt',
      message: `Its window overlaps ${overlapping.name} (${formatLosAngelesTime(overlapping.opensAt)} to ${formatLosAngelesTime(overlapping.closesAt)}, with ${CLOSING_GRACE_MS / 60_000} minutes' grace): a post must belong to one cycle.`,
    };
  }
  if (others.some((other) => other.name.trim() === details.name.trim())) {
    return { field: 'name', message: `Another cycle is already called ${details.name.trim()}.` };
  }
  return undefined;
}

/** Storage for cycles: few (one a year), read whole. */
export interface CycleCalendar {
  list(): Promise<Cycle[]>;
  create(cycle: Cycle): Promise<void>;
  /** Replaces a cycle if it is still at `expectedVersion`; `version_mismatch` otherwise. */
  update(cycle: Cycle, expectedVersion: number): Promise<Cycle | 'version_mismatch' | 'not_found'>;
  /** Records that a cycle's matches were completed at `at`; the first record stands. */
  markCompleted(cycleId: string, at: Date): Promise<void>;
}

/**
 * When a cycle's program is over: the start of the day after its last day, in Los Angeles.
 * Undefined for a cycle with no end date (staff complete it themselves).
 */
export function cycleEndsAt(cycle: Pick<Cycle, 'endsOn'>): Date | undefined {
  if (!cycle.endsOn) return undefined;
  const next = new Date(Date.parse(`${cycle.endsOn}T12:00:00Z`) + 86_400_000);
  const wallTime = `${next.toISOString().slice(0, 10)}T00:00`;
  const instant = fromLosAngelesWallTime(wallTime);
  return instant ? new Date(instant) : undefined;
}

/** Whether a cycle is over and its matches not yet completed. */
export function isDueForCompletion(cycle: Cycle, now: Date): boolean {
  const endsAt = cycleEndsAt(cycle);
  return !cycle.completedAt && endsAt !== undefined && now.getTime() >= endsAt.getTime();
}
