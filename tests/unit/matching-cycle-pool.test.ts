import { describe, expect, it } from 'vitest';
import type { Cycle } from '../../shared/applications/cycles.js';
import { menteeApplicationSchema } from '../../shared/applications/schemas/mentee.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import type { Submission } from '../../shared/applications/submission.js';
import type { MatchingRepository } from '../../shared/matching/matching-ports.js';
import { createRun } from '../../shared/matching/matching-service.js';
import { DEFAULT_MATCHING_SETTINGS } from '../../shared/matching/matching-settings.js';
import { aMenteeApplication, aMentorApplication } from '../support/builders.js';

const cycle = (id: string, opensAt: string, closesAt: string): Cycle => ({
  id,
  name: id,
  opensAt,
  closesAt,
  version: 1,
});
const lastYear = cycle('2026', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z');
const thisYear = cycle('2027', '2027-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z');

function submission(id: string, type: 'mentor' | 'mentee', cycleId?: string): Submission {
  return {
    id,
    reference: `LM-${id}`,
    type,
    status: 'under_review',
    createdAt: '2027-01-10T00:00:00.000Z',
    application:
      type === 'mentor'
        ? mentorApplicationSchema.parse(aMentorApplication())
        : menteeApplicationSchema.parse(aMenteeApplication()),
    ...(cycleId ? { cycleId } : {}),
    confirmation: { state: 'sent', attempts: 1 },
    version: 1,
  };
}

async function runOver(cycles: Cycle[], submissions: Submission[]) {
  const repository = {
    poolApplications: async () => ({ submissions, matchCounts: new Map() }),
    settings: async () => DEFAULT_MATCHING_SETTINGS,
    saveRun: async (run: unknown) => run,
  } as unknown as MatchingRepository;
  const run = await createRun(
    {
      repository,
      addressProblems: { find: async () => new Map() },
      now: () => new Date('2027-03-01T00:00:00Z'),
      newId: () => 'run',
      calendar: { list: async () => cycles },
    },
    { pinned: [], excluded: [], actor: { sub: 'staff', email: 'staff@example.org' } },
  );
  return run;
}

async function suggestedPairs(cycles: Cycle[], submissions: Submission[]) {
  const run = await runOver(cycles, submissions);
  return run.pairs.map((pair) => `${pair.mentorId}-${pair.menteeId}`);
}

describe('the matching pool and cycles', () => {
  const people = [
    submission('old-mentor', 'mentor', lastYear.id),
    submission('old-mentee', 'mentee', lastYear.id),
    submission('new-mentor', 'mentor', thisYear.id),
    submission('new-mentee', 'mentee', thisYear.id),
  ];

  it("matches within the current cycle only: last year's people are not in this year's pool", async () => {
    expect(await suggestedPairs([lastYear, thisYear], people)).toEqual(['new-mentor-new-mentee']);
  });

  it('places a mentee carried into this cycle with priority before a new one', async () => {
    const carried = { ...submission('carried', 'mentee', thisYear.id), priority: true as const };
    const mentor = submission('one-place', 'mentor', thisYear.id);
    const onePlace = {
      ...mentor,
      application: { ...mentor.application, capacity: 1 },
    } as Submission;
    const run = await runOver(
      [lastYear, thisYear],
      [onePlace, submission('new-mentee', 'mentee', thisYear.id), carried],
    );
    expect(run.metrics).toMatchObject({ priorityMentees: 1, priorityMatched: 1, matched: 1 });
    expect(run.pairs.map((pair) => pair.menteeId)).toEqual(['carried']);
  });

  it('matches everyone while no cycle is set up', async () => {
    const pairs = await suggestedPairs([], [submission('m', 'mentor'), submission('e', 'mentee')]);
    expect(pairs).toEqual(['m-e']);
  });
});
