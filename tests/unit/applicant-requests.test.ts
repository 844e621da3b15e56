import { describe, expect, it } from 'vitest';
import { menteeApplicationSchema } from '../../shared/applications/schemas/mentee.js';
import type { Actor, AuditEntry, Submission } from '../../shared/applications/submission.js';
import { APPLICANT_ACTOR } from '../../shared/self-service/applicant-actor.js';
import { withdrawnByApplicant } from '../../shared/self-service/applicant-requests.js';
import { aMenteeApplication } from '../support/builders.js';

const staff: Actor = { sub: 'staff-1', email: 'staff-1@ladocs.org' };

function aSubmission(status: Submission['status'], history: AuditEntry[]): Submission {
  return {
    id: '01J00000000000000000000000',
    reference: 'LM-2222-2222',
    type: 'mentee',
    status,
    createdAt: '2026-03-20T17:00:00.000Z',
    application: menteeApplicationSchema.parse(aMenteeApplication()),
    confirmation: { state: 'sent', attempts: 1 },
    version: history.length + 1,
    history,
  };
}

const move = (from: Submission['status'], to: Submission['status'], by = staff): AuditEntry => ({
  at: '2026-03-21T17:00:00.000Z',
  by,
  changes: { status: { from, to } },
});

describe('withdrawnByApplicant', () => {
  it('is true only when the status is withdrawn and the applicant made that move', () => {
    const reviewed = move('received', 'under_review');
    expect(
      withdrawnByApplicant(
        aSubmission('withdrawn', [reviewed, move('under_review', 'withdrawn', APPLICANT_ACTOR)]),
      ),
    ).toBe(true);
    expect(withdrawnByApplicant(aSubmission('under_review', [reviewed]))).toBe(false);
    expect(
      withdrawnByApplicant(aSubmission('withdrawn', [reviewed, move('under_review', 'withdrawn')])),
    ).toBe(false);
    // A later notes-only entry by staff does not hide who withdrew it.
    expect(
      withdrawnByApplicant(
        aSubmission('withdrawn', [
          move('received', 'withdrawn', APPLICANT_ACTOR),
          { at: '2026-03-22T17:00:00.000Z', by: staff, changes: { notes: 'changed' } },
        ]),
      ),
    ).toBe(true);
  });
});
