import {
  type Cycle,
  type CycleCalendar,
  type CycleDetails,
  currentCycle,
  cycleProblem,
  type IntakeWindow,
  intakeWindow,
} from '../applications/cycles.js';

/** A cycle cannot be saved as given: which field, and why, in an admin's words. */
export class CycleRefused extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'CycleRefused';
  }
}

/** The cycle changed since it was read. */
export class CycleVersionConflict extends Error {
  override name = 'CycleVersionConflict';
}

/** No cycle has that id. */
export class CycleNotFound extends Error {
  override name = 'CycleNotFound';
}

/** What the cycle admin needs: the calendar, the clock, new ids. */
export interface CycleAdminDependencies {
  calendar: CycleCalendar;
  now: () => Date;
  newId: () => string;
}

/** `GET /admin/cycles`: the cycles, the one staff work on, and the forms' state. */
export interface CycleListing {
  cycles: Cycle[];
  currentCycleId: string | null;
  window: IntakeWindow['state'];
}

/** The cycles, oldest first, with the one staff work on and whether the forms are open. */
export async function listCycles(deps: CycleAdminDependencies): Promise<CycleListing> {
  const cycles = (await deps.calendar.list()).sort((a, b) => a.opensAt.localeCompare(b.opensAt));
  const now = deps.now();
  return {
    cycles,
    currentCycleId: currentCycle(cycles, now)?.id ?? null,
    window: intakeWindow(cycles, now).state,
  };
}

function refuseProblem(details: CycleDetails, others: readonly Cycle[]) {
  const problem = cycleProblem(details, others);
  if (problem) throw new CycleRefused(problem.field, problem.message);
}

/** Creates a cycle that overlaps no other's window. */
export async function createCycle(
  deps: CycleAdminDependencies,
  details: CycleDetails,
): Promise<Cycle> {
  refuseProblem(details, await deps.calendar.list());
  const cycle: Cycle = { ...details, id: deps.newId(), version: 1 };
  await deps.calendar.create(cycle);
  return cycle;
}

/** Replaces a cycle's name and dates, if nobody changed it since `expectedVersion`. */
export async function changeCycle(
  deps: CycleAdminDependencies,
  change: { id: string; expectedVersion: number; details: CycleDetails },
): Promise<Cycle> {
  const cycles = await deps.calendar.list();
  const existing = cycles.find((cycle) => cycle.id === change.id);
  if (!existing) throw new CycleNotFound('No cycle has that id.');
  if (existing.version !== change.expectedVersion) {
    throw new CycleVersionConflict('The cycle changed since you read it; read it again.');
  }
  refuseProblem(
    change.details,
    cycles.filter((cycle) => cycle.id !== change.id),
  );
  const saved = await deps.calendar.update(
    { ...change.details, id: change.id, version: existing.version },
    change.expectedVersion,
  );
  if (saved === 'not_found') throw new CycleNotFound('No cycle has that id.');
  if (saved === 'version_mismatch') {
    throw new CycleVersionConflict('The cycle changed since you read it; read it again.');
  }
  return saved;
}
