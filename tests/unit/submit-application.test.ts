import { describe, expect, it } from 'vitest';
import { earlierApplicationOf } from '../../shared/applications/duplicates.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import {
  REPLAY_WINDOW_MS,
  SaveContended,
  type SubmitResult,
  submitApplication,
} from '../../shared/intake/submit-application.js';
import { aMentorApplication } from '../support/builders.js';
import { testFingerprints } from '../support/fingerprints.js';
import { fixedEnvironment, InMemoryApplicationRepository } from '../support/in-memory-ports.js';

const application = mentorApplicationSchema.parse(aMentorApplication());
const idOf = (result: SubmitResult) => (result.kind === 'token_used' ? 'none' : result.receipt.id);

function setUp() {
  const repository = new InMemoryApplicationRepository();
  const environment = fixedEnvironment();
  return {
    repository,
    environment,
    deps: { repository, environment, fingerprints: testFingerprints },
  };
}

describe('submitApplication', () => {
  it('saves a new application as received, with its confirmation pending, at version 1', async () => {
    const { repository, deps } = setUp();

    const result = await submitApplication(deps, 'mentor', application);

    expect(result).toMatchObject({
      kind: 'created',
      receipt: {
        id: 'id-1',
        reference: 'LM-AAAA-2221',
        type: 'mentor',
        status: 'received',
        receivedAt: '2026-03-20T17:00:00.000Z',
      },
    });
    expect(repository.submissions.get('id-1')).toMatchObject({
      status: 'received',
      confirmation: { state: 'pending', attempts: 0 },
      version: 1,
      application,
    });
  });

  it('answers an identical application within 24 hours with the original receipt', async () => {
    const { repository, environment, deps } = setUp();
    const first = await submitApplication(deps, 'mentor', application);
    environment.advance(REPLAY_WINDOW_MS - 1);

    const again = await submitApplication(deps, 'mentor', application);

    expect(again).toEqual({ kind: 'replayed', receipt: first.kind === 'created' && first.receipt });
    expect(repository.submissions.size).toBe(1);
  });

  it('saves an identical application again after 24 hours, as a later one of the same applicant', async () => {
    const { repository, environment, deps } = setUp();
    await submitApplication(deps, 'mentor', application);
    environment.advance(REPLAY_WINDOW_MS);

    const later = await submitApplication(deps, 'mentor', application);

    expect(later.kind).toBe('created');
    const ids = await repository.findApplicationIds(
      await testFingerprints.applicantKey('mentor', application.email),
    );
    expect(earlierApplicationOf(ids, idOf(later))).toBe('id-1');
  });

  it('saves a repeat applicant in one write, exactly as a first one, with no read', async () => {
    const { repository, deps } = setUp();
    const calls: string[] = [];
    const counting = new Proxy(repository, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(name));
          return value.apply(target, args);
        };
      },
    });
    const counted = { ...deps, repository: counting };

    await submitApplication(counted, 'mentor', application);
    const first = calls.splice(0);
    const second = await submitApplication(counted, 'mentor', { ...application, capacity: 4 });
    const third = await submitApplication(counted, 'mentor', { ...application, capacity: 5 });

    expect(first).toEqual(['create']);
    expect(calls).toEqual(['create', 'create']);
    const ids = await repository.findApplicationIds(
      await testFingerprints.applicantKey('mentor', application.email),
    );
    expect(earlierApplicationOf(ids, idOf(second))).toBe('id-1');
    expect(earlierApplicationOf(ids, idOf(third))).toBe('id-1');
  });

  it('saves the emails it causes in the same write, pending, due to the sweeper after a grace period', async () => {
    const { repository, deps } = setUp();

    const result = await submitApplication(deps, 'mentor', application, { notifyStaff: true });

    const id = idOf(result);
    expect([...repository.outbox.emails.values()]).toEqual([
      {
        applicationId: id,
        kind: 'confirmation',
        state: 'pending',
        attempts: 0,
        dueAt: '2026-03-20T17:02:00.000Z',
      },
      {
        applicationId: id,
        kind: 'staffNotification',
        state: 'pending',
        attempts: 0,
        dueAt: '2026-03-20T17:02:00.000Z',
      },
    ]);
  });

  it('spends a form token once: another application with it is refused, a double click replays', async () => {
    const { repository, deps } = setUp();
    const formToken = { nonce: 'n'.repeat(22), expiresAt: new Date('2026-03-21T17:00:00Z') };

    const first = await submitApplication(deps, 'mentor', application, { formToken });
    const doubleClick = await submitApplication(deps, 'mentor', application, { formToken });
    const another = await submitApplication(
      deps,
      'mentor',
      { ...application, capacity: 5 },
      { formToken },
    );

    expect(first.kind).toBe('created');
    expect(doubleClick).toMatchObject({ kind: 'replayed', receipt: { id: idOf(first) } });
    expect(another).toEqual({ kind: 'token_used' });
    expect(repository.submissions.size).toBe(1);
  });

  it('draws a new reference when the first one is taken', async () => {
    const { repository, deps } = setUp();
    repository.references.add('LM-AAAA-2221');

    const result = await submitApplication(deps, 'mentor', application);

    expect(result.kind === 'created' && result.receipt.reference).toBe('LM-AAAA-2222');
  });

  it('returns the winner’s receipt when a concurrent identical save wins the race', async () => {
    const { repository, deps } = setUp();
    const winner = {
      id: 'other',
      reference: 'LM-WWWW-2222',
      type: 'mentor' as const,
      status: 'received' as const,
      receivedAt: 'x',
    };
    repository.scriptedOutcomes.push({ kind: 'replayed', receipt: winner });

    expect(await submitApplication(deps, 'mentor', application)).toEqual({
      kind: 'replayed',
      receipt: winner,
    });
  });

  it('gives up with SaveContended, having saved nothing, after repeated conflicts', async () => {
    const { repository, deps } = setUp();
    for (let index = 0; index < 5; index++)
      repository.scriptedOutcomes.push({ kind: 'retry', reason: 'conflict' });

    await expect(submitApplication(deps, 'mentor', application)).rejects.toBeInstanceOf(
      SaveContended,
    );
    expect(repository.submissions.size).toBe(0);
  });
});
