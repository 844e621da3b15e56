import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  ApplicationRepository,
  CreateOutcome,
  DailySlot,
  NewSubmission,
} from '../domain/ports.js';
import { type Receipt, receiptOf, type Submission } from '../domain/submission.js';
import {
  applicationIdsOf,
  applicationItem,
  itemKeys,
  PENDING,
  toSubmission,
} from './application-item.js';
import { TABLE_DESIGN } from './table-design.js';

const { indexes } = TABLE_DESIGN;
const PENDING_INDEX: keyof typeof TABLE_DESIGN.indexes = 'pendingConfirmations';

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

// Positions of the items in the save transaction, to read its cancellation reasons.
const SAVE_ITEMS = ['application', 'reference', 'replay', 'applicant', 'formToken'] as const;

function cancellationCodes(error: TransactionCanceledException) {
  return Object.fromEntries(
    SAVE_ITEMS.map((item, index) => [item, error.CancellationReasons?.[index]?.Code ?? 'None']),
  ) as Record<(typeof SAVE_ITEMS)[number], string>;
}

const failed = (code: string) => code === 'ConditionalCheckFailed';

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

  async findApplicationIds(applicantKey: string): Promise<string[]> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: itemKeys.applicant(applicantKey),
        ConsistentRead: true,
      }),
    );
    return applicationIdsOf(Item);
  }

  async create({
    submission,
    contentKey,
    applicantKey,
    replayUntil,
    formToken,
  }: NewSubmission): Promise<CreateOutcome> {
    const { id, reference, createdAt } = submission;
    const now = epochSeconds(new Date(createdAt));
    const receipt = receiptOf(submission);
    const notThere = 'attribute_not_exists(pk)';
    // Guards whose time has passed still count as absent: TTL deletes lazily.
    const notThereOrExpired = `${notThere} OR expiresAt <= :now`;
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
                ConditionExpression: notThereOrExpired,
                ExpressionAttributeValues: { ':now': now },
              },
            },
            {
              // No condition: a repeat applicant's save is the same one write as a first
              // one, so its timing cannot reveal that the address applied before.
              Update: {
                TableName: this.tableName,
                Key: itemKeys.applicant(applicantKey),
                UpdateExpression: 'SET entity = :entity ADD applicationIds :id',
                ExpressionAttributeValues: { ':entity': 'applicant', ':id': new Set([id]) },
              },
            },
            ...(formToken
              ? [
                  {
                    Put: {
                      TableName: this.tableName,
                      Item: {
                        ...itemKeys.formToken(formToken.nonce),
                        entity: 'form-token',
                        expiresAt: epochSeconds(formToken.expiresAt),
                      },
                      ConditionExpression: notThereOrExpired,
                      ExpressionAttributeValues: { ':now': now },
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
      // An identical resubmission (a double click) carries the same token: replay first.
      if (failed(codes.replay)) {
        const replay = await this.findReplay(contentKey, new Date(createdAt));
        if (replay) return { kind: 'replayed', receipt: replay };
      }
      if (failed(codes.formToken)) return { kind: 'token_used' };
      if (failed(codes.reference)) return { kind: 'retry', reason: 'reference_taken' };
      return { kind: 'retry', reason: 'conflict' };
    }
  }

  async takeDailySlot(
    id: string,
    slot: DailySlot,
  ): Promise<'taken' | 'limit_reached' | 'not_pending'> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: itemKeys.confirmationQuota(slot.emailKey, slot.day),
                UpdateExpression: 'SET entity = :entity, expiresAt = :expiresAt ADD sent :one',
                ConditionExpression: 'attribute_not_exists(sent) OR sent < :limit',
                ExpressionAttributeValues: {
                  ':entity': 'confirmation-quota',
                  ':expiresAt': epochSeconds(slot.expiresAt),
                  ':one': 1,
                  ':limit': slot.limit,
                },
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: itemKeys.application(id),
                UpdateExpression: 'SET confirmation.slotTaken = :taken',
                ConditionExpression:
                  'attribute_exists(pk) AND confirmation.#state = :pending AND attribute_not_exists(confirmation.slotTaken)',
                ExpressionAttributeNames: { '#state': 'state' },
                ExpressionAttributeValues: { ':taken': true, ':pending': 'pending' },
              },
            },
          ],
        }),
      );
      return 'taken';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [quota, application] = error.CancellationReasons ?? [];
      if (failed(application?.Code ?? '')) return 'not_pending';
      if (failed(quota?.Code ?? '')) return 'limit_reached';
      throw error;
    }
  }

  async markConfirmationSuppressed(id: string, at: Date): Promise<void> {
    await this.leavePending(id, {
      set: 'confirmation.#state = :suppressed, confirmation.lastAttemptAt = :at',
      values: { ':suppressed': 'suppressed', ':at': at.toISOString() },
    });
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
