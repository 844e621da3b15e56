import { matchEndReasonPhrase } from '../applications/match-end-reasons.js';
import {
  CAREER_STAGES,
  LANGUAGES,
  MEETING_PREFERENCES,
  MENTORING_AREAS,
  REGIONS,
  SPECIALTIES,
} from '../applications/schemas/choices.js';
import { type MatchingSettings, SCORE_CRITERIA, type ScoreCriterion } from './matching-settings.js';
import type { MatchingPool, PairKey } from './pool.js';

/** The must-criterion that rules a pair out. */
export type Ineligibility =
  | 'match_ended'
  | 'career_stage'
  | 'no_shared_language'
  | 'meeting_mode'
  | 'excluded'
  | 'below_minimum';

/** Why a pair scored what it did, criterion by criterion, in words. */
export interface Reason {
  criterion: ScoreCriterion;
  points: number;
  outOf: number;
  text: string;
}

/** A scored pair's explanation. */
export interface PairExplanation {
  score: number;
  reasons: Reason[];
}

const label = (choices: Record<string, string>, value: string) => choices[value] ?? value;
const list = (choices: Record<string, string>, values: readonly string[]) =>
  values.map((value) => label(choices, value)).join(', ');

// Career stages as a group of people, for "the mentor takes …".
const STAGE_PLURALS: Record<keyof typeof CAREER_STAGES, string> = {
  medical_student: 'medical students',
  resident_or_fellow: 'residents or fellows',
  early_career_physician: 'early-career physicians',
};
const stagePlural = (stage: string) =>
  STAGE_PLURALS[stage as keyof typeof STAGE_PLURALS] ?? label(CAREER_STAGES, stage).toLowerCase();
const andList = new Intl.ListFormat('en-US', { type: 'conjunction' });

/** How many of the mentee's goals the mentor can help with, in words that agree. */
function goalsText(goals: readonly string[], shared: readonly string[]): string {
  if (goals.length === 1) {
    return shared.length === 1
      ? `The mentor can help with the mentee's one goal: ${list(MENTORING_AREAS, shared)}`
      : `The mentor cannot help with the mentee's one goal (${list(MENTORING_AREAS, goals)})`;
  }
  return shared.length > 0
    ? `The mentor can help with ${shared.length} of the mentee's ${goals.length} goals: ${list(MENTORING_AREAS, shared)}`
    : `The mentor can help with none of the mentee's goals (${list(MENTORING_AREAS, goals)})`;
}

/** Interns strings as small integers, so rules compare numbers and flags (no 32-bit masks). */
class Interner {
  private readonly ids = new Map<string, number>();
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(value, id);
    }
    return id;
  }
  get size() {
    return this.ids.size;
  }
}

function flags(ids: readonly number[], size: number): Uint8Array {
  const set = new Uint8Array(size);
  for (const id of ids) set[id] = 1;
  return set;
}

/**
 * The pair rules over one pool, compiled once: must-criteria and points as integer and flag
 * comparisons, fast enough to score millions of pairs. `check` says which must-criterion a
 * pair breaks (or none); `points` adds up the score; `explain` tells it in words.
 */
export function compilePairRules(
  pool: MatchingPool,
  settings: MatchingSettings,
  excluded: readonly PairKey[] = [],
) {
  const values = new Interner();
  const ids = (items: readonly string[]) => items.map((item) => values.id(item));
  const english = values.id('english');
  const inPerson = values.id('in_person');
  const virtual = values.id('virtual');
  const mentees = pool.mentees.map((mentee) => ({
    stage: values.id(mentee.careerStage),
    languages: ids(mentee.languages),
    interests: ids(mentee.specialtyInterests),
    goals: ids(mentee.goals),
    meeting: values.id(mentee.meetingPreference),
    region: values.id(mentee.region),
  }));
  const mentorIds = pool.mentors.map((mentor) => ({
    stages: ids(mentor.menteeStages),
    languages: ids(mentor.languages),
    areas: ids(mentor.mentoringAreas),
    meeting: values.id(mentor.meetingPreference),
    region: values.id(mentor.region),
    specialty: values.id(mentor.specialty),
  }));
  const size = values.size;
  const mentors = mentorIds.map((mentor) => ({
    ...mentor,
    stageSet: flags(mentor.stages, size),
    languageSet: flags(mentor.languages, size),
    areaSet: flags(mentor.areas, size),
  }));
  const menteeIndex = new Map(pool.mentees.map((mentee, index) => [mentee.id, index]));
  const mentorIndex = new Map(pool.mentors.map((mentor, index) => [mentor.id, index]));
  const excludedPairs = new Set(
    excluded.map(
      ({ mentorId, menteeId }) => `${mentorIndex.get(mentorId)}:${menteeIndex.get(menteeId)}`,
    ),
  );
  // Pairs whose match staff ended, left out for good (the mentee's record), with the reason.
  const endedPairs = new Map<string, string>();
  pool.mentees.forEach((mentee, menteeAt) => {
    for (const { mentorId, reason } of mentee.excludedMentors ?? []) {
      const mentorAt = mentorIndex.get(mentorId);
      if (mentorAt !== undefined) endedPairs.set(`${mentorAt}:${menteeAt}`, reason);
    }
  });
  const { weights } = settings;

  /** Points by criterion, in SCORE_CRITERIA order. */
  function pointsBy(menteeAt: number, mentorAt: number): number[] {
    const mentee = mentees[menteeAt];
    const mentor = mentors[mentorAt];
    if (!mentee || !mentor) return [0, 0, 0, 0, 0];
    const specialty = mentee.interests.includes(mentor.specialty) ? weights.specialty : 0;
    let sharedGoals = 0;
    for (const goal of mentee.goals) sharedGoals += mentor.areaSet[goal] ?? 0;
    const goals = mentee.goals.length
      ? Math.round((weights.goals * sharedGoals) / mentee.goals.length)
      : 0;
    const region = mentee.region === mentor.region ? weights.region : 0;
    let otherLanguage = false;
    for (const language of mentee.languages) {
      if (language !== english && mentor.languageSet[language]) otherLanguage = true;
    }
    const language = otherLanguage ? weights.language : 0;
    const meeting = mentee.meeting === mentor.meeting ? weights.meeting : 0;
    return [specialty, goals, region, language, meeting];
  }

  function points(menteeAt: number, mentorAt: number): number {
    return pointsBy(menteeAt, mentorAt).reduce((sum, value) => sum + value, 0);
  }

  function check(menteeAt: number, mentorAt: number): Ineligibility | undefined {
    const mentee = mentees[menteeAt];
    const mentor = mentors[mentorAt];
    if (!mentee || !mentor) return 'excluded';
    // First: the pair met every rule once, so this is the one that says why not now.
    if (endedPairs.has(`${mentorAt}:${menteeAt}`)) return 'match_ended';
    if (!mentor.stageSet[mentee.stage]) return 'career_stage';
    let shared = false;
    for (const language of mentee.languages) if (mentor.languageSet[language]) shared = true;
    if (!shared) return 'no_shared_language';
    if (
      (mentee.meeting === inPerson && mentor.meeting === virtual) ||
      (mentee.meeting === virtual && mentor.meeting === inPerson)
    ) {
      return 'meeting_mode';
    }
    if (excludedPairs.has(`${mentorAt}:${menteeAt}`)) return 'excluded';
    if (settings.minimumScore > 0 && points(menteeAt, mentorAt) < settings.minimumScore) {
      return 'below_minimum';
    }
    return undefined;
  }

  function explain(menteeAt: number, mentorAt: number): PairExplanation {
    const mentee = pool.mentees[menteeAt];
    const mentor = pool.mentors[mentorAt];
    const earned = pointsBy(menteeAt, mentorAt);
    if (!mentee || !mentor) return { score: 0, reasons: [] };
    const sharedGoals = mentee.goals.filter((goal) => mentor.mentoringAreas.includes(goal));
    const sharedLanguages = mentee.languages.filter(
      (language) => language !== 'english' && mentor.languages.includes(language),
    );
    const texts: Record<ScoreCriterion, string> = {
      specialty: mentee.specialtyInterests.includes(mentor.specialty)
        ? `The mentor's specialty, ${label(SPECIALTIES, mentor.specialty)}, is one the mentee is interested in`
        : `The mentor's specialty, ${label(SPECIALTIES, mentor.specialty)}, is not among the mentee's interests (${list(SPECIALTIES, mentee.specialtyInterests)})`,
      goals: goalsText(mentee.goals, sharedGoals),
      region:
        mentee.region === mentor.region
          ? `Both are in ${label(REGIONS, mentor.region)}`
          : `Different regions: the mentee is in ${label(REGIONS, mentee.region)}, the mentor in ${label(REGIONS, mentor.region)}`,
      language:
        sharedLanguages.length > 0
          ? `Both speak ${list(LANGUAGES, sharedLanguages)}`
          : 'No shared language besides English',
      meeting:
        mentee.meetingPreference === mentor.meetingPreference
          ? `Both prefer to meet: ${label(MEETING_PREFERENCES, mentor.meetingPreference).toLowerCase()}`
          : `Different meeting preferences (mentee: ${label(MEETING_PREFERENCES, mentee.meetingPreference).toLowerCase()}, mentor: ${label(MEETING_PREFERENCES, mentor.meetingPreference).toLowerCase()}), compatible`,
    };
    const reasons = SCORE_CRITERIA.map((criterion, index) => ({
      criterion,
      points: earned[index] ?? 0,
      outOf: weights[criterion],
      text: texts[criterion],
    }));
    return { score: earned.reduce((sum, value) => sum + value, 0), reasons };
  }

  /** A must-criterion broken, in words. */
  function describeIneligibility(
    reason: Ineligibility,
    menteeAt: number,
    mentorAt: number,
  ): string {
    const mentee = pool.mentees[menteeAt];
    const mentor = pool.mentors[mentorAt];
    switch (reason) {
      case 'match_ended':
        return `Staff ended their match (${matchEndReasonPhrase(endedPairs.get(`${mentorAt}:${menteeAt}`) ?? 'other')}), so this mentor is left out for this mentee`;
      case 'career_stage':
        return `The mentor takes ${andList.format((mentor?.menteeStages ?? []).map(stagePlural))}, not ${stagePlural(mentee?.careerStage ?? '')}`;
      case 'no_shared_language':
        return 'They share no language';
      case 'meeting_mode':
        return 'One will meet only in person, the other only virtually';
      case 'excluded':
        return 'Staff excluded this pair';
      case 'below_minimum':
        return `The score is below the minimum of ${settings.minimumScore}`;
    }
  }

  return { check, points, explain, describeIneligibility, menteeIndex, mentorIndex };
}

/** The compiled rules of a pool. */
export type PairRules = ReturnType<typeof compilePairRules>;
