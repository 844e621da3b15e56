import { describe, expect, it } from 'vitest';
import { menteeApplicationSchema } from '../../shared/applications/schemas/mentee.js';
import type { StaffNotice } from '../../shared/applications/staff-notice.js';
import type { ErasedSubmission, Submission } from '../../shared/applications/submission.js';
import type { MatchEndingPlan } from '../../shared/matching/index.js';
import { SubmissionNotFound, VersionConflict } from '../../shared/review/index.js';
import { APPLICANT_ACTOR } from '../../shared/self-service/applicant-actor.js';
import {
  deleteOwnApplication,
  NotWithdrawable,
  type SelfServiceDependencies,
  withdrawalOf,
  withdrawOwnApplication,
} from '../../shared/self-service/applicant-requests.js';
import type {
  SelfServiceRepository,
  Withdrawal,
} from '../../shared/self-service/self-service-ports.js';
import { planWithdrawal } from '../../shared/self-service/withdrawal.js';
import { aMenteeApplication } from '../support/builders.js';

const now = new Date('2026-05-04T17:00:00.000Z');
const DAY_MS = 24 * 60 * 60 * 1000;

function aMentee(status: Submission['status'], version = 2): Submission {
  return {
    id: 'MENTEE-1',
    reference: 'LM-2222-2222',
    type: 'mentee',
    status,
    createdAt: '2026-03-20T17:00:00.000Z',
    application: menteeApplicationSchema.parse(aMenteeApplication()),
    confirmation: { state: 'sent', attempts: 1 },
    version,
    history: [],
  };
}

/** The applicant's storage in memory: what each request asked it to write. */
class RecordingRepository implements SelfServiceRepository {
  readonly withdrawals: Withdrawal[] = [];
  readonly erasures: Array<{ tombstone: ErasedSubmission; notice?: StaffNotice }> = [];
  /** Outcomes of the next withdraw calls; `withdrawn` once they run out. */
  readonly withdrawOutcomes: Array<'withdrawn' | 'changed_meanwhile'> = [];

  constructor(public found: Submission | ErasedSubmission | undefined) {}

  async get() {
    return this.found;
  }
  async withdraw(_submission: Submission, withdrawal: Withdrawal) {
    this.withdrawals.push(withdrawal);
    return this.withdrawOutcomes.shift() ?? 'withdrawn';
  }
  async erase(
    _submission: Submission,
    tombstone: ErasedSubmission,
    _now: Date,
    notice?: StaffNotice,
  ) {
    this.erasures.push({ tombstone, ...(notice ? { notice } : {}) });
    return 'erased' as const;
  }
}

const depsWith = (repository: SelfServiceRepository): SelfServiceDependencies => ({
  repository,
  linkSecret: 'not-used-here',
  now: () => now,
  retentionDays: 30,
});

describe('the applicant withdrawing', () => {
  it('is allowed from the pool or a match: their doing, kept for the retention period, staff told', () => {
    for (const status of ['received', 'under_review', 'waitlisted', 'matched'] as const) {
      const withdrawal = withdrawalOf(aMentee(status), now, 30);
      expect(withdrawal, status).toEqual({
        audit: {
          at: now.toISOString(),
          by: APPLICANT_ACTOR,
          changes: { status: { from: status, to: 'withdrawn' } },
        },
        expiresAt: new Date(now.getTime() + 30 * DAY_MS),
        notice: {
          action: 'withdrew',
          reference: 'LM-2222-2222',
          type: 'mentee',
          at: now.toISOString(),
          previousStatus: status,
          endedMatches: [],
        },
      });
    }
  });

  it('is refused once declined, and a second request changes nothing', () => {
    expect(() => withdrawalOf(aMentee('declined'), now, 30)).toThrow(NotWithdrawable);
    expect(withdrawalOf(aMentee('withdrawn'), now, 30)).toBe('already_withdrawn');
  });

  it('writes the move only if the application still stands as read, ending its matches and telling staff of them', () => {
    const submission = aMentee('matched', 5);
    const withdrawal = withdrawalOf(submission, now, 30);
    if (withdrawal === 'already_withdrawn') throw new Error('expected a withdrawal');
    const ending: MatchEndingPlan = {
      pairs: [{ menteeId: 'MENTEE-1', mentorId: 'M', sides: [] }],
      ended: [{ withId: 'M', withReference: 'LM-1', withRole: 'mentor', nowStatus: 'matched' }],
    };

    const plan = planWithdrawal(submission, withdrawal, ending);

    expect(plan).toMatchObject({
      applicationId: 'MENTEE-1',
      expectedVersion: 5,
      fromStatus: 'matched',
      audit: withdrawal.audit,
      expiresAt: withdrawal.expiresAt,
      ending,
    });
    expect(plan.notice).toMatchObject({
      applicationId: 'MENTEE-1',
      kind: 'withdrawalNotice',
      state: 'pending',
      notice: { ...withdrawal.notice, endedMatches: ending.ended },
    });
  });

  it('reads again and retries when the application changed meanwhile, then gives up', async () => {
    const repository = new RecordingRepository(aMentee('under_review'));
    repository.withdrawOutcomes.push('changed_meanwhile');

    await expect(withdrawOwnApplication(depsWith(repository), 'MENTEE-1')).resolves.toBe(
      'withdrawn',
    );
    expect(repository.withdrawals).toHaveLength(2);

    const contended = new RecordingRepository(aMentee('under_review'));
    contended.withdrawOutcomes.push('changed_meanwhile', 'changed_meanwhile', 'changed_meanwhile');
    await expect(withdrawOwnApplication(depsWith(contended), 'MENTEE-1')).rejects.toBeInstanceOf(
      VersionConflict,
    );
  });

  it('writes nothing for an application already withdrawn, declined, or gone', async () => {
    const withdrawn = new RecordingRepository(aMentee('withdrawn'));
    await expect(withdrawOwnApplication(depsWith(withdrawn), 'MENTEE-1')).resolves.toBe(
      'already_withdrawn',
    );
    const declined = new RecordingRepository(aMentee('declined'));
    await expect(withdrawOwnApplication(depsWith(declined), 'MENTEE-1')).rejects.toBeInstanceOf(
      NotWithdrawable,
    );
    const gone = new RecordingRepository(undefined);
    await expect(withdrawOwnApplication(depsWith(gone), 'MENTEE-1')).rejects.toBeInstanceOf(
      SubmissionNotFound,
    );
    expect([...withdrawn.withdrawals, ...declined.withdrawals, ...gone.withdrawals]).toEqual([]);
  });
});

describe('the applicant deleting their data', () => {
  it('erases it as their own request, with a notice to staff that names only the reference', async () => {
    const repository = new RecordingRepository(aMentee('matched'));

    await deleteOwnApplication(depsWith(repository), 'MENTEE-1');

    expect(repository.erasures).toEqual([
      {
        tombstone: {
          id: 'MENTEE-1',
          type: 'mentee',
          createdAt: '2026-03-20T17:00:00.000Z',
          status: 'erased',
          erasedAt: now.toISOString(),
          erasedBy: APPLICANT_ACTOR,
        },
        notice: {
          action: 'deleted',
          reference: 'LM-2222-2222',
          type: 'mentee',
          at: now.toISOString(),
          previousStatus: 'matched',
          endedMatches: [],
        },
      },
    ]);
  });

  it('is a no-op the second time', async () => {
    const repository = new RecordingRepository({
      id: 'MENTEE-1',
      type: 'mentee',
      createdAt: '2026-03-20T17:00:00.000Z',
      status: 'erased',
      erasedAt: now.toISOString(),
      erasedBy: APPLICANT_ACTOR,
    });

    await deleteOwnApplication(depsWith(repository), 'MENTEE-1');

    expect(repository.erasures).toEqual([]);
  });
});
