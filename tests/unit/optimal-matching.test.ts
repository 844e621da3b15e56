import loadHighs from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SPECIALTIES } from '../../shared/applications/schemas/choices.js';
import { DEFAULT_MATCHING_SETTINGS } from '../../shared/matching/matching-settings.js';
import {
  MatchingInputError,
  type MatchingResult,
  solveMatching,
} from '../../shared/matching/optimal-matching.js';
import { compilePairRules } from '../../shared/matching/pair-rules.js';
import type { MatchingPool, MenteeProfile, MentorProfile } from '../../shared/matching/pool.js';
import { randomPool, seededRandom } from '../support/matching-pools.js';

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highs: Highs;

beforeAll(async () => {
  highs = await loadHighs();
});

/** The must-criteria written out again, plainly, to check the solver's output against. */
function breaksMustCriteria(mentor: MentorProfile, mentee: MenteeProfile): boolean {
  return (
    !mentor.menteeStages.includes(mentee.careerStage) ||
    !mentee.languages.some((language) => mentor.languages.includes(language)) ||
    (mentee.meetingPreference === 'in_person' && mentor.meetingPreference === 'virtual') ||
    (mentee.meetingPreference === 'virtual' && mentor.meetingPreference === 'in_person')
  );
}

/**
 * The same problem for HiGHS, an independent exact solver: a 0-1 program with a variable per
 * eligible pair, each mentee at most once, each mentor within capacity, maximising
 * (matched x a weight above any total score) + total score.
 */
function oracle(pool: MatchingPool): {
  priorityMatched: number;
  matched: number;
  totalScore: number;
} {
  const rules = compilePairRules(pool, DEFAULT_MATCHING_SETTINGS);
  const weight = 101 * (pool.mentees.length + 1);
  // Priority first: a priority pair outweighs every other pair together.
  const priorityWeight = (weight + 101) * (pool.mentees.length + 1);
  const priorityPairs = new Set<string>();
  const terms: string[] = [];
  const byMentee = new Map<number, string[]>();
  const byMentor = new Map<number, string[]>();
  const scores = new Map<string, number>();
  pool.mentees.forEach((_, menteeAt) => {
    pool.mentors.forEach((_, mentorAt) => {
      if (rules.check(menteeAt, mentorAt)) return;
      const name = `x_${menteeAt}_${mentorAt}`;
      const score = rules.points(menteeAt, mentorAt);
      scores.set(name, score);
      const priority = pool.mentees[menteeAt]?.priority === true;
      if (priority) priorityPairs.add(name);
      terms.push(`${(priority ? priorityWeight : 0) + weight + score} ${name}`);
      byMentee.set(menteeAt, [...(byMentee.get(menteeAt) ?? []), name]);
      byMentor.set(mentorAt, [...(byMentor.get(mentorAt) ?? []), name]);
    });
  });
  if (terms.length === 0) return { priorityMatched: 0, matched: 0, totalScore: 0 };
  const rows = [
    ...[...byMentee].map(([at, names]) => ` e${at}: ${names.join(' + ')} <= 1`),
    ...[...byMentor].map(
      ([at, names]) => ` c${at}: ${names.join(' + ')} <= ${pool.mentors[at]?.capacity}`,
    ),
  ];
  const names = [...scores.keys()];
  const problem = `Maximize\n obj: ${terms.join(' + ')}\nSubject To\n${rows.join('\n')}\nBounds\n${names
    .map((name) => ` 0 <= ${name} <= 1`)
    .join('\n')}\nBinary\n ${names.join(' ')}\nEnd`;
  const solution = highs.solve(problem, { output_flag: false });
  expect(solution.Status).toBe('Optimal');
  let priorityMatched = 0;
  let matched = 0;
  let totalScore = 0;
  for (const name of names) {
    if (
      Math.round((solution.Columns[name] as { Primal?: number } | undefined)?.Primal ?? 0) === 1
    ) {
      if (priorityPairs.has(name)) priorityMatched++;
      matched++;
      totalScore += scores.get(name) ?? 0;
    }
  }
  return { priorityMatched, matched, totalScore };
}

function totals(result: MatchingResult, pool: MatchingPool) {
  const priority = new Set(pool.mentees.filter((mentee) => mentee.priority).map((m) => m.id));
  return {
    priorityMatched: result.pairs.filter((pair) => priority.has(pair.menteeId)).length,
    matched: result.pairs.length,
    totalScore: result.pairs.reduce((sum, pair) => sum + pair.score, 0),
  };
}

function assertFeasible(pool: MatchingPool, result: MatchingResult) {
  const mentors = new Map(pool.mentors.map((mentor) => [mentor.id, mentor]));
  const mentees = new Map(pool.mentees.map((mentee) => [mentee.id, mentee]));
  const load = new Map<string, number>();
  const seen = new Set<string>();
  for (const pair of result.pairs) {
    const mentor = mentors.get(pair.mentorId);
    const mentee = mentees.get(pair.menteeId);
    if (!mentor || !mentee) throw new Error('a pair outside the pool');
    expect(breaksMustCriteria(mentor, mentee)).toBe(false);
    expect(seen.has(mentee.id)).toBe(false);
    seen.add(mentee.id);
    load.set(mentor.id, (load.get(mentor.id) ?? 0) + 1);
    expect(load.get(mentor.id)).toBeLessThanOrEqual(mentor.capacity);
  }
  expect(seen.size + result.unmatched.length).toBe(pool.mentees.length);
}

// Each proof solves 25 pools twice (ours and HiGHS): about 1.3 s on a quiet machine, several
// times that on a CI runner busy with other suites, which must not fail it.
const PROOF_TIMEOUT_MS = 30_000;

describe('solveMatching', () => {
  it(
    'matches as many mentees as HiGHS does, with the same total score, on 25 random pools, never breaking a rule',
    () => {
      for (let seed = 1; seed <= 25; seed++) {
        const random = seededRandom(seed);
        const pool = randomPool(random, {
          mentees: 10 + Math.floor(random() * 40),
          mentors: 3 + Math.floor(random() * 15),
        });
        const result = solveMatching(pool, DEFAULT_MATCHING_SETTINGS);

        assertFeasible(pool, result);
        expect({ seed, ...totals(result, pool) }).toEqual({ seed, ...oracle(pool) });
      }
    },
    PROOF_TIMEOUT_MS,
  );

  it(
    'matches as many priority mentees as HiGHS does, then as many in all, then the same score, on 25 scarce pools',
    () => {
      let priorityMatters = 0;
      for (let seed = 101; seed <= 125; seed++) {
        const random = seededRandom(seed);
        const base = randomPool(random, {
          mentees: 15 + Math.floor(random() * 30),
          mentors: 2 + Math.floor(random() * 6),
        });
        // About a third carried over with priority; capacity well short of the mentees.
        const pool: MatchingPool = {
          mentors: base.mentors,
          mentees: base.mentees.map((mentee) =>
            random() < 0.35 ? { ...mentee, priority: true as const } : mentee,
          ),
        };
        const result = solveMatching(pool, DEFAULT_MATCHING_SETTINGS);
        const withoutPriority = solveMatching(base, DEFAULT_MATCHING_SETTINGS);

        assertFeasible(pool, result);
        expect({ seed, ...totals(result, pool) }).toEqual({ seed, ...oracle(pool) });
        // Priority costs nobody a place: the total is the most any arrangement reaches.
        expect(result.pairs.length).toBe(withoutPriority.pairs.length);
        expect(result.metrics.priorityMatched).toBe(totals(result, pool).priorityMatched);
        if (totals(withoutPriority, pool).priorityMatched < totals(result, pool).priorityMatched) {
          priorityMatters++;
        }
      }
      // The pools are scarce enough that priority changes who is matched in most of them.
      expect(priorityMatters).toBeGreaterThan(10);
    },
    PROOF_TIMEOUT_MS,
  );

  it('places a priority mentee before a better-scoring new one when only one place is left', () => {
    const pool = randomPool(seededRandom(7), { mentees: 2, mentors: 1 });
    const [mentor] = pool.mentors as [MentorProfile];
    const [first, second] = pool.mentees as [MenteeProfile, MenteeProfile];
    const oneSlot: MentorProfile = {
      ...mentor,
      capacity: 1,
      menteeStages: ['medical_student'],
      languages: ['english'],
      meetingPreference: 'either',
    };
    // The same on every must-criterion; the new mentee shares the mentor's specialty and region.
    const common = {
      careerStage: 'medical_student',
      languages: ['english'],
      meetingPreference: 'either',
      goals: [],
    };
    const newcomer: MenteeProfile = {
      ...first,
      ...common,
      specialtyInterests: [oneSlot.specialty],
      region: oneSlot.region,
    };
    const carried: MenteeProfile = {
      ...second,
      ...common,
      specialtyInterests: [],
      region: `not-${oneSlot.region}`,
    };

    const plain = solveMatching(
      { mentors: [oneSlot], mentees: [newcomer, carried] },
      DEFAULT_MATCHING_SETTINGS,
    );
    const prioritised = solveMatching(
      { mentors: [oneSlot], mentees: [newcomer, { ...carried, priority: true }] },
      DEFAULT_MATCHING_SETTINGS,
    );

    expect(plain.pairs.map((pair) => pair.menteeId)).toEqual([newcomer.id]);
    expect(prioritised.pairs.map((pair) => pair.menteeId)).toEqual([carried.id]);
    expect(prioritised.metrics).toMatchObject({ priorityMentees: 1, priorityMatched: 1 });
  });

  it('explains every pair criterion by criterion, and every unmatched mentee', () => {
    const pool = randomPool(seededRandom(99), { mentees: 60, mentors: 10 });
    const result = solveMatching(pool, DEFAULT_MATCHING_SETTINGS);

    expect(result.unmatched.length).toBeGreaterThan(0);
    for (const pair of result.pairs) {
      expect(pair.reasons.map((reason) => reason.criterion)).toEqual([
        'specialty',
        'goals',
        'region',
        'language',
        'meeting',
      ]);
      expect(pair.reasons.reduce((sum, reason) => sum + reason.points, 0)).toBe(pair.score);
      for (const reason of pair.reasons) expect(reason.text.length).toBeGreaterThan(10);
    }
    for (const mentee of result.unmatched) expect(mentee.reason).toMatch(/mentor/);
  });

  it('keeps pins (they use up capacity) and honours exclusions', () => {
    const pool = randomPool(seededRandom(7), { mentees: 30, mentors: 8 });
    const free = solveMatching(pool, DEFAULT_MATCHING_SETTINGS);
    const [first, second] = free.pairs;
    if (!first || !second) throw new Error('the pool should match at least two');

    const rerun = solveMatching(pool, DEFAULT_MATCHING_SETTINGS, {
      pinned: [{ mentorId: first.mentorId, menteeId: first.menteeId }],
      excluded: [{ mentorId: second.mentorId, menteeId: second.menteeId }],
    });

    assertFeasible(pool, rerun);
    expect(rerun.pairs).toContainEqual(
      expect.objectContaining({ mentorId: first.mentorId, menteeId: first.menteeId, pinned: true }),
    );
    expect(rerun.pairs).not.toContainEqual(
      expect.objectContaining({ mentorId: second.mentorId, menteeId: second.menteeId }),
    );
  });

  it('refuses a pin that breaks a rule, a mentee pinned twice, and pins beyond a capacity', () => {
    const mentor = (id: string, capacity: number): MentorProfile => ({
      id,
      name: id,
      capacity,
      menteeStages: ['medical_student'],
      languages: ['english'],
      meetingPreference: 'either',
      region: 'west',
      specialty: 'pediatrics',
      mentoringAreas: ['research'],
    });
    const mentee = (id: string, careerStage = 'medical_student'): MenteeProfile => ({
      id,
      name: id,
      careerStage,
      languages: ['english'],
      meetingPreference: 'virtual',
      region: 'west',
      specialtyInterests: ['pediatrics'],
      goals: ['research'],
    });
    const pool = {
      mentors: [mentor('A', 1), mentor('B', 1)],
      mentees: [mentee('x'), mentee('y'), mentee('resident', 'resident_or_fellow')],
    };

    const attempt = (pinned: { mentorId: string; menteeId: string }[]) => () =>
      solveMatching(pool, DEFAULT_MATCHING_SETTINGS, { pinned });
    expect(attempt([{ mentorId: 'A', menteeId: 'resident' }])).toThrow(MatchingInputError);
    expect(
      attempt([
        { mentorId: 'A', menteeId: 'x' },
        { mentorId: 'B', menteeId: 'x' },
      ]),
    ).toThrow(/more than one mentor/);
    expect(
      attempt([
        { mentorId: 'A', menteeId: 'x' },
        { mentorId: 'A', menteeId: 'y' },
      ]),
    ).toThrow(/capacity/);
  });

  it('reads specialties past the 32nd in the list (no 32-bit masks)', () => {
    const specialties = Object.keys(SPECIALTIES);
    expect(specialties.length).toBeGreaterThan(32);
    const late = specialties.at(-1) as string;
    const pool = randomPool(seededRandom(3), { mentees: 1, mentors: 1 });
    const [mentor] = pool.mentors;
    const [mentee] = pool.mentees;
    if (!mentor || !mentee) throw new Error('empty pool');
    Object.assign(mentor, {
      specialty: late,
      menteeStages: [mentee.careerStage],
      languages: mentee.languages,
      meetingPreference: 'either',
    });
    Object.assign(mentee, { specialtyInterests: [late, specialties[0]] });

    const [pair] = solveMatching(pool, DEFAULT_MATCHING_SETTINGS).pairs;
    expect(pair?.reasons[0]).toMatchObject({ criterion: 'specialty', points: 30 });
  });
});
