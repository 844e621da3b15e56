import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  ApplicationRepository,
  CreateOutcome,
  NewSubmission,
} from '../../applications/application-ports.js';
import {
  applicationIdsOf,
  applicationItem,
  itemKeys,
  matchingKeys,
  nameSearchItems,
  newEmailPut,
  toMatchView,
  toSubmission,
} from '../../applications/store/application-item.js';
import {
  type MatchView,
  type Receipt,
  receiptOf,
  type Submission,
} from '../../applications/submission.js';
import { epochSeconds } from '../../platform/table/dynamodb-values.js';
import { TableGateway } from '../../platform/table/table-gateway.js';

// Positions of the items in the save transaction, to read its cancellation reasons.
const SAVE_ITEMS = ['application', 'reference', 'replay', 'applicant'] as const;

function cancellationCodes(error: TransactionCanceledException) {
  return Object.fromEntries(
    SAVE_ITEMS.map((item, index) => [item, error.CancellationReasons?.[index]?.Code ?? 'None']),
  ) as Record<(typeof SAVE_ITEMS)[number], string>;
}

const failed = (code: string) => code === 'ConditionalCheckFailed';

/** Applications in DynamoDB: one item per submission plus guard items, written together. */
export class DynamoDbApplicationRepository implements ApplicationRepository {
  private readonly table: TableGateway;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.table = new TableGateway(client, tableName);
  }

  /** The receipt of an identical application saved before `now` and still replayable. */
  private async findReplay(contentKey: string, now: Date): Promise<Receipt | undefined> {
    const { Item } = await this.table.get({
      Key: itemKeys.replay(contentKey),
      ConsistentRead: true,
    });
    // TTL deletes lazily (within days), so an expired guard can still be read: check it.
    if (!Item || Number(Item.expiresAt) <= epochSeconds(now)) return undefined;
    return Item.receipt as Receipt;
  }

  async findApplicationIds(applicantKey: string): Promise<string[]> {
    const { Item } = await this.table.get({
      Key: itemKeys.applicant(applicantKey),
      ConsistentRead: true,
    });
    return applicationIdsOf(Item);
  }

  async create({
    submission,
    contentKey,
    applicantKey,
    replayUntil,
    formToken,
    emails,
  }: NewSubmission): Promise<CreateOutcome> {
    const { id, reference, createdAt } = submission;
    const now = epochSeconds(new Date(createdAt));
    const receipt = receiptOf(submission);
    const notThere = 'attribute_not_exists(pk)';
    // Guards whose time has passed still count as absent: TTL deletes lazily.
    const notThereOrExpired = `${notThere} OR expiresAt <= :now`;
    try {
      await this.table.transactWrite([
        {
          Put: {
            Item: applicationItem(submission),
            ConditionExpression: notThere,
          },
        },
        {
          Put: {
            Item: { ...itemKeys.reference(reference), entity: 'reference', applicationId: id },
            ConditionExpression: notThere,
          },
        },
        {
          Put: {
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
            Key: itemKeys.applicant(applicantKey),
            UpdateExpression: 'SET entity = :entity ADD applicationIds :id',
            ExpressionAttributeValues: { ':entity': 'applicant', ':id': new Set([id]) },
          },
        },
        // The name's two search entries (byName), written with it and erased with it.
        ...nameSearchItems(submission).map((Item) => ({
          Put: { Item, ConditionExpression: notThere },
        })),
        // The outbox: each email an item of its own, saved in this same write, so an
        // application is never saved without its emails, nor an email without it.
        ...emails.map((email) => newEmailPut(email)),
        ...(formToken
          ? [
              {
                Put: {
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
      ]);
      return { kind: 'created' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = cancellationCodes(error);
      // The token's Put, when there is one, comes last.
      const tokenCode = formToken ? (error.CancellationReasons?.at(-1)?.Code ?? 'None') : 'None';
      // An identical resubmission (a double click) carries the same token: replay first.
      if (failed(codes.replay)) {
        const replay = await this.findReplay(contentKey, new Date(createdAt));
        if (replay) return { kind: 'replayed', receipt: replay };
      }
      if (failed(tokenCode)) return { kind: 'token_used' };
      if (failed(codes.reference)) return { kind: 'retry', reason: 'reference_taken' };
      return { kind: 'retry', reason: 'conflict' };
    }
  }

  async findSubmission(id: string): Promise<Submission | undefined> {
    const { Item } = await this.table.get({
      Key: itemKeys.application(id),
      ConsistentRead: true,
    });
    return Item && Item.status !== 'erased' ? toSubmission(Item) : undefined;
  }

  async findSubmissions(ids: readonly string[]): Promise<Map<string, Submission>> {
    const items = await this.table.batchGet(
      [...new Set(ids)].map((id) => itemKeys.application(id)),
      { consistentRead: true },
    );
    const live = items.filter((item) => item.status !== 'erased').map((item) => toSubmission(item));
    return new Map(live.map((submission) => [submission.id, submission]));
  }

  async findMatch(applicationId: string, withId: string): Promise<MatchView | undefined> {
    const { Item } = await this.table.get({
      Key: matchingKeys.matchView(applicationId, withId),
      ConsistentRead: true,
    });
    return Item ? toMatchView(Item) : undefined;
  }
}
