import { describe, expect, it } from 'vitest';
import { menteeApplicationSchema } from '../../shared/applications/schemas/mentee.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import { applicationItem, toSubmission } from '../../shared/applications/store/application-item.js';
import type { Submission } from '../../shared/applications/submission.js';
import { approvalRefusal } from '../../shared/matching/approval.js';
import { endMatchRequestSchema } from '../../shared/matching/matching-requests.js';
import { DEFAULT_MATCHING_SETTINGS } from '../../shared/matching/matching-settings.js';
import { MatchingInputError, solveMatching } from '../../shared/matching/optimal-matching.js';
import { compilePairRules } from '../../shared/matching/pair-rules.js';
import {
  type MatchingPool,
  type MenteeProfile,
  type MentorProfile,
  poolOf,
} from '../../shared/matching/pool.js';
import { aMenteeApplication, aMentorApplication } from '../support/builders.js';

const mentor = (id: string, overrides: Partial<MentorProfile> = {}): MentorProfile => ({
  id,
  name: `Mentor ${id}`,
  capacity: 1,
  menteeStages: ['medical_student'],
  languages: ['english'],
  meetingPreference: 'either',
  region: 'west',
  specialty: 'pediatrics',
  mentoringAreas: ['career_planning'],
  ...overrides,
});

const mentee = (id: string, overrides: Partial<MenteeProfile> = {}): MenteeProfile => ({
  id,
  name: `Mentee ${id}`,
  careerStage: 'medical_student',
  languages: ['english'],
  meetingPreference: 'either',
  region: 'west',
  specialtyInterests: ['pediatrics'],
  goals: ['career_planning'],
  ...overrides,
});

// The best pair by far: the same specialty, goal, region and meeting preference. The other
// mentor shares only the must-criteria.
const best = mentor('BEST');
const plain = mentor('PLAIN', {
  region: 'south_bay',
  specialty: 'general_surgery',
  mentoringAreas: [],
});

describe('a mentor left out after an ended match', () => {
  it('is never suggested for that mentee, even when theirs is the best pair; another mentor is', () => {
    const before = solveMatching(
      { mentors: [best, plain], mentees: [mentee('E')] },
      DEFAULT_MATCHING_SETTINGS,
    );
    expect(before.pairs.map((pair) => pair.mentorId)).toEqual(['BEST']);

    const after = solveMatching(
      {
        mentors: [best, plain],
        mentees: [mentee('E', { excludedMentors: [{ mentorId: 'BEST', reason: 'fit' }] })],
      },
      DEFAULT_MATCHING_SETTINGS,
    );

    expect(after.pairs.map((pair) => [pair.mentorId, pair.menteeId])).toEqual([['PLAIN', 'E']]);
  });

  it('stays available to every other mentee', () => {
    const result = solveMatching(
      {
        mentors: [best],
        mentees: [
          mentee('LEFT', { excludedMentors: [{ mentorId: 'BEST', reason: 'schedule' }] }),
          mentee('OTHER', { region: 'south_bay' }),
        ],
      },
      DEFAULT_MATCHING_SETTINGS,
    );

    expect(result.pairs.map((pair) => pair.menteeId)).toEqual(['OTHER']);
    expect(result.unmatched).toEqual([
      {
        menteeId: 'LEFT',
        reason:
          'No mentor in the pool is eligible: 1 mentor is left out because staff ended their match with the mentee.',
      },
    ]);
  });

  it('says why in words, with the reason the match ended, first among the rules', () => {
    const pool: MatchingPool = {
      mentors: [mentor('M', { languages: ['spanish'] })],
      mentees: [
        mentee('E', { excludedMentors: [{ mentorId: 'M', reason: 'goals_changed' }] }),
        mentee('F'),
      ],
    };
    const rules = compilePairRules(pool, DEFAULT_MATCHING_SETTINGS);

    // E and M share no language either: the ended match is what is said.
    expect(rules.check(0, 0)).toBe('match_ended');
    expect(rules.describeIneligibility('match_ended', 0, 0)).toBe(
      "Staff ended their match (the mentee's goals changed), so this mentor is left out for this mentee",
    );
    expect(rules.check(1, 0)).toBe('no_shared_language');
  });

  it('cannot be pinned to that mentee', () => {
    const pool: MatchingPool = {
      mentors: [best],
      mentees: [mentee('E', { excludedMentors: [{ mentorId: 'BEST', reason: 'fit' }] })],
    };

    expect(() =>
      solveMatching(pool, DEFAULT_MATCHING_SETTINGS, {
        pinned: [{ mentorId: 'BEST', menteeId: 'E' }],
      }),
    ).toThrow(
      new MatchingInputError([
        'Mentee E cannot be pinned to Mentor BEST: Staff ended their match (not a good fit), so this mentor is left out for this mentee.',
      ]),
    );
  });

  it('is read from the mentee application into the pool, and kept through the stored item', () => {
    const stored: Submission = {
      id: 'E',
      reference: 'LM-E',
      type: 'mentee',
      status: 'under_review',
      createdAt: '2027-01-10T00:00:00.000Z',
      application: menteeApplicationSchema.parse(aMenteeApplication()),
      confirmation: { state: 'sent', attempts: 1 },
      version: 4,
      priority: true,
      excludedMentors: [{ mentorId: 'M', endedAt: '2027-02-01T00:00:00.000Z', reason: 'fit' }],
    };
    const mentorApplication: Submission = {
      ...stored,
      id: 'M',
      type: 'mentor',
      application: mentorApplicationSchema.parse(aMentorApplication()),
      priority: undefined,
      excludedMentors: undefined,
    } as unknown as Submission;

    const read = toSubmission(applicationItem(stored));
    const pool = poolOf([read, mentorApplication]);

    expect(read.excludedMentors).toEqual(stored.excludedMentors);
    expect(read.priority).toBe(true);
    expect(pool.mentees[0]).toMatchObject({
      id: 'E',
      priority: true,
      excludedMentors: [{ mentorId: 'M', reason: 'fit' }],
    });
    expect(pool.mentors.map((each) => each.id)).toEqual(['M']);
  });

  it('refuses approving that pair from a run made before the match ended', () => {
    const side = { status: 'under_review', capacity: 2, matchCount: 0 };

    expect(
      approvalRefusal(
        { mentorId: 'M', menteeId: 'E' },
        { mentee: { ...side, excludedMentorIds: ['M'] }, mentor: side },
      ),
    ).toBe('excluded');
    expect(
      approvalRefusal(
        { mentorId: 'N', menteeId: 'E' },
        { mentee: { ...side, excludedMentorIds: ['M'] }, mentor: side },
      ),
    ).toBeUndefined();
  });
});

describe('POST /admin/matching/matches/{menteeId}/end body', () => {
  const problems = (body: unknown) => {
    const result = endMatchRequestSchema.safeParse(body);
    return result.success
      ? []
      : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
  };

  it('takes each reason, with or without the mentee going back to the pool', () => {
    for (const reason of ['schedule', 'fit', 'goals_changed', 'completed_early', 'other']) {
      expect(endMatchRequestSchema.parse({ reason, returnToPool: true })).toEqual({
        reason,
        returnToPool: true,
      });
    }
  });

  it('needs a reason from the list and returnToPool as true or false', () => {
    expect(problems({}).map(([path]) => path)).toEqual(['reason', 'returnToPool']);
    expect(problems({ reason: 'bored', returnToPool: 'yes' }).map(([path]) => path)).toEqual([
      'reason',
      'returnToPool',
    ]);
  });

  it('keeps a one-line note of up to 200 characters, trimmed, with other only', () => {
    expect(
      endMatchRequestSchema.parse({
        reason: 'other',
        note: '  Moved to Boston  ',
        returnToPool: false,
      }),
    ).toEqual({ reason: 'other', note: 'Moved to Boston', returnToPool: false });
    expect(problems({ reason: 'fit', note: 'Clash', returnToPool: false })).toEqual([
      ['note', 'note goes with reason other only: choose other, or leave note out.'],
    ]);
    expect(problems({ reason: 'other', note: 'x'.repeat(201), returnToPool: false })).toEqual([
      ['note', expect.any(String)],
    ]);
    expect(problems({ reason: 'other', note: 'two\nlines', returnToPool: false })).toEqual([
      ['note', expect.any(String)],
    ]);
  });
});
