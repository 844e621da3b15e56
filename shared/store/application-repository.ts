import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ApplicationRepository, CreateOutcome, NewSubmission } from '../domain/ports.js';
import { type Receipt, receiptOf, type Submission } from '../domain/submission.js';
import { applicationItem, itemKeys, PENDING, toSubmission } from './application-item.js';
import { TABLE_DESIGN } from './table-design.js';

const { indexes } = TABLE_DESIGN;
const PENDING_INDEX: keyof typeof TABLE_DESIGN.indexes = 'pendingConfirmations';

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

// Positions of the items in the save transaction, to read its cancellation reasons.
const SAVE_ITEMS = ['application', 'reference', 'replay', 'applicant', 'dailySlot'] as const;

function cancellationCodes(error: TransactionCanceledException) {
  return Object.fromEntries(
    SAVE_ITEMS.map((item, index) => [item, error.CancellationReasons?.[index]?.Code ?? 'None']),
  ) as Record<(typeof SAVE_ITEMS)[number], string>;
}

/** Applications in DynamoDB: one item per submission plus guard items, written together. */
export class DynamoDbApplicationRepository implements ApplicationRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The receipt of an identical application saved before `now` and still replayable. */
  private async findReplay(contentKey: string, now: Date): Promise<Receipt | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: itemKeys.replay(contentKey),
        ConsistentRead: true,
      }),
    );
    // TTL deletes lazily (within days), so an expired guard can still be read: check it.
    if (!Item || Number(Item.expiresAt) <= epochSeconds(now)) return undefined;
    return Item.receipt as Receipt;
  }

  async findFirstApplicationId(applicantKey: string): Promise<string | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: itemKeys.applicant(applicantKey),
        ConsistentRead: true,
      }),
    );
    return Item?.firstApplicationId as string | undefined;
  }

  async create({
    submission,
    contentKey,
    applicantKey,
    replayUntil,
    dailySlot,
  }: NewSubmission): Promise<CreateOutcome> {
    const { id, reference, createdAt, duplicateOf } = submission;
    const receipt = receiptOf(submission);
    const notThere = 'attribute_not_exists(pk)';
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: applicationItem(submission),
                ConditionExpression: notThere,
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...itemKeys.reference(reference), entity: 'reference', applicationId: id },
                ConditionExpression: notThere,
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...itemKeys.replay(contentKey),
                  entity: 'replay',
                  applicationId: id,
                  receipt,
                  expiresAt: epochSeconds(replayUntil),
                },
                ConditionExpression: `${notThere} OR expiresAt <= :now`,
                ExpressionAttributeValues: { ':now': epochSeconds(new Date(createdAt)) },
              },
            },
            duplicateOf
              ? {
                  Update: {
                    TableName: this.tableName,
                    Key: itemKeys.applicant(applicantKey),
                    UpdateExpression: 'SET latestApplicationId = :id ADD applicationCount :one',
                    ConditionExpression: 'firstApplicationId = :first',
                    ExpressionAttributeValues: { ':id': id, ':one': 1, ':first': duplicateOf },
                  },
                }
              : {
                  Put: {
                    TableName: this.tableName,
                    Item: {
                      ...itemKeys.applicant(applicantKey),
                      entity: 'applicant',
                      firstApplicationId: id,
                      latestApplicationId: id,
                      applicationCount: 1,
                    },
                    ConditionExpression: notThere,
                  },
                },
            ...(dailySlot
              ? [
                  {
                    Update: {
                      TableName: this.tableName,
                      Key: itemKeys.confirmationQuota(dailySlot.emailKey, dailySlot.day),
                      UpdateExpression:
                        'SET entity = :entity, expiresAt = :expiresAt ADD sent :one',
                      ConditionExpression: 'attribute_not_exists(sent) OR sent < :limit',
                      ExpressionAttributeValues: {
                        ':entity': 'confirmation-quota',
                        ':expiresAt': epochSeconds(dailySlot.expiresAt),
                        ':one': 1,
                        ':limit': dailySlot.limit,
                      },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
      return { kind: 'created' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = cancellationCodes(error);
      if (codes.replay === 'ConditionalCheckFailed') {
        const replay = await this.findReplay(contentKey, new Date(createdAt));
        if (replay) return { kind: 'replayed', receipt: replay };
      }
      if (codes.reference === 'ConditionalCheckFailed')
        return { kind: 'retry', reason: 'reference_taken' };
      if (codes.applicant === 'ConditionalCheckFailed')
        return { kind: 'retry', reason: duplicateOf ? 'applicant_changed' : 'applicant_exists' };
      if (codes.dailySlot === 'ConditionalCheckFailed')
        return { kind: 'retry', reason: 'daily_limit' };
      return { kind: 'retry', reason: 'conflict' };
    }
  }

  async markConfirmationSent(id: string, messageId: string, at: Date): Promise<void> {
    await this.leavePending(id, {
      set: 'confirmation.#state = :sent, confirmation.messageId = :messageId, confirmation.attempts = confirmation.attempts + :one, confirmation.lastAttemptAt = :at',
      values: { ':sent': 'sent', ':messageId': messageId, ':one': 1, ':at': at.toISOString() },
    });
  }

  async recordConfirmationFailure(
    id: string,
    at: Date,
    errorName: string,
    retryAt: Date | null,
  ): Promise<void> {
    const attempt = {
      ':one': 1,
      ':at': at.toISOString(),
      ':error': errorName,
    };
    const counted =
      'confirmation.attempts = confirmation.attempts + :one, confirmation.lastAttemptAt = :at, confirmation.lastError = :error';
    if (retryAt === null) {
      await this.leavePending(id, {
        set: `confirmation.#state = :failed, ${counted}`,
        values: { ':failed': 'failed', ...attempt },
      });
      return;
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: itemKeys.application(id),
        UpdateExpression: `SET ${counted}, #due = :due REMOVE confirmation.leaseUntil`,
        ConditionExpression: 'attribute_exists(pk) AND confirmation.#state = :pending',
        ExpressionAttributeNames: {
          '#state': 'state',
          '#due': indexes.pendingConfirmations.sortKey,
        },
        ExpressionAttributeValues: {
          ...attempt,
          ':pending': 'pending',
          ':due': `${retryAt.toISOString()}#${id}`,
        },
      }),
    );
  }

  async findDueConfirmations(now: Date, limit: number): Promise<string[]> {
    const { partitionKey, sortKey } = indexes.pendingConfirmations;
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: PENDING_INDEX,
        KeyConditionExpression: '#pending = :pending AND #due <= :now',
        ExpressionAttributeNames: { '#pending': partitionKey, '#due': sortKey },
        // '~' sorts after every id, so everything due at or before `now` is included.
        ExpressionAttributeValues: { ':pending': PENDING, ':now': `${now.toISOString()}#~` },
        ProjectionExpression: 'id',
        Limit: limit,
      }),
    );
    return Items.map((item) => String(item.id));
  }

  async claimConfirmation(
    id: string,
    now: Date,
    leaseUntil: Date,
  ): Promise<Submission | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKeys.application(id),
          UpdateExpression: 'SET confirmation.leaseUntil = :leaseUntil',
          ConditionExpression:
            'attribute_exists(pk) AND confirmation.#state = :pending AND #due <= :now AND (attribute_not_exists(confirmation.leaseUntil) OR confirmation.leaseUntil < :nowIso)',
          ExpressionAttributeNames: {
            '#state': 'state',
            '#due': indexes.pendingConfirmations.sortKey,
          },
          ExpressionAttributeValues: {
            ':leaseUntil': leaseUntil.toISOString(),
            ':pending': 'pending',
            ':now': `${now.toISOString()}#~`,
            ':nowIso': now.toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toSubmission(Attributes) : undefined;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException')
        return undefined;
      throw error;
    }
  }

  /**
   * Moves a pending confirmation to a final state and out of the retry queue. Only a
   * pending one: an erased submission has no confirmation left to finish.
   */
  private async leavePending(
    id: string,
    update: { set: string; values: Record<string, unknown> },
  ): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: itemKeys.application(id),
        UpdateExpression: `SET ${update.set} REMOVE #pending, #due, confirmation.leaseUntil`,
        ConditionExpression: 'attribute_exists(pk) AND confirmation.#state = :pending',
        ExpressionAttributeNames: {
          '#state': 'state',
          '#pending': indexes.pendingConfirmations.partitionKey,
          '#due': indexes.pendingConfirmations.sortKey,
        },
        ExpressionAttributeValues: { ...update.values, ':pending': 'pending' },
      }),
    );
  }
}
