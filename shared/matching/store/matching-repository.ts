import { gunzipSync } from 'node:zlib';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { dueToSweeperAt, introductionKind } from '../../applications/outbox.js';
import {
  type Item,
  itemKeys,
  LISTED,
  matchingKeys,
  newEmailPut,
  toSubmission,
} from '../../applications/store/application-item.js';
import type { Actor, AuditEntry, Submission } from '../../applications/submission.js';
import { batchGetAll } from '../../platform/table/batch-get.js';
import {
  isConditionFailure,
  isTransactionCancelled,
} from '../../platform/table/dynamodb-values.js';
import { TABLE_DESIGN } from '../../platform/table/table-design.js';
import { type ApprovalSide, approvalRefusal } from '../approval.js';
import type {
  ApprovalAttempt,
  ApprovalBatch,
  MatchingRepository,
  MatchingRun,
} from '../matching-ports.js';
import { DEFAULT_MATCHING_SETTINGS, type MatchingSettings } from '../matching-settings.js';
import type { SuggestedPair } from '../optimal-matching.js';
import { runWithout } from '../run-erasure.js';
import { type EndingSide, matchEndedEntry, pairRemoval, sideLeavesMatch } from './match-ending.js';
import { recentlyErased, registerState, runSavingWrites } from './matching-runs.js';

const SAVE_RUN_ATTEMPTS = 3;

const byDate = TABLE_DESIGN.indexes.byDate;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

// TransactWriteItems takes at most 100 writes, and approving a pair is seven of them.
const WRITES_PER_PAIR = 7;
const PAIRS_PER_APPROVAL = Math.floor(100 / WRITES_PER_PAIR);

// Approving reads, then writes under conditions on what it read: this many tries a batch.
const APPROVAL_ATTEMPTS = 3;

// Ending a match reads, then writes under conditions on what it read: this many tries. Each
// round of a race lets at least one writer through, so five tries with a random pause
// between them settle a handful of admins ending matches of one mentor at once.
const END_MATCH_ATTEMPTS = 5;

/** A short random pause, so writers that collided do not collide again in step. */
const jitter = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 40 * attempt));

const matchedStatuses = {
  ':review': 'under_review',
  ':waiting': 'waitlisted',
  ':matched': 'matched',
};

/** Matching's storage: the pool (through byDate), settings, runs, and matches with their emails. */
export class DynamoDbMatchingRepository implements MatchingRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async poolApplications() {
    const submissions: Submission[] = [];
    const matchCounts = new Map<string, number>();
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'byDate',
          KeyConditionExpression: '#list = :listed',
          FilterExpression: '#status IN (:review, :waiting, :matched)',
          ExpressionAttributeNames: { '#list': byDate.partitionKey, '#status': 'status' },
          ExpressionAttributeValues: { ':listed': LISTED, ...matchedStatuses },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        submissions.push(toSubmission(item));
        if (typeof item.matchCount === 'number') matchCounts.set(String(item.id), item.matchCount);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { submissions, matchCounts };
  }

  async settings(): Promise<MatchingSettings> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: matchingKeys.settings(),
        ConsistentRead: true,
      }),
    );
    if (!Item) return DEFAULT_MATCHING_SETTINGS;
    const { version, weights, minimumScore } = Item as unknown as MatchingSettings;
    return { version, weights, minimumScore };
  }

  async saveSettings(
    settings: Omit<MatchingSettings, 'version'>,
    expectedVersion: number,
  ): Promise<MatchingSettings | 'version_mismatch'> {
    const saved = { ...settings, version: expectedVersion + 1 };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...matchingKeys.settings(), entity: 'matching-settings', ...saved },
          // The defaults are version 1 and never stored: saving over them needs no item.
          ConditionExpression:
            expectedVersion === DEFAULT_MATCHING_SETTINGS.version
              ? 'attribute_not_exists(pk) OR version = :expected'
              : 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
      return saved;
    } catch (error) {
      if (isConditionFailure(error)) return 'version_mismatch';
      throw error;
    }
  }

  async saveRun(run: MatchingRun): Promise<MatchingRun> {
    // Leaves out anyone erased since the pool was read, and registers the run so that a
    // later erasure finds it (see matching-runs for the race this closes).
    for (let attempt = 1; ; attempt++) {
      const state = await registerState(this.client, this.tableName);
      const stored = runWithout(run, await recentlyErased(this.client, this.tableName)) ?? run;
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: runSavingWrites(this.tableName, stored, state),
          }),
        );
        return stored;
      } catch (error) {
        // An erasure committed meanwhile: read who was erased again.
        if (!isTransactionCancelled(error) || attempt >= SAVE_RUN_ATTEMPTS) throw error;
      }
    }
  }

  async findRun(id: string): Promise<MatchingRun | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: matchingKeys.run(id),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const result = JSON.parse(gunzipSync(Item.result as Uint8Array).toString('utf8'));
    const { createdAt, createdBy, settingsVersion, pinned, excluded } =
      Item as unknown as MatchingRun;
    return { id, createdAt, createdBy, settingsVersion, pinned, excluded, ...result };
  }

  readonly approvalBatchSize = PAIRS_PER_APPROVAL;

  async approvePairs(input: ApprovalBatch): Promise<ApprovalAttempt[]> {
    if (input.pairs.length > PAIRS_PER_APPROVAL) {
      throw new RangeError(`At most ${PAIRS_PER_APPROVAL} pairs are approved at once.`);
    }
    let attempts: ApprovalAttempt[] = [];
    for (let attempt = 1; attempt <= APPROVAL_ATTEMPTS; attempt++) {
      attempts = await this.approveOnce(input);
      if (!attempts.includes('retry')) return attempts;
    }
    return attempts;
  }

  /**
   * One read of the batch (each mentee's guard and both applications), then one transaction
   * for the pairs that read as approvable. When something changed between the two (another
   * approval, a withdrawal, a staff edit), nothing is written and those pairs answer `retry`:
   * the next read says truthfully why one of them cannot be approved.
   */
  private async approveOnce(input: ApprovalBatch): Promise<ApprovalAttempt[]> {
    const keys = input.pairs.flatMap((pair) => [
      matchingKeys.menteeMatched(pair.menteeId),
      itemKeys.application(pair.menteeId),
      itemKeys.application(pair.mentorId),
    ]);
    const found = new Map(
      (await batchGetAll(this.client, this.tableName, keys, { consistentRead: true })).map(
        (item) => [`${item.pk}|${item.sk}`, item],
      ),
    );
    const read = (key: { pk: string; sk: string }) => found.get(`${key.pk}|${key.sk}`);
    const attempts: ApprovalAttempt[] = [];
    const writes: TransactItem[] = [];
    for (const [index, pair] of input.pairs.entries()) {
      const guard = read(matchingKeys.menteeMatched(pair.menteeId));
      const mentee = liveApplication(read(itemKeys.application(pair.menteeId)));
      const mentor = liveApplication(read(itemKeys.application(pair.mentorId)));
      const refusal = approvalRefusal(pair, {
        ...(guard ? { matchedMentorId: String(guard.mentorId) } : {}),
        ...(mentee ? { mentee: { status: mentee.status } } : {}),
        ...(mentor ? { mentor: approvalSideOfMentor(mentor) } : {}),
      });
      attempts.push(refusal ?? 'approved');
      if (!refusal && mentee && mentor) {
        const matchId = input.matchIds[index];
        if (!matchId) throw new Error('Each pair needs a match id');
        writes.push(...this.approvalWrites({ ...input, pair, matchId, mentee, mentor }));
      }
    }
    if (writes.length === 0) return attempts;
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: writes }));
      return attempts;
    } catch (error) {
      if (!isTransactionCancelled(error)) throw error;
      return attempts.map((attempt) => (attempt === 'approved' ? 'retry' : attempt));
    }
  }

  /**
   * A pair's seven writes: the mentee's guard, both applications (each under a condition on
   * what was read, so a concurrent change cancels the transaction), both match views and an
   * introduction to each.
   */
  private approvalWrites(input: {
    runId: string;
    matchId: string;
    pair: SuggestedPair;
    at: Date;
    actor: Actor;
    mentee: StoredApplication;
    mentor: StoredApplication;
  }): TransactItem[] {
    const { pair, at, actor, runId, matchId, mentee, mentor } = input;
    const approvedAt = at.toISOString();
    const dueAt = dueToSweeperAt(at);
    const view = (applicationId: string, withId: string, withRole: 'mentor' | 'mentee') => ({
      Put: {
        TableName: this.tableName,
        Item: {
          ...matchingKeys.matchView(applicationId, withId),
          entity: 'match',
          withId,
          withRole,
          approvedAt,
          approvedBy: actor,
          score: pair.score,
          runId,
          matchId,
        },
      },
    });
    const history = (withId: string, from: string): AuditEntry => ({
      at: approvedAt,
      by: actor,
      changes: {
        ...(from !== 'matched' ? { status: { from: from as 'under_review', to: 'matched' } } : {}),
        match: { event: 'approved', with: withId },
      },
    });
    // Keyed by this match's id: a pair matched again after its match ended is introduced
    // again by new items (the stream sees INSERTs and sends them at once), and the first
    // match's items keep their own history. Approving the same pair twice never reaches
    // here: the consistent read refuses it as already_approved, and the mentee's guard
    // would cancel the transaction anyway, so nothing is sent twice.
    const email = (applicationId: string, otherId: string) =>
      newEmailPut(this.tableName, {
        applicationId,
        kind: introductionKind(otherId, matchId),
        state: 'pending',
        attempts: 0,
        dueAt,
      });
    return [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...matchingKeys.menteeMatched(pair.menteeId),
            entity: 'mentee-matched',
            mentorId: pair.mentorId,
            runId,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: itemKeys.application(pair.menteeId),
          UpdateExpression:
            'SET #status = :matched, version = version + :one, updatedAt = :at, history = list_append(if_not_exists(history, :none), :entry)',
          ConditionExpression: '#status IN (:review, :waiting) AND version = :version',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ...matchedStatuses,
            ':one': 1,
            ':at': approvedAt,
            ':none': [],
            ':entry': [history(pair.mentorId, mentee.status)],
            ':version': mentee.version,
          },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: itemKeys.application(pair.mentorId),
          UpdateExpression:
            'SET #status = :matched, matchCount = if_not_exists(matchCount, :zero) + :one, version = version + :one, updatedAt = :at, history = list_append(if_not_exists(history, :none), :entry)',
          // The capacity is the mentor's own answer, compared in the same write; the version
          // keeps the history's `from` true to the status read.
          ConditionExpression:
            '#status IN (:review, :waiting, :matched) AND (attribute_not_exists(matchCount) OR matchCount < #answers.#capacity) AND version = :version',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#answers': 'application',
            '#capacity': 'capacity',
          },
          ExpressionAttributeValues: {
            ...matchedStatuses,
            ':zero': 0,
            ':one': 1,
            ':at': approvedAt,
            ':none': [],
            ':entry': [history(pair.menteeId, mentor.status)],
            ':version': mentor.version,
          },
        },
      },
      view(pair.menteeId, pair.mentorId, 'mentor'),
      view(pair.mentorId, pair.menteeId, 'mentee'),
      email(pair.menteeId, pair.mentorId),
      email(pair.mentorId, pair.menteeId),
    ];
  }

  async endMatch(
    menteeId: string,
    at: Date,
    actor: Actor,
  ): Promise<'ended' | 'not_matched' | 'changed_meanwhile'> {
    // A read, then a write conditioned on it. Another end of the same match, or of another
    // match of the same mentor (their count moves), cancels the write: read again and retry,
    // a few times, before saying the match is changing under us.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.endMatchOnce(menteeId, at, actor);
      } catch (error) {
        if (!isTransactionCancelled(error)) throw error;
        if (attempt >= END_MATCH_ATTEMPTS) return 'changed_meanwhile';
        await jitter(attempt);
      }
    }
  }

  private async endMatchOnce(
    menteeId: string,
    at: Date,
    actor: Actor,
  ): Promise<'ended' | 'not_matched'> {
    const { Item: guard } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: matchingKeys.menteeMatched(menteeId),
        ConsistentRead: true,
      }),
    );
    if (!guard) return 'not_matched';
    const mentorId = String(guard.mentorId);
    const { Item: mentor } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: itemKeys.application(mentorId),
        ConsistentRead: true,
      }),
    );
    const count = Number(mentor?.matchCount ?? 1);
    const endedAt = at.toISOString();
    // The staff member ends it: both sides go back to review (a mentor with others stays).
    const mentee: EndingSide = { id: menteeId, role: 'mentee' };
    const mentorSide: EndingSide = { id: mentorId, role: 'mentor', count };
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          ...pairRemoval(this.tableName, menteeId, mentorId),
          sideLeavesMatch(
            this.tableName,
            mentee,
            matchEndedEntry(endedAt, actor, mentee, mentorId),
          ),
          sideLeavesMatch(
            this.tableName,
            mentorSide,
            matchEndedEntry(endedAt, actor, mentorSide, menteeId),
          ),
        ],
      }),
    );
    return 'ended';
  }
}

/** An application item as approval reads it. */
type StoredApplication = Item & { status: string; version: number };

/** The item of an application that still exists (not erased), or undefined. */
function liveApplication(item: Item | undefined): StoredApplication | undefined {
  return item && item.status !== 'erased' ? (item as StoredApplication) : undefined;
}

/** A mentor's status, count of mentees and capacity, as approvalRefusal reads them. */
function approvalSideOfMentor(mentor: StoredApplication): ApprovalSide {
  const answers = (mentor.application ?? {}) as { capacity?: unknown };
  return {
    status: mentor.status,
    ...(typeof mentor.matchCount === 'number' ? { matchCount: mentor.matchCount } : {}),
    capacity: Number(answers.capacity ?? 0),
  };
}
