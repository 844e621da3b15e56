import type { ExcludedMentor, Submission } from '../applications/submission.js';

/** A mentor as matching sees them: what the rules and the score read. */
export interface MentorProfile {
  id: string;
  name: string;
  capacity: number;
  menteeStages: readonly string[];
  languages: readonly string[];
  meetingPreference: string;
  region: string;
  specialty: string;
  mentoringAreas: readonly string[];
}

/** A mentee as matching sees them. */
export interface MenteeProfile {
  id: string;
  name: string;
  careerStage: string;
  languages: readonly string[];
  meetingPreference: string;
  region: string;
  specialtyInterests: readonly string[];
  goals: readonly string[];
  /**
   * Carried over from an earlier cycle, or returned to the pool when a match ended: matched
   * before anyone new, where possible.
   */
  priority?: true;
  /** Mentors never suggested for this mentee again: their match was ended (and why). */
  excludedMentors?: readonly Pick<ExcludedMentor, 'mentorId' | 'reason'>[];
}

/** Who can be matched: the mentors and mentees whose applications are in review or waitlisted. */
export interface MatchingPool {
  mentors: MentorProfile[];
  mentees: MenteeProfile[];
}

/** A mentor and a mentee, by application id. */
export interface PairKey {
  mentorId: string;
  menteeId: string;
}

/** Statuses whose applications are in the pool. */
export const POOL_STATUSES = ['under_review', 'waitlisted'] as const;

/** What the rules read of an application, as plain lists and words. */
function answersOf(submission: Submission) {
  const answers = submission.application as unknown as Record<string, unknown>;
  const list = (name: string) => (answers[name] as string[] | undefined) ?? [];
  const text = (name: string) => String(answers[name] ?? '');
  const shared = {
    id: submission.id,
    name: `${text('firstName')} ${text('lastName')}`,
    languages: list('languages'),
    meetingPreference: text('meetingPreference'),
    region: text('region'),
  };
  return { answers, list, text, shared };
}

/** A mentor as the rules see them, with `capacity` places left. */
export function mentorProfileOf(submission: Submission, capacity: number): MentorProfile {
  const { list, text, shared } = answersOf(submission);
  return {
    ...shared,
    capacity,
    menteeStages: list('menteeStages'),
    specialty: text('specialty'),
    mentoringAreas: list('mentoringAreas'),
  };
}

/** The places a mentor has left: their own answer, less the mentees they have now. */
export function placesLeft(
  submission: Submission,
  matchCounts: ReadonlyMap<string, number>,
): number {
  const { answers } = answersOf(submission);
  return Number(answers.capacity ?? 0) - (matchCounts.get(submission.id) ?? 0);
}

/** A mentee as the rules see them, with their priority and the mentors left out for them. */
export function menteeProfileOf(submission: Submission): MenteeProfile {
  const { list, text, shared } = answersOf(submission);
  const { priority, excludedMentors } = submission;
  return {
    ...shared,
    careerStage: text('careerStage'),
    specialtyInterests: list('specialtyInterests'),
    goals: list('goals'),
    ...(priority ? { priority } : {}),
    ...(excludedMentors?.length
      ? {
          excludedMentors: excludedMentors.map(({ mentorId, reason }) => ({ mentorId, reason })),
        }
      : {}),
  };
}

/**
 * The pool from applications as staff read them: mentors and mentees in review or
 * waitlisted, and matched mentors with capacity left (`matchCounts`: how many mentees each
 * has now, colleague matches included), offered only what is left.
 */
export function poolOf(
  submissions: readonly Submission[],
  matchCounts: ReadonlyMap<string, number> = new Map(),
): MatchingPool {
  const pool: MatchingPool = { mentors: [], mentees: [] };
  for (const submission of submissions) {
    const { type, status } = submission;
    const inReview = (POOL_STATUSES as readonly string[]).includes(status);
    if (!inReview && !(type === 'mentor' && status === 'matched')) continue;
    if (type === 'mentor') {
      const capacity = placesLeft(submission, matchCounts);
      if (capacity < 1) continue;
      pool.mentors.push(mentorProfileOf(submission, capacity));
    } else {
      pool.mentees.push(menteeProfileOf(submission));
    }
  }
  return pool;
}
