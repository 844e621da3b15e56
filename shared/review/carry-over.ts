import type { Cycle } from '../applications/cycles.js';
import type { Actor, AuditEntry } from '../applications/submission.js';
import { mapWithBoundedConcurrency } from '../platform/bounded-concurrency.js';

/**
 * The mentees a new cycle takes over from the one before, with priority: those the earlier
 * cycle left waiting (under review or waitlisted, never matched). Matching then places as
 * many of them as it can before anyone new (the solver's first aim).
 */
export const CARRIED_STATUSES = ['under_review', 'waitlisted'] as const;

/** The cycle before `cycle`: the latest to open before it; undefined for the first. */
export function cycleBefore(cycles: readonly Cycle[], cycle: Cycle): Cycle | undefined {
  return [...cycles]
    .filter((other) => other.opensAt < cycle.opensAt)
    .sort((a, b) => a.opensAt.localeCompare(b.opensAt))
    .at(-1);
}

/** The history entry of a mentee carried from one cycle into the next. */
export function carriedOverEntry(from: Cycle, to: Cycle, by: Actor, at: Date): AuditEntry {
  return { at: at.toISOString(), by, changes: { cycle: { from: from.id, to: to.id } } };
}

/** Storage for carrying mentees over. */
export interface CarryOverStore {
  /** Ids and versions of a cycle's mentees in the carried statuses. */
  waitingMentees(cycleId: string): Promise<Array<{ id: string; version: number }>>;
  /**
   * Moves one mentee into `to` with priority, with its history entry, if it is still at
   * `version` in `from`; false when it changed meanwhile.
   */
  carry(
    mentee: { id: string; version: number },
    from: Cycle,
    to: Cycle,
    entry: AuditEntry,
  ): Promise<boolean>;
}

/** What carrying over did: from which cycle (none before), how many moved, and how many not. */
export interface CarryOverSummary {
  from: string | null;
  carried: number;
  /** Changed by someone between the read and the move: left where they were. */
  changedMeanwhile: number;
}

/** Carries the earlier cycle's waiting mentees into `cycle`; counts what was and was not. */
export async function carryOverInto(
  deps: { store: CarryOverStore; now: () => Date },
  request: { cycles: readonly Cycle[]; cycle: Cycle; actor: Actor },
): Promise<CarryOverSummary> {
  const from = cycleBefore(request.cycles, request.cycle);
  if (!from) return { from: null, carried: 0, changedMeanwhile: 0 };
  const mentees = await deps.store.waitingMentees(from.id);
  // Ten at a time: a few hundred mentees finish in well under the function's timeout.
  const moved = await mapWithBoundedConcurrency(mentees, 10, (mentee) =>
    deps.store.carry(
      mentee,
      from,
      request.cycle,
      carriedOverEntry(from, request.cycle, request.actor, deps.now()),
    ),
  );
  const carried = moved.filter(Boolean).length;
  const changedMeanwhile = moved.length - carried;
  return { from: from.id, carried, changedMeanwhile };
}
