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
import { changeStatuses } from '../../shared/review/bulk-status-change.js';
import {
  EmailInFlight,
  eraseSubmission,
  SubmissionNotFound,
  TransitionNotAllowed,
  updateSubmission,
  VersionConflict,
} from '../../shared/review/review-submission.js';
import type {
  ReviewState,
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
  async reviewStates(ids: readonly string[]) {
    const states = new Map<string, ReviewState | 'erased'>();
    for (const id of ids) {
      const found = this.items.get(id);
      if (found) {
        states.set(
          id,
          found.status === 'erased' ? 'erased' : { status: found.status, version: found.version },
        );
      }
    }
    return states;
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

const application = mentorApplicationSchema.parse(aMentorApplication());

/** A stored mentor application in `status`; override any field. */
function aSubmission(id: string, overrides: Partial<Submission> = {}): Submission {
  return {
    id,
    reference: 'LM-2222-2222',
    type: 'mentor',
    status: 'received',
    createdAt: '2026-03-20T17:00:00.000Z',
    application,
    confirmation: { state: 'sent', attempts: 1 },
    version: 1,
    ...overrides,
  };
}

function setUp() {
  const repository = new InMemoryStaffRepository();
  repository.items.set('id-1', aSubmission('id-1'));
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

describe('changeStatuses (bulk review)', () => {
  const later = new Date('2026-04-01T12:05:00.000Z');

  it('changes each application on its own, with its own history entry and note, and says why it left the others', async () => {
    const { deps, repository } = setUp();
    repository.items.set('id-2', aSubmission('id-2', { status: 'under_review', version: 4 }));
    repository.items.set('id-3', aSubmission('id-3', { status: 'withdrawn', version: 2 }));
    repository.items.set('id-4', {
      id: 'id-4',
      type: 'mentee',
      createdAt: '2026-03-20T17:00:00.000Z',
      status: 'erased',
      erasedAt: '2026-03-25T17:00:00.000Z',
      erasedBy: actor,
    });

    const report = await changeStatuses(deps, {
      ids: ['id-1', 'id-2', 'id-3', 'id-4', 'id-5'],
      status: 'under_review',
      note: 'Spring intake',
      actor,
      until: later,
    });

    expect(report.results).toEqual([
      { id: 'id-1', outcome: 'changed', from: 'received' },
      {
        id: 'id-2',
        outcome: 'skipped',
        reason: 'already_in_status',
        currentStatus: 'under_review',
        message: 'It is already under_review.',
      },
      {
        id: 'id-3',
        outcome: 'skipped',
        reason: 'transition_not_allowed',
        currentStatus: 'withdrawn',
        message:
          'Cannot move from withdrawn to under_review. An application that is withdrawn cannot change status.',
      },
      { id: 'id-4', outcome: 'not_found' },
      { id: 'id-5', outcome: 'not_found' },
    ]);
    expect(report.counts).toEqual({
      changed: 1,
      skipped: 2,
      conflict: 0,
      not_found: 2,
      not_attempted: 0,
    });
    expect(repository.writes).toBe(1);
    expect((repository.items.get('id-1') as Submission).history).toEqual([
      {
        at: '2026-04-01T12:00:00.000Z',
        by: actor,
        changes: { status: { from: 'received', to: 'under_review' } },
        note: 'Spring intake',
      },
    ]);
  });

  it('reports a conflict when the application changes between its read and its write, and writes nothing over it', async () => {
    const { deps, repository } = setUp();
    const read = repository.reviewStates.bind(repository);
    repository.reviewStates = async (ids) => {
      const states = await read(ids);
      // A colleague saves it just after this request read it.
      await updateSubmission(deps, {
        id: 'id-1',
        expectedVersion: 1,
        change: { status: 'declined' },
        actor: { sub: 'colleague' },
      });
      return states;
    };

    const report = await changeStatuses(deps, {
      ids: ['id-1'],
      status: 'under_review',
      actor,
      until: later,
    });

    expect(report.results).toEqual([
      { id: 'id-1', outcome: 'conflict', reason: 'changed_meanwhile', message: expect.any(String) },
    ]);
    const stored = repository.items.get('id-1') as Submission;
    expect(stored.status).toBe('declined');
    expect(stored.history?.map((entry) => entry.by.sub)).toEqual(['colleague']);
  });

  it('sets the deletion deadline of each application it declines, as a single change does', async () => {
    const { deps, repository } = setUp();
    const deadlines: unknown[] = [];
    const update = repository.update.bind(repository);
    repository.update = async (id, version, change, audit) => {
      deadlines.push(change.expiresAt);
      return update(id, version, change, audit);
    };

    await changeStatuses(deps, { ids: ['id-1'], status: 'declined', actor, until: later });

    expect(deadlines).toEqual([new Date('2026-05-01T12:00:00.000Z')]);
  });

  it('reads a hundred at a time, has at most ten writes in flight, and answers in the order asked', async () => {
    const { deps, repository } = setUp();
    const ids = Array.from({ length: 245 }, (_, index) => `bulk-${index}`);
    for (const id of ids) repository.items.set(id, aSubmission(id));
    const reads: number[] = [];
    const read = repository.reviewStates.bind(repository);
    repository.reviewStates = (batch) => {
      reads.push(batch.length);
      return read(batch);
    };
    let inFlight = 0;
    let most = 0;
    const update = repository.update.bind(repository);
    repository.update = async (...args) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
      return update(...args);
    };

    const report = await changeStatuses(deps, { ids, status: 'under_review', actor, until: later });

    expect(reads).toEqual([100, 100, 45]);
    expect(most).toBe(10);
    expect(report.results.map((result) => result.id)).toEqual(ids);
    expect(report.counts.changed).toBe(245);
  });

  it('starts no application once its time is up, and says which were not attempted', async () => {
    const { repository } = setUp();
    repository.items.set('id-2', aSubmission('id-2'));
    let clock = now().getTime();
    const deps = { repository, now: () => new Date(clock), retentionDays: 30 };
    const update = repository.update.bind(repository);
    // The first write takes three seconds: the second one would start too late.
    repository.update = (...args) => {
      clock += 3000;
      return update(...args);
    };

    const report = await changeStatuses(deps, {
      ids: ['id-1', 'id-2'],
      status: 'under_review',
      actor,
      until: new Date(now().getTime() + 2500),
    });

    expect(report.results).toEqual([
      { id: 'id-1', outcome: 'changed', from: 'received' },
      { id: 'id-2', outcome: 'not_attempted', reason: 'out_of_time' },
    ]);
    expect((repository.items.get('id-2') as Submission).status).toBe('received');
  });

  it('stops starting applications when the table fails, and lets those in flight finish first', async () => {
    const { deps, repository } = setUp();
    const ids = Array.from({ length: 30 }, (_, index) => `bulk-${index}`);
    for (const id of ids) repository.items.set(id, aSubmission(id));
    const started: string[] = [];
    let settled = 0;
    const update = repository.update.bind(repository);
    repository.update = async (id, ...rest) => {
      started.push(id);
      await new Promise((resolve) => setTimeout(resolve, id === 'bulk-3' ? 1 : 5));
      settled++;
      if (id === 'bulk-3') throw new Error('ProvisionedThroughputExceededException');
      return update(id, ...rest);
    };

    const failure = await changeStatuses(deps, {
      ids,
      status: 'under_review',
      actor,
      until: later,
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(Error);
    expect(started).toHaveLength(10);
    expect(settled).toBe(10);
  });
});
