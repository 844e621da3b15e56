/** How a pair's score is made: points per criterion (they add up to 100), and a floor. */
export interface MatchingSettings {
  version: number;
  weights: {
    /** The mentor's specialty is among the mentee's interests. */
    specialty: number;
    /** Scaled by the share of the mentee's goals the mentor can mentor in. */
    goals: number;
    /** Same region of the county. */
    region: number;
    /** A shared language other than English. */
    language: number;
    /** The same meeting preference (either way of meeting is allowed at all by the rules). */
    meeting: number;
  };
  /** Pairs scoring less are not suggested; 0 by default (no minimum). */
  minimumScore: number;
}

/** The criteria, in the order reasons are told. */
export const SCORE_CRITERIA = ['specialty', 'goals', 'region', 'language', 'meeting'] as const;
/** One scoring criterion. */
export type ScoreCriterion = (typeof SCORE_CRITERIA)[number];

/** The settings until an admin changes them: goals and specialty first, as staff pair by hand. */
export const DEFAULT_MATCHING_SETTINGS: MatchingSettings = {
  version: 1,
  weights: { specialty: 30, goals: 30, region: 15, language: 15, meeting: 10 },
  minimumScore: 0,
};

/** Why settings cannot be used, or undefined: the weights are whole numbers adding up to 100. */
export function settingsProblem(settings: Omit<MatchingSettings, 'version'>): string | undefined {
  const weights = Object.values(settings.weights);
  if (weights.some((weight) => !Number.isInteger(weight) || weight < 0)) {
    return 'Each weight must be a whole number of points, 0 or more.';
  }
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (total !== 100) return `The weights must add up to 100 (they add up to ${total}).`;
  if (
    !Number.isInteger(settings.minimumScore) ||
    settings.minimumScore < 0 ||
    settings.minimumScore > 100
  ) {
    return 'The minimum score must be a whole number from 0 to 100.';
  }
  return undefined;
}
