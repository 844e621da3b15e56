import { DeleteCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import { applicationItem, matchingKeys } from '../../shared/applications/store/application-item.js';
import type { Actor, Submission } from '../../shared/applications/submission.js';
import type { MatchingRun } from '../../shared/matching/matching-ports.js';
import type { SuggestedPair } from '../../shared/matching/optimal-matching.js';
import { DynamoDbMatchingRepository } from '../../shared/matching/store/matching-repository.js';
import { eraseSubmission } from '../../shared/review/review-submission.js';
import { DynamoDbStaffRepository } from '../../shared/review/store/staff-repository.js';
import { aMentorApplication } from '../support/builders.js';
import { testFingerprints } from '../support/fingerprints.js';
import { storedApplication, table } from '../support/local-aws.js';
import { storedRun } from '../support/stored-runs.js';

const actor: Actor = { sub: 'staff-1', email: 'staff-1@ladocs.org' };
const matching = new DynamoDbMatchingRepository(table.client, table.name);
const staffDeps = (client = table.client) => ({
  repository: new DynamoDbStaffRepository(client, table.name, testFingerprints),
  now: () => new Date(),
});

/** A mentor application in review, stored straight into the table. */
async function aMentorInReview(): Promise<string> {
  const id = ulid();
  const submission: Submission = {
    id,
    reference: `LM-RUNS-${id.slice(-6)}`,
    type: 'mentor',
    status: 'under_review',
    createdAt: new Date().toISOString(),
    application: mentorApplicationSchema.parse(aMentorApplication()),
    confirmation: { state: 'sent', attempts: 1 },
    version: 1,
  };
  await table.client.send(
    new PutCommand({ TableName: table.name, Item: applicationItem(submission) }),
  );
  return id;
}

const pair = (mentorId: string, menteeId: string): SuggestedPair => ({
  mentorId,
  menteeId,
  score: 60,
  reasons: [{ criterion: 'language', points: 15, outOf: 15, text: 'Both speak Tagalog' }],
});

/** A run over the given mentors, each suggested for a mentee of their own, as createRun makes it. */
function aRunOver(mentorIds: string[]): MatchingRun {
  return {
    id: ulid(),
    createdAt: new Date().toISOString(),
    createdBy: actor,
    settingsVersion: 1,
    pinned: [],
    excluded: [],
    pairs: mentorIds.map((mentorId) => pair(mentorId, ulid())),
    unmatched: [],
    metrics: {
      mentees: mentorIds.length,
      mentors: mentorIds.length,
      capacity: mentorIds.length,
      matched: mentorIds.length,
      maximumPossible: mentorIds.length,
      totalScore: 60 * mentorIds.length,
      minimumScore: 60,
      p10Score: 60,
      medianScore: 60,
      byRegion: {},
      byCareerStage: {},
    },
  };
}

async function storedMentors(runId: string): Promise<string[] | undefined> {
  const pairs = (await storedRun(runId))?.result.pairs as SuggestedPair[] | undefined;
  return pairs?.map((kept) => kept.mentorId);
}

describe('stored matching runs and erasure, racing each other', () => {
  it('a run saved while an erasure is under way makes the erasure start again, and that run loses the person too', async () => {
    const [erased, other] = [await aMentorInReview(), await aMentorInReview()];
    const before = aRunOver([erased, other]);
    await matching.saveRun(before);
    // Staff save a run whose pool was read before the erasure, just before it commits.
    const meanwhile = aRunOver([erased, other]);
    let interleaved = false;
    const racing = new Proxy(table.client, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver);
        return async (command: Parameters<typeof target.send>[0]) => {
          if (command instanceof TransactWriteCommand && !interleaved) {
            interleaved = true;
            await matching.saveRun(meanwhile);
          }
          return target.send(command);
        };
      },
    });

    await eraseSubmission(staffDeps(racing), { id: erased, actor });

    expect(interleaved).toBe(true);
    expect((await storedApplication(erased))?.status).toBe('erased');
    expect(await storedMentors(before.id)).toEqual([other]);
    expect(await storedMentors(meanwhile.id)).toEqual([other]);
    expect((await storedRun(meanwhile.id))?.text).not.toContain(erased);
  });

  it('a run saved after an erasure, from a pool read before it, leaves the person out', async () => {
    const [erased, other] = [await aMentorInReview(), await aMentorInReview()];
    const fromStalePool = aRunOver([erased, other]);

    await eraseSubmission(staffDeps(), { id: erased, actor });
    const saved = await matching.saveRun(fromStalePool);

    expect(saved.pairs.map((kept) => kept.mentorId)).toEqual([other]);
    expect(saved.erasedSinceRun).toBe(1);
    expect((await storedRun(saved.id))?.text).not.toContain(erased);
  });

  it('two erasures at once each take their person out of the same run', async () => {
    const [first, second, other] = [
      await aMentorInReview(),
      await aMentorInReview(),
      await aMentorInReview(),
    ];
    const run = aRunOver([first, second, other]);
    await matching.saveRun(run);

    await Promise.all([
      eraseSubmission(staffDeps(), { id: first, actor }),
      eraseSubmission(staffDeps(), { id: second, actor }),
    ]);

    expect(await storedMentors(run.id)).toEqual([other]);
    expect((await storedRun(run.id))?.result.erasedSinceRun).toBe(2);
  });

  it('does not bring back a run that expired (TTL deleted it) while its register entry lingers', async () => {
    const erased = await aMentorInReview();
    const run = aRunOver([erased]);
    await matching.saveRun(run);
    await table.client.send(
      new DeleteCommand({ TableName: table.name, Key: matchingKeys.run(run.id) }),
    );

    await eraseSubmission(staffDeps(), { id: erased, actor });

    expect(await storedRun(run.id)).toBeUndefined();
    expect((await storedApplication(erased))?.status).toBe('erased');
  });
});
