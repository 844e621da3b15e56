import { describe, expect, it } from 'vitest';
import {
  CONFIRMATION_LEASE_MS,
  secondsUntilSendDone,
} from '../../shared/applications/confirmation-schedule.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import type {
  AuditEntry,
  ErasedSubmission,
  Submission,
} from '../../shared/applications/submission.js';
import {
  EmailInFlight,
  eraseSubmission,
  SubmissionNotFound,
  TransitionNotAllowed,
  updateSubmission,
  VersionConflict,
} from '../../shared/review/review-submission.js';
import type {
  StaffRepository,
  StoredChange,
  SubmissionChange,
} from '../../shared/review/staff-ports.js';
import { aMentorApplication } from '../support/builders.js';

class InMemoryStaffRepository implements StaffRepository {
  readonly items = new Map<string, Submission | ErasedSubmission>();
  writes = 0;

  async list() {
    return { items: [], nextCursor: null };
  }
  async *listAll() {}
  async search() {
    return [];
  }
  async get(id: string) {
    return this.items.get(id);
  }
  async update(id: string, expectedVersion: number, change: StoredChange, audit: AuditEntry) {
    const current = this.items.get(id);
    if (!current || current.status === 'erased' || current.version !== expectedVersion)
      return 'version_mismatch' as const;
    this.writes++;
    const updated = {
      ...current,
      ...change,
      version: current.version + 1,
      history: [...(current.history ?? []), audit],
    };
    this.items.set(id, updated);
    return updated;
  }
  async erase(submission: Submission, tombstone: ErasedSubmission) {
    this.writes++;
    this.items.set(submission.id, tombstone);
    return 'erased' as const;
  }
}

const actor = { sub: 'staff-1', email: 'staff-1@ladocs.org' };
const now = () => new Date('2026-04-01T12:00:00.000Z');

function setUp() {
  const repository = new InMemoryStaffRepository();
  repository.items.set('id-1', {
    id: 'id-1',
    reference: 'LM-2222-2222',
    type: 'mentor',
    status: 'received',
    createdAt: '2026-03-20T17:00:00.000Z',
    application: mentorApplicationSchema.parse(aMentorApplication()),
    confirmation: { state: 'sent', attempts: 1 },
    version: 1,
  });
  return { repository, deps: { repository, now, retentionDays: 30 } };
}

describe('updateSubmission', () => {
  it('records who changed what, and when', async () => {
    const { deps } = setUp();

    const updated = await updateSubmission(deps, {
      id: 'id-1',
      expectedVersion: 1,
      change: { status: 'under_review' },
      actor,
    });

    expect(updated.history).toEqual([
      {
        at: '2026-04-01T12:00:00.000Z',
        by: actor,
        changes: { status: { from: 'received', to: 'under_review' } },
      },
    ]);
  });

  it('schedules deletion of a declined application and cancels it when it is reconsidered', async () => {
    const { deps, repository } = setUp();
    const stored: unknown[] = [];
    const update = repository.update.bind(repository);
    repository.update = async (id, version, change, audit) => {
      stored.push(change.expiresAt);
      return update(id, version, change, audit);
    };

    await updateSubmission(deps, {
      id: 'id-1',
      expectedVersion: 1,
      change: { status: 'declined' },
      actor,
    });
    await updateSubmission(deps, {
      id: 'id-1',
      expectedVersion: 2,
      change: { status: 'under_review' },
      actor,
    });
    await updateSubmission(deps, { id: 'id-1', expectedVersion: 3, change: { notes: 'x' }, actor });

    expect(stored).toEqual([new Date('2026-05-01T12:00:00.000Z'), null, undefined]);
  });

  it('writes nothing when nothing changes', async () => {
    const { deps, repository } = setUp();

    await updateSubmission(deps, {
      id: 'id-1',
      expectedVersion: 1,
      change: { status: 'received', notes: '' },
      actor,
    });

    expect(repository.writes).toBe(0);
  });

  it('refuses a stale version, an illegal move and an unknown id', async () => {
    const { deps } = setUp();
    const attempt = (id: string, expectedVersion: number, change: SubmissionChange) =>
      updateSubmission(deps, { id, expectedVersion, change, actor });

    await expect(attempt('id-1', 2, { notes: 'x' })).rejects.toBeInstanceOf(VersionConflict);
    await expect(attempt('id-1', 1, { status: 'matched' })).rejects.toBeInstanceOf(
      TransitionNotAllowed,
    );
    await expect(attempt('nope', 1, { notes: 'x' })).rejects.toBeInstanceOf(SubmissionNotFound);
  });
});

describe('eraseSubmission', () => {
  it('leaves a tombstone naming who erased it, and erasing again changes nothing', async () => {
    const { deps, repository } = setUp();

    await eraseSubmission(deps, { id: 'id-1', actor });
    await eraseSubmission(deps, { id: 'id-1', actor });

    expect(repository.items.get('id-1')).toEqual({
      id: 'id-1',
      type: 'mentor',
      createdAt: '2026-03-20T17:00:00.000Z',
      status: 'erased',
      erasedAt: '2026-04-01T12:00:00.000Z',
      erasedBy: actor,
    });
    expect(repository.writes).toBe(1);
    await expect(
      updateSubmission(deps, { id: 'id-1', expectedVersion: 1, change: { notes: 'x' }, actor }),
    ).rejects.toBeInstanceOf(SubmissionNotFound);
  });
});

describe('erasing while an email is being sent', () => {
  const at = (ms: number) => new Date(now().getTime() + ms);

  it('asks to try again when the send is likely done (it clears its lease in about a second), not when its 30 s lease would end', async () => {
    const { deps, repository } = setUp();
    const found = repository.items.get('id-1') as Submission;
    // A sender claimed the confirmation 200 ms ago.
    repository.items.set('id-1', {
      ...found,
      sendingUntil: at(CONFIRMATION_LEASE_MS - 200).toISOString(),
    });

    const refused = await eraseSubmission(deps, { id: 'id-1', actor }).catch((error) => error);

    expect(refused).toBeInstanceOf(EmailInFlight);
    expect(refused.retryAfterSeconds).toBe(2);
    expect(repository.writes).toBe(0);
  });

  it('counts from the claim, asks again after a usual send once one overran, and never past the lease', () => {
    const leaseFrom = (claimedMsAgo: number) => at(CONFIRMATION_LEASE_MS - claimedMsAgo);
    expect(secondsUntilSendDone(leaseFrom(0), now())).toBe(2);
    expect(secondsUntilSendDone(leaseFrom(1_500), now())).toBe(1);
    // Overran its usual time (a slow SES): another usual time, not the 20 s left.
    expect(secondsUntilSendDone(leaseFrom(10_000), now())).toBe(2);
    // Its lease ends in 300 ms: then no sender holds it, whatever happened; at least 1 s.
    expect(secondsUntilSendDone(leaseFrom(CONFIRMATION_LEASE_MS - 300), now())).toBe(1);
  });
});
