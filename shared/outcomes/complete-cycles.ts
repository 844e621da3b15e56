import { type Cycle, type CycleCalendar, isDueForCompletion } from '../applications/cycles.js';
import type { Actor } from '../applications/submission.js';
import type { CompletionCount } from './cycle-completion.js';

/** Who completes a cycle at its end date, as its history entries say. */
export const CYCLE_END: Actor = { sub: 'cycle-end' };

/** What completing cycles needs: the calendar, and the completion of one cycle's matches. */
export interface CycleCompletionDependencies {
  calendar: Pick<CycleCalendar, 'list' | 'markCompleted'>;
  completion: {
    complete(cycle: Pick<Cycle, 'id' | 'name'>, at: Date, by: Actor): Promise<CompletionCount>;
  };
  now: () => Date;
}

/** One cycle completed: which, and what it did. */
export interface CycleCompleted extends CompletionCount {
  cycleId: string;
  completedAt: string;
}

/**
 * Completes the matches of `cycle`, and records the cycle completed unless some mentor's
 * matches kept changing under the write (then the next run, or staff, finish it).
 */
async function completeOne(
  deps: CycleCompletionDependencies,
  cycle: Cycle,
  by: Actor,
): Promise<CycleCompleted> {
  const at = deps.now();
  const count = await deps.completion.complete(cycle, at, by);
  if (count.skipped === 0) await deps.calendar.markCompleted(cycle.id, at);
  return { cycleId: cycle.id, completedAt: at.toISOString(), ...count };
}

/**
 * Run by its schedule: every cycle past its end date and not yet completed has its matches
 * completed. Idempotent: a completed match is no longer in place, and each evaluation email
 * is keyed by its cycle, so a second run (or two at once) changes and sends nothing more.
 */
export async function completeDueCycles(
  deps: CycleCompletionDependencies,
): Promise<CycleCompleted[]> {
  const now = deps.now();
  const due = (await deps.calendar.list()).filter((cycle) => isDueForCompletion(cycle, now));
  const done: CycleCompleted[] = [];
  for (const cycle of due) done.push(await completeOne(deps, cycle, CYCLE_END));
  return done;
}

/** Why staff cannot complete a cycle now. */
export type CompletionRefusal = 'not_found' | 'already_completed' | 'applications_open';

/**
 * Staff complete a cycle before (or without) its end date. Not while its applications are
 * still open: those applicants would be left waiting on a finished program.
 */
export async function completeCycleNow(
  deps: CycleCompletionDependencies,
  cycleId: string,
  by: Actor,
): Promise<CycleCompleted | CompletionRefusal> {
  const cycle = (await deps.calendar.list()).find((each) => each.id === cycleId);
  if (!cycle) return 'not_found';
  if (cycle.completedAt) return 'already_completed';
  if (deps.now().getTime() < Date.parse(cycle.closesAt)) return 'applications_open';
  return completeOne(deps, cycle, by);
}
