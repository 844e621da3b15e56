import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import {
  approveRequestSchema,
  runRequestSchema,
  settingsSchema,
} from '../../shared/matching/matching-requests.js';
import { DEFAULT_MATCHING_SETTINGS } from '../../shared/matching/matching-settings.js';
import { solveMatching } from '../../shared/matching/optimal-matching.js';
import { compilePairRules } from '../../shared/matching/pair-rules.js';
import type { MenteeProfile, MentorProfile } from '../../shared/matching/pool.js';
import type { invalidRequest } from '../../shared/platform/http/problems.js';
import { validateInput } from '../../shared/platform/http/validate-input.js';
import { agreeing, counted } from '../../shared/platform/text/plural-words.js';
import { listQuerySchema, submissionChangeSchema } from '../../shared/review/review-requests.js';
import { EmailInFlight } from '../../shared/review/review-submission.js';

/** The problem a staff endpoint answers for this input. */
function refusal(schema: z.ZodMiniObject, input: unknown) {
  try {
    validateInput(schema, input);
  } catch (error) {
    return error as ReturnType<typeof invalidRequest>;
  }
  throw new Error('expected the input to be refused');
}

const ID = '01J0ABCDEFGHJKMNPQRSTVWXYZ';

describe('plural words', () => {
  it('agrees with the count, as English does for 0, 1 and more', () => {
    const mentors = { one: 'mentor', other: 'mentors' };
    expect([0, 1, 2, 1000].map((count) => counted(count, mentors))).toEqual([
      '0 mentors',
      '1 mentor',
      '2 mentors',
      '1,000 mentors',
    ]);
    expect(agreeing(1, { one: 'was', other: 'were' })).toBe('was');
  });
});

describe('a staff request that fails validation', () => {
  it('speaks of the request, with the number of problems in singular or plural', () => {
    expect(refusal(submissionChangeSchema, { status: 'lost' }).message).toBe(
      'The request has 1 problem; correct it and send the request again.',
    );
    expect(refusal(submissionChangeSchema, { status: 'lost', colour: 'red' }).message).toBe(
      'The request has 2 problems; correct them and send the request again.',
    );
  });

  it('names each parameter by its path and says what it must be, never the application form', () => {
    const issues = (schema: z.ZodMiniObject, input: unknown) => refusal(schema, input).issues;

    expect(issues(submissionChangeSchema, { status: 'lost', colour: 'red' })).toEqual([
      {
        path: 'status',
        message:
          'status must be one of: received, under_review, matched, waitlisted, declined, withdrawn, completed.',
      },
      { path: 'colour', message: 'colour is not a parameter of this request; remove it.' },
    ]);
    expect(issues(listQuerySchema, { limit: '0', type: 'admin' })).toEqual([
      { path: 'type', message: 'type must be one of: mentor, mentee.' },
      { path: 'limit', message: 'limit must be at least 1.' },
    ]);
    expect(
      issues(approveRequestSchema, {
        pairs: [{ mentorId: ID }, { mentorId: ID, menteeId: ID, score: 3 }],
      }),
    ).toEqual([
      { path: 'pairs.0.menteeId', message: 'pairs.0.menteeId is required.' },
      {
        path: 'pairs.1.score',
        message: 'pairs.1.score is not a parameter of this request; remove it.',
      },
    ]);
    expect(issues(runRequestSchema, { pinned: 'all' })).toEqual([
      { path: 'pinned', message: 'pinned must be a list.' },
    ]);
    expect(issues(settingsSchema, { minimumScore: 1.5 })).toEqual([
      { path: 'weights', message: 'weights is required.' },
      { path: 'minimumScore', message: 'minimumScore must be a whole number.' },
    ]);
    expect(issues(submissionChangeSchema, ['status']).map((issue) => issue.message)).toEqual([
      'The request must be a JSON object of parameters.',
    ]);
    const everything = JSON.stringify([
      issues(submissionChangeSchema, { notes: 'x'.repeat(2001), colour: 1 }),
      issues(listQuerySchema, { limit: 'ten', cursor: '' }),
    ]);
    expect(everything).not.toMatch(/application|listed options|This field/);
  });

  it('never repeats a value sent', () => {
    const canary = 'CANARY<script>';
    const issues = refusal(submissionChangeSchema, { status: canary, notes: [canary] }).issues;
    expect(issues).toHaveLength(2);
    expect(JSON.stringify(issues)).not.toContain('CANARY');
  });
});

describe('other staff messages with a count', () => {
  it('says 1 second, not 1 seconds, before an erase can be tried again', () => {
    expect(new EmailInFlight(1).message).toBe(
      'An email to this applicant is being sent right now. Erase again in 1 second, once it is done.',
    );
    expect(new EmailInFlight(30).message).toContain('in 30 seconds,');
  });

  const mentor = (id: string, overrides: Partial<MentorProfile> = {}): MentorProfile => ({
    id,
    name: id,
    capacity: 1,
    menteeStages: ['medical_student'],
    languages: ['english'],
    meetingPreference: 'either',
    region: 'west',
    specialty: 'pediatrics',
    mentoringAreas: ['research'],
    ...overrides,
  });
  const mentee = (id: string): MenteeProfile => ({
    id,
    name: id,
    careerStage: 'medical_student',
    languages: ['english'],
    meetingPreference: 'virtual',
    region: 'west',
    specialtyInterests: ['pediatrics'],
    goals: ['research'],
  });
  const reasonFor = (
    mentors: MentorProfile[],
    excluded: Array<{ mentorId: string; menteeId: string }> = [],
  ) => {
    const result = solveMatching(
      { mentors, mentees: [mentee('x'), mentee('y')] },
      DEFAULT_MATCHING_SETTINGS,
      {
        excluded,
      },
    );
    return result.unmatched.find((unmatched) => unmatched.menteeId === 'y')?.reason;
  };

  it('says why a mentee is unmatched with verbs that agree: 1 mentor was, 2 mentors were', () => {
    expect(
      reasonFor(
        [mentor('A'), mentor('B', { menteeStages: ['resident_or_fellow'] })],
        [{ mentorId: 'A', menteeId: 'y' }],
      ),
    ).toBe(
      "No mentor in the pool is eligible: 1 mentor was excluded by staff; 1 mentor does not take the mentee's career stage.",
    );
    expect(
      reasonFor(
        [mentor('A'), mentor('B')],
        [
          { mentorId: 'A', menteeId: 'y' },
          { mentorId: 'B', menteeId: 'y' },
        ],
      ),
    ).toBe('No mentor in the pool is eligible: 2 mentors were excluded by staff.');
  });

  it('says the one eligible mentor is at capacity, or all of them are', () => {
    expect(reasonFor([mentor('A')])).toMatch(
      /^The one eligible mentor is at capacity with other mentees/,
    );
    const three = [mentor('A'), mentor('B', { capacity: 0 }), mentor('C', { capacity: 0 })];
    expect(
      solveMatching(
        { mentors: three, mentees: [mentee('x'), mentee('y'), mentee('z'), mentee('w')] },
        DEFAULT_MATCHING_SETTINGS,
      ).unmatched[0]?.reason,
    ).toMatch(/^All 3 eligible mentors are at capacity with other mentees/);
  });

  it('explains a career stage the mentor does not take, and a single goal, in words that agree', () => {
    const pool = {
      mentors: [mentor('A', { menteeStages: ['medical_student', 'resident_or_fellow'] })],
      mentees: [
        { ...mentee('x'), careerStage: 'early_career_physician' },
        { ...mentee('y'), goals: ['research'] },
        { ...mentee('z'), goals: ['leadership'] },
      ],
    };
    const rules = compilePairRules(pool, DEFAULT_MATCHING_SETTINGS);
    const goals = (menteeAt: number) =>
      rules.explain(menteeAt, 0).reasons.find((reason) => reason.criterion === 'goals')?.text;

    expect(rules.describeIneligibility('career_stage', 0, 0)).toBe(
      'The mentor takes medical students and residents or fellows, not early-career physicians',
    );
    expect(goals(1)).toBe(
      "The mentor can help with the mentee's one goal: Research and publishing",
    );
    expect(goals(2)).toBe("The mentor cannot help with the mentee's one goal (Leadership)");
  });
});
