import { gunzipSync, gzipSync } from 'node:zlib';
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
import { dueToSweeperAt, introductionKind } from '../domain/outbox.js';
import type { Actor, AuditEntry, Submission } from '../domain/submission.js';
import {
  emailItem,
  type Item,
  itemKeys,
  LISTED,
  matchingKeys,
  toSubmission,
} from './application-item.js';
import { isConditionFailure, isTransactionCancelled } from './dynamodb-values.js';
import { type EndingSide, matchEndedEntry, pairRemoval, sideLeavesMatch } from './match-ending.js';
import { TABLE_DESIGN } from './table-design.js';

const byDate = TABLE_DESIGN.indexes.byDate;

// Ending a match reads, then writes under conditions on what it read: this many tries.
const END_MATCH_ATTEMPTS = 3;

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

  async saveRun(run: MatchingRun): Promise<void> {
    const { id, createdAt, createdBy, settingsVersion, pinned, excluded, ...result } = run;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...matchingKeys.run(id),
          entity: 'match-run',
          id,
          createdAt,
          createdBy,
          settingsVersion,
          pinned,
          excluded,
          // Thousands of pairs with their reasons outgrow an item's 400 KB; gzipped they do not.
          result: gzipSync(JSON.stringify(result)),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
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
    pair: SuggestedPair;
    at: Date;
    actor: Actor;
  }): Promise<ApprovalOutcome> {
    const { pair, at, actor, runId } = input;
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
    const email = (applicationId: string, otherId: string) => ({
      Put: {
        TableName: this.tableName,
        Item: emailItem({
          applicationId,
          kind: introductionKind(otherId),
          state: 'pending',
          attempts: 0,
          dueAt,
        }),
        // No condition: approving a pair again never reaches here (the mentee's guard stops
        // it), and a pair matched again after its match ended is introduced again.
      },
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

  async endMatch(
    menteeId: string,
    at: Date,
    actor: Actor,
  ): Promise<'ended' | 'not_matched' | 'changed_meanwhile'> {
    // A read, then a write conditioned on it. Another end of the same match, or of another
    // match of the same mentor (their count moves), cancels the write: read again and retry,
    // a couple of times, before saying the match is changing under us.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.endMatchOnce(menteeId, at, actor);
      } catch (error) {
        if (!isTransactionCancelled(error)) throw error;
        if (attempt >= END_MATCH_ATTEMPTS) return 'changed_meanwhile';
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
