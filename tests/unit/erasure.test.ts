import { describe, expect, it } from 'vitest';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import { staffNoticeOf } from '../../shared/applications/staff-notice.js';
import type { Actor, MatchView, Submission } from '../../shared/applications/submission.js';
import type { MatchEndingPlan } from '../../shared/matching/index.js';
import { planErasure, tombstoneOf } from '../../shared/review/erasure.js';
import { aMentorApplication } from '../support/builders.js';

const staff: Actor = { sub: 'staff-1', email: 'staff-1@ladocs.org' };
const now = new Date('2026-05-04T17:00:00.000Z');

const aMatch = (withId: string, matchId?: string): MatchView => ({
  withId,
  withRole: 'mentee',
  approvedAt: '2026-04-01T17:00:00.000Z',
  approvedBy: staff,
  score: 80,
  runId: 'run-1',
  ...(matchId ? { matchId } : {}),
});

function aMentor(overrides: Partial<Submission> = {}): Submission {
  return {
    id: 'MENTOR-1',
    reference: 'LM-3333-3333',
    type: 'mentor',
    status: 'matched',
    createdAt: '2026-03-20T17:00:00.000Z',
    application: mentorApplicationSchema.parse(aMentorApplication()),
    confirmation: { state: 'sent', attempts: 1 },
    version: 6,
    notes: 'Spoke on the phone.',
    history: [],
    ...overrides,
  };
}

const noEnding: MatchEndingPlan = { pairs: [], ended: [] };
const oneEnded: MatchEndingPlan = {
  pairs: [{ menteeId: 'E1', mentorId: 'MENTOR-1', sides: [] }],
  ended: [
    { withId: 'E1', withReference: 'LM-0000-0001', withRole: 'mentee', nowStatus: 'under_review' },
  ],
};

describe('the tombstone of an erased application', () => {
  it('keeps that it existed and who erased it when, and nothing personal', () => {
    const submission = aMentor();
    const tombstone = tombstoneOf(submission, staff, now.toISOString());

    expect(tombstone).toEqual({
      id: 'MENTOR-1',
      type: 'mentor',
      createdAt: '2026-03-20T17:00:00.000Z',
      status: 'erased',
      erasedAt: now.toISOString(),
      erasedBy: staff,
    });
    const text = JSON.stringify(tombstone);
    for (const personal of [
      submission.application.email,
      submission.application.firstName,
      submission.reference,
      'Spoke on the phone.',
    ]) {
      expect(text).not.toContain(personal);
    }
  });
});

describe('planning an erasure', () => {
  const submission = aMentor({ matches: [aMatch('E1', 'match-1'), aMatch('E0')] });
  const tombstone = tombstoneOf(submission, staff, now.toISOString());

  it('replaces the application by its tombstone only if it is still at the version read', () => {
    const erasure = planErasure(submission, tombstone, now, noEnding);

    expect(erasure.tombstone).toBe(tombstone);
    expect(erasure.submission).toBe(submission);
    expect(erasure.expectedVersion).toBe(6);
  });

  it('takes every unsent email to the person, its introductions too, unless one is being sent now', () => {
    const erasure = planErasure(submission, tombstone, now, noEnding);

    expect(erasure.unsentEmails).toEqual([
      'confirmation',
      'staffNotification',
      'introduction:E1:match-1',
      // A match approved before match ids were kept: its introduction's older key.
      'introduction:E0',
    ]);
    expect(erasure.unlessLeasedAfter).toBe(now.toISOString());
  });

  it('ends its matches as planned from the other sides', () => {
    expect(planErasure(submission, tombstone, now, oneEnded).ending).toBe(oneEnded);
  });

  it('tells staff, when the applicant asked, with the matches it ended and no personal data', () => {
    const notice = staffNoticeOf('deleted', submission, now.toISOString());
    const erasure = planErasure(submission, tombstone, now, oneEnded, notice);

    expect(erasure.notice).toMatchObject({
      applicationId: 'MENTOR-1',
      kind: 'deletionNotice',
      state: 'pending',
      attempts: 0,
      notice: { ...notice, endedMatches: oneEnded.ended },
    });
    expect(JSON.stringify(erasure.notice)).not.toContain(submission.application.email);
  });

  it('queues no notice when staff erase', () => {
    expect(planErasure(submission, tombstone, now, oneEnded).notice).toBeUndefined();
  });
});
