import { gunzipSync } from 'node:zlib';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  ApprovalOutcome,
  MatchingRepository,
  MatchingRun,
} from '../domain/matching/matching-ports.js';
import {
  DEFAULT_MATCHING_SETTINGS,
  type MatchingSettings,
} from '../domain/matching/matching-settings.js';
import type { SuggestedPair } from '../domain/matching/optimal-matching.js';
import { runWithout } from '../domain/matching/run-erasure.js';
import { dueToSweeperAt, introductionKind } from '../domain/outbox.js';
import type { Actor, AuditEntry, Submission } from '../domain/submission.js';
import {
  type Item,
  itemKeys,
  LISTED,
  matchingKeys,
  newEmailPut,
  toSubmission,
} from './application-item.js';
import { isConditionFailure, isTransactionRace } from './dynamodb-values.js';
import { type EndingSide, matchEndedEntry, pairRemoval, sideLeavesMatch } from './match-ending.js';
import { recentlyErased, registerState, runSavingWrites } from './matching-runs.js';
import { TABLE_DESIGN } from './table-design.js';

const SAVE_RUN_ATTEMPTS = 3;

const byDate = TABLE_DESIGN.indexes.byDate;

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
        if (!isTransactionRace(error) || attempt >= SAVE_RUN_ATTEMPTS) throw error;
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

  async approvePair(input: {
    runId: string;
    matchId: string;
    pair: SuggestedPair;
    at: Date;
    actor: Actor;
  }): Promise<ApprovalOutcome> {
    const { pair, at, actor, runId, matchId } = input;
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
    const [mentee, mentor] = await Promise.all([
      this.application(pair.menteeId),
      this.application(pair.mentorId),
    ]);
    if (!mentee || !mentor) return 'not_in_pool';
    // Keyed by this match's id: a pair matched again after its match ended is introduced
    // again by new items (the stream sees INSERTs and sends them at once), and the first
    // match's items keep their own history. Approving the same match twice never reaches
    // here: the mentee's guard stops it, so nothing is sent twice.
    const email = (applicationId: string, otherId: string) =>
      newEmailPut(this.tableName, {
        applicationId,
        kind: introductionKind(otherId, matchId),
        state: 'pending',
        attempts: 0,
        dueAt,
      });
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
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
                // The capacity is the mentor's own answer, compared in the same write.
                ConditionExpression:
                  '#status IN (:review, :waiting, :matched) AND (attribute_not_exists(matchCount) OR matchCount < #answers.#capacity)',
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
                },
              },
            },
            view(pair.menteeId, pair.mentorId, 'mentor'),
            view(pair.mentorId, pair.menteeId, 'mentee'),
            email(pair.menteeId, pair.mentorId),
            email(pair.mentorId, pair.menteeId),
          ],
        }),
      );
      return 'approved';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [guard, menteeUpdate] = error.CancellationReasons ?? [];
      if (guard?.Code === 'ConditionalCheckFailed') {
        const { Item } = await this.client.send(
          new GetCommand({
            TableName: this.tableName,
            Key: matchingKeys.menteeMatched(pair.menteeId),
            ConsistentRead: true,
          }),
        );
        return Item?.mentorId === pair.mentorId ? 'already_approved' : 'mentee_taken';
      }
      if (menteeUpdate?.Code === 'ConditionalCheckFailed') return 'not_in_pool';
      return 'mentor_full';
    }
  }

  async endMatch(menteeId: string, at: Date, actor: Actor): Promise<'ended' | 'not_matched'> {
    const { Item: guard } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: matchingKeys.menteeMatched(menteeId),
        ConsistentRead: true,
      }),
    );
    if (!guard) return 'not_matched';
    const mentorId = String(guard.mentorId);
    const mentor = await this.application(mentorId);
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

  private async application(
    id: string,
  ): Promise<(Item & { status: string; version: number }) | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: itemKeys.application(id),
        ConsistentRead: true,
      }),
    );
    return Item && Item.status !== 'erased'
      ? (Item as Item & { status: string; version: number })
      : undefined;
  }
}
