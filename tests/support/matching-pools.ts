import {
  CAREER_STAGES,
  LANGUAGES,
  MEETING_PREFERENCES,
  MENTORING_AREAS,
  REGIONS,
  SPECIALTIES,
} from '../../shared/applications/schemas/choices.js';
import type { MatchingPool } from '../../shared/matching/pool.js';

/** A small seeded generator (mulberry32), so a failing pool can be made again. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random pool drawn from the real choice lists: English for most, a second language for
 * some, capacities 1 to 5. Ids sort in creation order.
 */
export function randomPool(
  random: () => number,
  size: { mentees: number; mentors: number },
): MatchingPool {
  const pick = <T extends string>(values: readonly T[]) =>
    values[Math.floor(random() * values.length)] as T;
  const some = <T extends string>(values: readonly T[], min: number, max: number) => {
    const count = min + Math.floor(random() * (max - min + 1));
    return [...new Set(Array.from({ length: count }, () => pick(values)))];
  };
  const keys = <T extends Record<string, string>>(choices: T) =>
    Object.keys(choices) as (keyof T & string)[];
  const languages = () => {
    const spoken = random() < 0.9 ? ['english'] : [];
    if (random() < 0.4 || spoken.length === 0) spoken.push(pick(keys(LANGUAGES)));
    return [...new Set(spoken)];
  };
  const id = (prefix: string, index: number) => `${prefix}${String(index).padStart(6, '0')}`;
  return {
    mentors: Array.from({ length: size.mentors }, (_, index) => ({
      id: id('MENTOR', index),
      name: `Mentor ${index}`,
      capacity: 1 + Math.floor(random() * 5),
      menteeStages: some(keys(CAREER_STAGES), 1, 3),
      languages: languages(),
      meetingPreference: pick(keys(MEETING_PREFERENCES)),
      region: pick(keys(REGIONS)),
      specialty: pick(keys(SPECIALTIES)),
      mentoringAreas: some(keys(MENTORING_AREAS), 1, 6),
    })),
    mentees: Array.from({ length: size.mentees }, (_, index) => ({
      id: id('MENTEE', index),
      name: `Mentee ${index}`,
      careerStage: pick(keys(CAREER_STAGES)),
      languages: languages(),
      meetingPreference: pick(keys(MEETING_PREFERENCES)),
      region: pick(keys(REGIONS)),
      specialtyInterests: some(keys(SPECIALTIES), 1, 3),
      goals: some(keys(MENTORING_AREAS), 1, 4),
    })),
  };
}
