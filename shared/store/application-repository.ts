import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ApplicationRepository, CreateOutcome, NewSubmission } from '../domain/ports.js';
import type { Receipt, Submission } from '../domain/submission.js';
import { TABLE_DESIGN } from './table-design.js';

const { indexes } = TABLE_DESIGN;

/** The keys of every item kind: the only place that knows how items are addressed. */
export const itemKeys = {
  application: (id: string) => ({ pk: `APPLICATION#${id}`, sk: 'APPLICATION' }),
  reference: (reference: string) => ({ pk: `REFERENCE#${reference}`, sk: 'REFERENCE' }),
  replay: (contentKey: string) => ({ pk: `REPLAY#${contentKey}`, sk: 'REPLAY' }),
  applicant: (applicantKey: string) => ({ pk: `APPLICANT#${applicantKey}`, sk: 'APPLICANT' }),
  confirmationQuota: (emailKey: string, day: string) => ({
    pk: `CONFIRMATION_QUOTA#${emailKey}#${day}`,
    sk: 'QUOTA',
  }),
};

/** The partition value of every listed (not erased) application in the byDate index. */
export const LISTED = 'APPLICATION';

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

// Positions of the items in the save transaction, to read its cancellation reasons.
const SAVE_ITEMS = ['application', 'reference', 'replay', 'applicant'] as const;

function cancellationCodes(error: TransactionCanceledException) {
  return Object.fromEntries(
    SAVE_ITEMS.map((item, index) => [item, error.CancellationReasons?.[index]?.Code ?? 'None']),
  ) as Record<(typeof SAVE_ITEMS)[number], string>;
}

/** The stored item of a new submission: listed by date and pending its confirmation. */
export function applicationItem(submission: Submission): Record<string, unknown> {
  const key = `${submission.createdAt}#${submission.id}`;
  return {
    ...itemKeys.application(submission.id),
    entity: 'application',
    ...submission,
    email: submission.application.email,
    [indexes.byDate.partitionKey]: LISTED,
    [indexes.byDate.sortKey]: key,
    [indexes.pendingConfirmations.partitionKey]: 'PENDING',
    [indexes.pendingConfirmations.sortKey]: key,
  };
}

/** Applications in DynamoDB: one item per submission plus guard items, written together. */
export class DynamoDbApplicationRepository implements ApplicationRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async findReplay(contentKey: string, now: Date): Promise<Receipt | undefined> {
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
  }: NewSubmission): Promise<CreateOutcome> {
    const { id, reference, type, createdAt, duplicateOf } = submission;
    const receipt: Receipt = { id, reference, type, status: 'received', receivedAt: createdAt };
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
        return { kind: 'retry', reason: 'applicant_changed' };
      return { kind: 'retry', reason: 'conflict' };
    }
  }

  async claimConfirmationSlot(
    emailKey: string,
    day: string,
    limit: number,
    expiresAt: Date,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKeys.confirmationQuota(emailKey, day),
          UpdateExpression: 'SET entity = :entity, expiresAt = :expiresAt ADD sent :one',
          ConditionExpression: 'attribute_not_exists(sent) OR sent < :limit',
          ExpressionAttributeValues: {
            ':entity': 'confirmation-quota',
            ':expiresAt': epochSeconds(expiresAt),
            ':one': 1,
            ':limit': limit,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async markConfirmationSent(id: string, messageId: string, at: Date): Promise<void> {
    await this.finishConfirmation(id, at, 'sent', messageId);
  }

  async markConfirmationSuppressed(id: string, at: Date): Promise<void> {
    await this.finishConfirmation(id, at, 'suppressed');
  }

  async recordConfirmationFailure(id: string, at: Date, errorName: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: itemKeys.application(id),
        UpdateExpression:
          'SET confirmation.attempts = confirmation.attempts + :one, confirmation.lastAttemptAt = :at, confirmation.lastError = :error',
        ConditionExpression: 'attribute_exists(pk) AND confirmation.#state = :pending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':at': at.toISOString(),
          ':error': errorName,
          ':pending': 'pending',
        },
      }),
    );
  }

  /** Moves a pending confirmation to a final state and drops it from the pending index. */
  private async finishConfirmation(
    id: string,
    at: Date,
    state: 'sent' | 'suppressed',
    messageId?: string,
  ): Promise<void> {
    const sent = state === 'sent';
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: itemKeys.application(id),
        UpdateExpression: `SET confirmation.#state = :state, confirmation.lastAttemptAt = :at${
          sent
            ? ', confirmation.messageId = :messageId, confirmation.attempts = confirmation.attempts + :one'
            : ''
        } REMOVE #pending, #due`,
        ConditionExpression: 'attribute_exists(pk) AND confirmation.#state = :pending',
        ExpressionAttributeNames: {
          '#state': 'state',
          '#pending': indexes.pendingConfirmations.partitionKey,
          '#due': indexes.pendingConfirmations.sortKey,
        },
        ExpressionAttributeValues: {
          ':state': state,
          ':at': at.toISOString(),
          ':pending': 'pending',
          ...(sent ? { ':messageId': messageId, ':one': 1 } : {}),
        },
      }),
    );
  }
}
