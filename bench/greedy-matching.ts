import type { MatchingSettings } from '../shared/matching/matching-settings.js';
import { compilePairRules } from '../shared/matching/pair-rules.js';
import type { MatchingPool } from '../shared/matching/pool.js';

/**
 * The baseline a hand-made spreadsheet approximates: every eligible pair, best score first,
 * taken while both sides are free. Fast, and short of the optimum in matches and score.
 */
export function greedyMatching(pool: MatchingPool, settings: MatchingSettings) {
  const rules = compilePairRules(pool, settings);
  const candidates: Array<{ menteeAt: number; mentorAt: number; score: number }> = [];
  pool.mentees.forEach((_, menteeAt) => {
    pool.mentors.forEach((_, mentorAt) => {
      if (!rules.check(menteeAt, mentorAt)) {
        candidates.push({ menteeAt, mentorAt, score: rules.points(menteeAt, mentorAt) });
      }
    });
  });
  candidates.sort((a, b) => b.score - a.score);
  const left = pool.mentors.map((mentor) => mentor.capacity);
  const taken = new Set<number>();
  let matched = 0;
  let totalScore = 0;
  for (const { menteeAt, mentorAt, score } of candidates) {
    if (taken.has(menteeAt) || (left[mentorAt] ?? 0) < 1) continue;
    taken.add(menteeAt);
    left[mentorAt] = (left[mentorAt] ?? 0) - 1;
    matched++;
    totalScore += score;
  }
  return { matched, totalScore };
}
