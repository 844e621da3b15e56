import { munkres } from 'munkres';
import { agreeing, counted, type WordForms } from '../platform/text/plural-words.js';
import { type MatchMetrics, matchMetrics } from './match-metrics.js';
import type { MatchingSettings } from './matching-settings.js';
import { compilePairRules, type Ineligibility, type Reason } from './pair-rules.js';
import type { MatchingPool, PairKey } from './pool.js';

/** A suggested pair, with its score explained. */
export interface SuggestedPair extends PairKey {
  score: number;
  reasons: Reason[];
  /** Staff fixed this pair before the run. */
  pinned?: true;
}

/** A mentee the run leaves without a mentor, and why. */
export interface UnmatchedMentee {
  menteeId: string;
  reason: string;
}

/** What a run suggests. */
export interface MatchingResult {
  pairs: SuggestedPair[];
  unmatched: UnmatchedMentee[];
  metrics: MatchMetrics;
  settingsVersion: number;
}

/** Pins or exclusions that cannot be honoured, each said in words. */
export class MatchingInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(' '));
    this.name = 'MatchingInputError';
  }
}

// What so many mentors have in common, the verb agreeing with their number.
const INELIGIBLE_WORDS: Record<Ineligibility, WordForms> = {
  match_ended: {
    one: 'mentor is left out because staff ended their match with the mentee',
    other: 'mentors are left out because staff ended their matches with the mentee',
  },
  career_stage: {
    one: "mentor does not take the mentee's career stage",
    other: "mentors do not take the mentee's career stage",
  },
  no_shared_language: {
    one: 'mentor shares no language with the mentee',
    other: 'mentors share no language with the mentee',
  },
  meeting_mode: {
    one: 'mentor meets only in a way the mentee cannot',
    other: 'mentors meet only in a way the mentee cannot',
  },
  excluded: {
    one: 'mentor was excluded by staff',
    other: 'mentors were excluded by staff',
  },
  below_minimum: {
    one: 'mentor scores below the minimum',
    other: 'mentors score below the minimum',
  },
};

/**
 * The optimal matching of a pool: as many priority mentees (carried over from an earlier
 * cycle, or returned to the pool when their match ended) matched as possible, then as many
 * mentees in all, then the highest total score, never breaking a must-criterion or a
 * capacity (a mentor left out after an ended match included), keeping pins and honouring
 * exclusions.
 * Exact: the Hungarian algorithm (`munkres`) on mentees against mentor capacity slots,
 * minimising `top - weight`, where an eligible pair weighs its score, plus a step worth
 * more than every score together, plus (for a priority mentee) a step worth more than every
 * other weight together; a mentee on a slot it is not eligible for is unmatched (weight 0).
 * (Matching the most priority mentees costs no one else a place: in a bipartite matching
 * an augmenting path never unmatches anyone, so the total can still reach its maximum.)
 */
export function solveMatching(
  pool: MatchingPool,
  settings: MatchingSettings,
  options: { pinned?: readonly PairKey[]; excluded?: readonly PairKey[] } = {},
): MatchingResult {
  const rules = compilePairRules(pool, settings, options.excluded ?? []);
  const remaining = pool.mentors.map((mentor) => mentor.capacity);
  const pinnedMentees = new Set<number>();
  const pairs: SuggestedPair[] = [];
  const problems: string[] = [];

  for (const pin of options.pinned ?? []) {
    const menteeAt = rules.menteeIndex.get(pin.menteeId);
    const mentorAt = rules.mentorIndex.get(pin.mentorId);
    if (menteeAt === undefined || mentorAt === undefined) {
      problems.push(`Pinned pair ${pin.mentorId} and ${pin.menteeId} is not in the pool.`);
      continue;
    }
    const broken = rules.check(menteeAt, mentorAt);
    if (broken && broken !== 'below_minimum') {
      problems.push(
        `${pool.mentees[menteeAt]?.name} cannot be pinned to ${pool.mentors[mentorAt]?.name}: ${rules.describeIneligibility(broken, menteeAt, mentorAt)}.`,
      );
    } else if (pinnedMentees.has(menteeAt)) {
      problems.push(`${pool.mentees[menteeAt]?.name} is pinned to more than one mentor.`);
    } else if ((remaining[mentorAt] ?? 0) < 1) {
      problems.push(`${pool.mentors[mentorAt]?.name} has more pins than their capacity.`);
    } else {
      pinnedMentees.add(menteeAt);
      remaining[mentorAt] = (remaining[mentorAt] ?? 0) - 1;
      pairs.push({ ...pin, ...rules.explain(menteeAt, mentorAt), pinned: true });
    }
  }
  if (problems.length > 0) throw new MatchingInputError(problems);

  const rows = pool.mentees.map((_, index) => index).filter((index) => !pinnedMentees.has(index));
  const slots: number[] = [];
  remaining.forEach((capacity, mentorAt) => {
    for (let slot = 0; slot < capacity; slot++) slots.push(mentorAt);
  });
  // Whole numbers: with up to 10,000 mentees the largest total stays far below 2^53, so
  // float64 sums are exact and no lower level can outweigh a higher one.
  const matchedStep = 101 * (rows.length + 1);
  const priorityStep = (matchedStep + 101) * (rows.length + 1);
  const unmatchedCost = priorityStep + matchedStep + 101;
  const weightOf = (menteeAt: number, mentorAt: number) =>
    (pool.mentees[menteeAt]?.priority ? priorityStep : 0) +
    matchedStep +
    rules.points(menteeAt, mentorAt);
  const matched = new Set<number>();
  if (rows.length > 0 && slots.length > 0) {
    // Each mentor's cost is worked out once per mentee and copied to its slots.
    const mentorCost = new Float64Array(pool.mentors.length);
    const matrix = rows.map((menteeAt) => {
      for (let mentorAt = 0; mentorAt < pool.mentors.length; mentorAt++) {
        mentorCost[mentorAt] = rules.check(menteeAt, mentorAt)
          ? unmatchedCost
          : unmatchedCost - weightOf(menteeAt, mentorAt);
      }
      const row = new Float64Array(slots.length);
      for (let column = 0; column < slots.length; column++) {
        row[column] = mentorCost[slots[column] ?? 0] ?? unmatchedCost;
      }
      return row;
    });
    for (const [row, column] of munkres(matrix)) {
      const menteeAt = rows[row];
      const mentorAt = slots[column];
      if (menteeAt === undefined || mentorAt === undefined) continue;
      if ((matrix[row]?.[column] ?? unmatchedCost) >= unmatchedCost) continue;
      matched.add(menteeAt);
      const mentee = pool.mentees[menteeAt];
      const mentor = pool.mentors[mentorAt];
      if (!mentee || !mentor) continue;
      pairs.push({
        mentorId: mentor.id,
        menteeId: mentee.id,
        ...rules.explain(menteeAt, mentorAt),
      });
    }
  }

  const unmatched = rows
    .filter((menteeAt) => !matched.has(menteeAt))
    .map((menteeAt) => ({
      menteeId: pool.mentees[menteeAt]?.id ?? '',
      reason: whyUnmatched(pool, rules, menteeAt),
    }));
  return {
    pairs,
    unmatched,
    metrics: matchMetrics(pool, pairs),
    settingsVersion: settings.version,
  };
}

function whyUnmatched(
  pool: MatchingPool,
  rules: ReturnType<typeof compilePairRules>,
  menteeAt: number,
): string {
  if (pool.mentors.length === 0) return 'There are no mentors in the pool.';
  const ruledOut = new Map<Ineligibility, number>();
  let eligible = 0;
  pool.mentors.forEach((_, mentorAt) => {
    const broken = rules.check(menteeAt, mentorAt);
    if (broken) ruledOut.set(broken, (ruledOut.get(broken) ?? 0) + 1);
    else eligible++;
  });
  if (eligible === 0) {
    const parts = [...ruledOut].map(([reason, count]) => counted(count, INELIGIBLE_WORDS[reason]));
    return `No mentor in the pool is eligible: ${parts.join('; ')}.`;
  }
  const atCapacity = agreeing(eligible, {
    one: 'The one eligible mentor is',
    other: `All ${eligible.toLocaleString('en-US')} eligible mentors are`,
  });
  return `${atCapacity} at capacity with other mentees: no arrangement matches more mentees, or the same number with a higher total score.`;
}
