import { describe, expect, it } from 'vitest';
import { menteeApplicationSchema } from '../../shared/applications/schemas/mentee.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import type { Submission } from '../../shared/applications/submission.js';
import { dashboardOf } from '../../shared/dashboard/dashboard.js';
import {
  applicationContribution,
  emailContribution,
  NO_CYCLE,
  sameContribution,
  tallyChanges,
} from '../../shared/dashboard/tally.js';
import { aMenteeApplication, aMentorApplication } from '../support/builders.js';

const mentee = (status: Submission['status'], overrides: Partial<Submission> = {}): Submission => ({
  id: '01MENTEE',
  reference: 'LM-1',
  type: 'mentee',
  status,
  // 02:00 UTC on the 16th is the evening of the 15th in Los Angeles.
  createdAt: '2027-01-16T02:00:00.000Z',
  application: menteeApplicationSchema.parse(
    aMenteeApplication({ careerStage: 'resident_or_fellow', region: 'metro' }),
  ),
  cycleId: 'c2027',
  confirmation: { state: 'sent', attempts: 1 },
  version: 1,
  ...overrides,
});

describe("the dashboard's tally", () => {
  it('counts an application on its Los Angeles day, in its status, stage and region', () => {
    expect(applicationContribution(mentee('received'))).toEqual({
      cycle: 'c2027',
      counters: {
        'applied|mentee|2027-01-15': 1,
        'status|mentee|received': 1,
        'stage|resident_or_fellow': 1,
        'region|metro': 1,
      },
    });
    // Declined: still counted as applied and by status, no longer as a mentee in the program.
    expect(applicationContribution(mentee('declined')).counters).toEqual({
      'applied|mentee|2027-01-15': 1,
      'status|mentee|declined': 1,
    });
  });

  it("counts a mentor's capacity as places for each stage they take", () => {
    const mentor: Submission = {
      ...mentee('under_review'),
      type: 'mentor',
      cycleId: undefined,
      application: mentorApplicationSchema.parse(
        aMentorApplication({
          capacity: 3,
          menteeStages: ['medical_student', 'resident_or_fellow'],
        }),
      ),
    };
    expect(applicationContribution(mentor)).toEqual({
      cycle: NO_CYCLE,
      counters: {
        'applied|mentor|2027-01-15': 1,
        'status|mentor|under_review': 1,
        'places|medical_student': 3,
        'places|resident_or_fellow': 3,
      },
    });
  });

  it('moves counters by the difference, across cycles, and leaves out what nets to zero', () => {
    const before = applicationContribution(mentee('received'));
    const after = applicationContribution(mentee('under_review'));
    expect(tallyChanges([{ before, after }])).toEqual(
      new Map([
        [
          'c2027',
          new Map([
            ['status|mentee|received', -1],
            ['status|mentee|under_review', 1],
          ]),
        ],
      ]),
    );
    const carried = applicationContribution(
      mentee('waitlisted', { cycleId: 'c2028', carriedOverFrom: 'c2027', priority: true }),
    );
    const moved = tallyChanges([
      { before: applicationContribution(mentee('waitlisted')), after: carried },
    ]);
    expect(moved.get('c2027')?.get('status|mentee|waitlisted')).toBe(-1);
    expect(moved.get('c2028')?.get('carried|mentee')).toBe(1);
    expect(moved.get('c2028')?.has('applied|mentee|2027-01-15')).toBe(false);
    // Erased: everything it added goes.
    expect(tallyChanges([{ before, after: undefined }]).get('c2027')?.size).toBe(4);
    expect(tallyChanges([{ before, after: before }]).size).toBe(0);
    expect(sameContribution(before, applicationContribution(mentee('received')))).toBe(true);
    expect(sameContribution(before, after)).toBe(false);
    expect(sameContribution(undefined, undefined)).toBe(true);
  });

  it('reads the view from the counters: funnel, rate, waiting, emails', () => {
    const view = dashboardOf(null, {
      'applied|mentee|2027-01-15': 4,
      'applied|mentor|2027-01-16': 2,
      'status|mentee|received': 1,
      'status|mentee|under_review': 1,
      'status|mentee|waitlisted': 1,
      'status|mentee|matched': 1,
      'email|sent': 5,
      'email|bounced': 1,
      ...emailContribution('pending', 'c2027').counters,
    });
    expect(view.applicationsByDay).toEqual([
      { day: '2027-01-15', mentor: 0, mentee: 4 },
      { day: '2027-01-16', mentor: 2, mentee: 0 },
    ]);
    expect(view.funnel).toEqual({ applied: 4, reviewed: 3, matched: 1 });
    expect(view.matchRate).toBeCloseTo(1 / 3);
    expect(view.menteesWaiting).toBe(2);
    expect(view.emails).toEqual({
      sent: 5,
      pending: 1,
      failed: 0,
      suppressed: 0,
      bounced: 1,
      complained: 0,
    });
    expect(dashboardOf(null, {}).matchRate).toBeNull();
  });
});
