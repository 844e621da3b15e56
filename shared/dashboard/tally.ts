import type { EmailState } from '../applications/outbox.js';
import { CAREER_STAGES } from '../applications/schemas/choices.js';
import type { Submission } from '../applications/submission.js';

/**
 * What one stored item adds to its cycle's aggregate: the cycle (`none` without one) and
 * counters by name (`status|mentee|matched`: 1). The aggregator keeps this beside each item
 * it counted, so a change is applied as "take away what it added, add what it adds now":
 * exact whatever the order or number of times a stream record arrives.
 */
export interface Contribution {
  cycle: string;
  counters: Record<string, number>;
}

/** The aggregate of applications received with no cycle set up. */
export const NO_CYCLE = 'none';

/** Statuses that have left the program: their people no longer count as mentees or places. */
const LEFT = new Set(['declined', 'withdrawn']);

const losAngelesDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The counter names, one place for their spelling. */
export const counterName = {
  applied: (type: string, day: string) => `applied|${type}|${day}`,
  status: (type: string, status: string) => `status|${type}|${status}`,
  carried: (type: string) => `carried|${type}`,
  stage: (stage: string) => `stage|${stage}`,
  region: (region: string) => `region|${region}`,
  places: (stage: string) => `places|${stage}`,
  email: (state: string) => `email|${state}`,
};

/** What an application counts for; nothing once erased (its tombstone counts for nothing). */
export function applicationContribution(submission: Submission): Contribution {
  const { type, status, application } = submission;
  // A mentee carried over applied in an earlier cycle: counted apart, not on an old day.
  const counters: Record<string, number> = {
    [submission.carriedOverFrom
      ? counterName.carried(type)
      : counterName.applied(type, losAngelesDay.format(new Date(submission.createdAt)))]: 1,
    [counterName.status(type, status)]: 1,
  };
  const answers = application as unknown as Record<string, unknown>;
  if (!LEFT.has(status)) {
    if (type === 'mentee') {
      counters[counterName.stage(String(answers.careerStage))] = 1;
      counters[counterName.region(String(answers.region))] = 1;
    } else {
      const capacity = Number(answers.capacity ?? 0);
      const stages = Array.isArray(answers.menteeStages)
        ? answers.menteeStages
        : Object.keys(CAREER_STAGES);
      for (const stage of stages) counters[counterName.places(String(stage))] = capacity;
    }
  }
  return { cycle: submission.cycleId ?? NO_CYCLE, counters };
}

/** What an outbox email counts for: its state, in its application's cycle. */
export function emailContribution(state: EmailState, cycle: string | undefined): Contribution {
  return { cycle: cycle ?? NO_CYCLE, counters: { [counterName.email(state)]: 1 } };
}

/**
 * The changes to make to each cycle's counters when items move from what they added
 * (`before`) to what they add now (`after`): by cycle, then counter; zeros left out.
 */
export function tallyChanges(
  moves: ReadonlyArray<{ before?: Contribution; after?: Contribution }>,
): Map<string, Map<string, number>> {
  const changes = new Map<string, Map<string, number>>();
  const add = (contribution: Contribution | undefined, sign: 1 | -1) => {
    if (!contribution) return;
    const cycle = changes.get(contribution.cycle) ?? new Map<string, number>();
    changes.set(contribution.cycle, cycle);
    for (const [name, count] of Object.entries(contribution.counters)) {
      cycle.set(name, (cycle.get(name) ?? 0) + sign * count);
    }
  };
  for (const { before, after } of moves) {
    add(before, -1);
    add(after, 1);
  }
  for (const [cycle, counters] of changes) {
    for (const [name, count] of counters) if (count === 0) counters.delete(name);
    if (counters.size === 0) changes.delete(cycle);
  }
  return changes;
}

/** Whether two contributions are the same (nothing to write). */
export function sameContribution(a: Contribution | undefined, b: Contribution | undefined) {
  if (!a || !b) return a === b;
  if (a.cycle !== b.cycle) return false;
  const keys = Object.keys(a.counters);
  return (
    keys.length === Object.keys(b.counters).length &&
    keys.every((key) => a.counters[key] === b.counters[key])
  );
}
