import type { MatchingPool, PairKey } from './pool.js';

/** How many of a group went matched. */
export interface GroupRate {
  mentees: number;
  matched: number;
  rate: number;
}

/** What staff read about a run: how many were matched against the most possible, and how well. */
export interface MatchMetrics {
  mentees: number;
  mentors: number;
  capacity: number;
  matched: number;
  /** The most mentees any arrangement can match (the run reaches it: it maximises this first). */
  maximumPossible: number;
  totalScore: number;
  minimumScore: number | null;
  p10Score: number | null;
  medianScore: number | null;
  byRegion: Record<string, GroupRate>;
  byCareerStage: Record<string, GroupRate>;
  /** Mentees carried over with priority, and how many of them the pairs match (runs stored
   * before priority existed have neither). */
  priorityMentees?: number;
  priorityMatched?: number;
}

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? null;
}

function rates(
  pool: MatchingPool,
  matched: ReadonlySet<string>,
  groupOf: (mentee: MatchingPool['mentees'][number]) => string,
): Record<string, GroupRate> {
  const groups: Record<string, GroupRate> = {};
  for (const mentee of pool.mentees) {
    const key = groupOf(mentee);
    const group = groups[key] ?? { mentees: 0, matched: 0, rate: 0 };
    groups[key] = group;
    group.mentees++;
    if (matched.has(mentee.id)) group.matched++;
  }
  for (const group of Object.values(groups)) {
    group.rate = Math.round((group.matched / group.mentees) * 1000) / 1000;
  }
  return groups;
}

/** The metrics of a set of pairs over its pool (the maximum is the optimal run's count). */
export function matchMetrics(
  pool: MatchingPool,
  pairs: ReadonlyArray<PairKey & { score: number }>,
): MatchMetrics {
  const scores = pairs.map((pair) => pair.score).sort((a, b) => a - b);
  const matched = new Set(pairs.map((pair) => pair.menteeId));
  return {
    mentees: pool.mentees.length,
    mentors: pool.mentors.length,
    capacity: pool.mentors.reduce((sum, mentor) => sum + mentor.capacity, 0),
    matched: matched.size,
    maximumPossible: matched.size,
    totalScore: scores.reduce((sum, score) => sum + score, 0),
    minimumScore: scores[0] ?? null,
    p10Score: percentile(scores, 0.1),
    medianScore: percentile(scores, 0.5),
    byRegion: rates(pool, matched, (mentee) => mentee.region),
    byCareerStage: rates(pool, matched, (mentee) => mentee.careerStage),
    priorityMentees: pool.mentees.filter((mentee) => mentee.priority).length,
    priorityMatched: pool.mentees.filter((mentee) => mentee.priority && matched.has(mentee.id))
      .length,
  };
}
