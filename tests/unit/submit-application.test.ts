import { describe, expect, it } from 'vitest';
import {
  DAILY_CONFIRMATION_LIMIT,
  REPLAY_WINDOW_MS,
  SaveContended,
  submitApplication,
} from '../../shared/domain/submit-application.js';
import { mentorApplicationSchema } from '../../shared/schemas/mentor.js';
import { aMentorApplication } from '../support/builders.js';
import { fixedEnvironment, InMemoryApplicationRepository } from '../support/in-memory-ports.js';

const application = mentorApplicationSchema.parse(aMentorApplication());

function setUp() {
  const repository = new InMemoryApplicationRepository();
  const environment = fixedEnvironment();
  return { repository, environment, deps: { repository, environment } };
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

    expect(again).toEqual({ kind: 'replayed', receipt: first.receipt });
    expect(repository.submissions.size).toBe(1);
  });

  it('saves an identical application again after 24 hours, linked to the first', async () => {
    const { repository, environment, deps } = setUp();
    await submitApplication(deps, 'mentor', application);
    environment.advance(REPLAY_WINDOW_MS);

    const later = await submitApplication(deps, 'mentor', application);

    expect(later.kind).toBe('created');
    expect(repository.submissions.get(later.receipt.id)?.duplicateOf).toBe('id-1');
  });

  it('links a different application from the same address to the first one', async () => {
    const { repository, deps } = setUp();
    await submitApplication(deps, 'mentor', application);
    await submitApplication(deps, 'mentor', { ...application, capacity: 4 });

    const third = await submitApplication(deps, 'mentor', { ...application, capacity: 5 });

    expect(repository.submissions.get(third.receipt.id)?.duplicateOf).toBe('id-1');
  });

  it(`saves every application but takes at most ${DAILY_CONFIRMATION_LIMIT} confirmation slots per address per UTC day`, async () => {
    const { deps, environment } = setUp();
    const states = [];
    for (let capacity = 1; capacity <= 4; capacity++) {
      const result = await submitApplication(deps, 'mentor', { ...application, capacity });
      states.push(result.kind === 'created' ? result.submission.confirmation.state : 'replayed');
    }
    environment.advance(24 * 60 * 60 * 1000);
    const nextDay = await submitApplication(deps, 'mentor', { ...application, capacity: 5 });

    expect(states).toEqual(['pending', 'pending', 'pending', 'suppressed']);
    expect(nextDay.kind === 'created' && nextDay.submission.confirmation.state).toBe('pending');
  });

  it('draws a new reference when the first one is taken', async () => {
    const { repository, deps } = setUp();
    repository.references.add('LM-AAAA-2221');

    const result = await submitApplication(deps, 'mentor', application);

    expect(result.receipt.reference).toBe('LM-AAAA-2222');
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
