import { describe, expect, it } from 'vitest';
import type { MatchingRun } from '../../shared/matching/matching-ports.js';
import type { SuggestedPair } from '../../shared/matching/optimal-matching.js';
import {
  MENTOR_ERASED_REASON,
  RUN_LIFETIME_DAYS,
  runExpiresAt,
  runWithout,
} from '../../shared/matching/run-erasure.js';

const pair = (mentorId: string, menteeId: string, words: string): SuggestedPair => ({
  mentorId,
  menteeId,
  score: 70,
  reasons: [{ criterion: 'language', points: 15, outOf: 15, text: `Both speak ${words}` }],
});

function aRun(): MatchingRun {
  return {
    id: 'run-1',
    createdAt: '2026-05-01T17:00:00.000Z',
    createdBy: { sub: 'staff-1' },
    settingsVersion: 1,
    pinned: [{ mentorId: 'mentor-a', menteeId: 'mentee-a' }],
    excluded: [{ mentorId: 'mentor-b', menteeId: 'mentee-a' }],
    pairs: [
      { ...pair('mentor-a', 'mentee-a', 'Tagalog'), pinned: true },
      pair('mentor-a', 'mentee-b', 'Tagalog'),
      pair('mentor-b', 'mentee-c', 'Spanish'),
    ],
    unmatched: [{ menteeId: 'mentee-d', reason: 'No mentor in the pool is eligible.' }],
    metrics: {
      mentees: 4,
      mentors: 2,
      capacity: 3,
      matched: 3,
      maximumPossible: 3,
      totalScore: 210,
      minimumScore: 70,
      p10Score: 70,
      medianScore: 70,
      byRegion: {},
      byCareerStage: {},
    },
  };
}

describe('runWithout', () => {
  it('takes an erased mentor out of every part of a run; their mentees are unmatched, saying why', () => {
    const run = aRun();
    const cleaned = runWithout(run, new Set(['mentor-a']));

    expect(cleaned?.pairs).toEqual([pair('mentor-b', 'mentee-c', 'Spanish')]);
    expect(cleaned?.unmatched).toEqual([
      run.unmatched[0],
      { menteeId: 'mentee-a', reason: MENTOR_ERASED_REASON },
      { menteeId: 'mentee-b', reason: MENTOR_ERASED_REASON },
    ]);
    expect(cleaned?.pinned).toEqual([]);
    expect(cleaned?.excluded).toEqual(run.excluded);
    expect(cleaned?.erasedSinceRun).toBe(1);
    expect(JSON.stringify(cleaned)).not.toMatch(/mentor-a|Tagalog/);
    // The figures stay those of the run as made; erasedSinceRun says why they differ.
    expect(cleaned?.metrics).toEqual(run.metrics);
  });

  it('takes erased mentees out of pairs, the unmatched, pins and exclusions, counting each once', () => {
    const cleaned = runWithout(aRun(), new Set(['mentee-a', 'mentee-d', 'not-in-run']));

    expect(cleaned?.pairs.map((kept) => kept.menteeId)).toEqual(['mentee-b', 'mentee-c']);
    expect(cleaned?.unmatched).toEqual([]);
    expect(cleaned?.pinned).toEqual([]);
    expect(cleaned?.excluded).toEqual([]);
    expect(cleaned?.erasedSinceRun).toBe(2);
    expect(runWithout(cleaned as MatchingRun, new Set(['mentee-b']))?.erasedSinceRun).toBe(3);
  });

  it('is undefined for a run none of them is in: nothing to rewrite', () => {
    expect(runWithout(aRun(), new Set(['someone-else']))).toBeUndefined();
    expect(runWithout(aRun(), new Set())).toBeUndefined();
  });

  it(`keeps a run ${RUN_LIFETIME_DAYS} days`, () => {
    expect(runExpiresAt('2026-05-01T17:00:00.000Z').toISOString()).toBe('2026-05-31T17:00:00.000Z');
  });
});
