import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Fingerprints, legacyEmailKey } from '../../applications/fingerprints.js';
import type { EmailKind, OutboxEmail, SuppressionReason } from '../../applications/outbox.js';
import {
  dueKey,
  EMAIL_SORT_PREFIX,
  itemKeys,
  PENDING,
  toOutboxEmail,
} from '../../applications/store/application-item.js';
import { batchGetAll } from '../../platform/table/batch-get.js';
import { epochSeconds, isConditionFailure } from '../../platform/table/dynamodb-values.js';
import { TABLE_DESIGN } from '../../platform/table/table-design.js';
import { normalizedAddress } from '../../platform/text/email-address.js';
import type { Claim, DailySlot, EmailOutbox, EmailRef, Lease } from '../delivery-ports.js';
import type { DeliveryProblem } from '../delivery-problems.js';

const PENDING_INDEX: keyof typeof TABLE_DESIGN.indexes = 'pendingEmails';
const { partitionKey: PENDING_KEY, sortKey: DUE_KEY } = TABLE_DESIGN.indexes.pendingEmails;
// SES message ids are kept this long to match late bounces and complaints to their email.
const MESSAGE_LOOKUP_DAYS = 30;

/** The outbox in DynamoDB: one item per email beside its application, claimed by a lease. */
export class DynamoDbEmailOutbox implements EmailOutbox {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Keys the suppression list by a keyed hash of each address. */
    private readonly fingerprints: Fingerprints,
  ) {}

  async claim(
    ref: EmailRef,
    now: Date,
    lease: Lease,
    options: { dueBy?: Date; dailySlot?: DailySlot } = {},
  ): Promise<Claim | undefined> {
    if (options.dailySlot) {
      const withSlot = await this.claimWithSlot(ref, now, lease, options.dailySlot, options);
      if (withSlot !== 'not_as_expected') return withSlot;
    }
    const email = await this.claimOnly(ref, now, lease, options);
    if (!email || !options.dailySlot || email.slotTaken) return email && { email };
    // Held, but without its slot: only if an earlier try stopped between the two writes.
    const dailySlot = await this.takeDailySlot(ref, options.dailySlot);
    return { email: dailySlot === 'taken' ? { ...email, slotTaken: true } : email, dailySlot };
  }

  /** The claim's condition and update, shared by both ways of claiming. */
  private claimUpdate(ref: EmailRef, now: Date, lease: Lease, options: { dueBy?: Date }) {
    const due = options.dueBy ? ` AND ${DUE_KEY} <= :due` : '';
    return {
      TableName: this.tableName,
      Key: itemKeys.email(ref.applicationId, ref.kind),
      UpdateExpression: 'SET leaseUntil = :leaseUntil, leaseId = :leaseId',
      // Our own lease again: the SDK retrying a claim that timed out after it was applied.
      ConditionExpression: `attribute_exists(pk) AND #state = :pending AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseId = :leaseId)${due}`,
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':leaseUntil': lease.until.toISOString(),
        ':leaseId': lease.id,
        ':pending': 'pending',
        ':now': now.toISOString(),
        // '~' sorts after every id, so everything due at or before `dueBy` qualifies.
        ...(options.dueBy ? { ':due': `${options.dueBy.toISOString()}#~` } : {}),
      } as Record<string, unknown>,
    };
  }

  private async claimOnly(
    ref: EmailRef,
    now: Date,
    lease: Lease,
    options: { dueBy?: Date },
  ): Promise<OutboxEmail | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          ...this.claimUpdate(ref, now, lease, options),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toOutboxEmail(Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /**
   * The usual first claim of a confirmation, one write instead of two: the email (pending,
   * free, never tried, no slot yet) and one of its address's slots for the day, together.
   * Anything else about the email, and a spent day, is settled by the plain claim after.
   */
  private async claimWithSlot(
    ref: EmailRef,
    now: Date,
    lease: Lease,
    slot: DailySlot,
    options: { dueBy?: Date },
  ): Promise<Claim | 'not_as_expected'> {
    const claim = this.claimUpdate(ref, now, lease, options);
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                ...claim,
                UpdateExpression: `${claim.UpdateExpression}, slotTaken = :taken`,
                ConditionExpression: `${claim.ConditionExpression} AND attribute_not_exists(slotTaken) AND attempts = :zero`,
                ExpressionAttributeValues: {
                  ...claim.ExpressionAttributeValues,
                  ':taken': true,
                  ':zero': 0,
                },
              },
            },
            { Update: this.quotaUpdate(slot) },
          ],
        }),
      );
    } catch (error) {
      const [email, quota] =
        error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
      if (email?.Code === 'ConditionalCheckFailed') return 'not_as_expected';
      if (quota?.Code !== 'ConditionalCheckFailed') throw error;
      // The day's slots are spent: held all the same, to be marked suppressed.
      const held = await this.claimOnly(ref, now, lease, options);
      return held ? { email: held, dailySlot: 'limit_reached' } : 'not_as_expected';
    }
    // What the condition guarantees: the state the email is now in, without reading it back.
    return {
      email: {
        applicationId: ref.applicationId,
        kind: ref.kind,
        state: 'pending',
        attempts: 0,
        leaseUntil: lease.until.toISOString(),
        slotTaken: true,
      },
      dailySlot: 'taken',
    };
  }

  async release(ref: EmailRef, lease: Lease): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKeys.email(ref.applicationId, ref.kind),
          UpdateExpression: 'REMOVE leaseUntil, leaseId',
          // Only our own lease on an email still pending: never another sender's.
          ConditionExpression: '#state = :pending AND leaseId = :leaseId',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':pending': 'pending', ':leaseId': lease.id },
        }),
      );
    } catch (error) {
      // Erased meanwhile, or no longer ours: nothing to hand back.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async markSent(ref: EmailRef, messageId: string, at: Date): Promise<void> {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: this.leavePending(ref, {
              set: '#state = :sent, messageId = :messageId, attempts = attempts + :one, lastAttemptAt = :at',
              values: {
                ':sent': 'sent',
                ':messageId': messageId,
                ':one': 1,
                ':at': at.toISOString(),
              },
            }),
          },
          {
            // Bounce and complaint notifications name the message id: this finds the email.
            Put: {
              TableName: this.tableName,
              Item: {
                ...itemKeys.sesMessage(messageId),
                entity: 'ses-message',
                applicationId: ref.applicationId,
                kind: ref.kind,
                expiresAt: epochSeconds(at) + MESSAGE_LOOKUP_DAYS * 24 * 60 * 60,
              },
            },
          },
        ],
      }),
    );
  }

  async recordFailure(
    ref: EmailRef,
    at: Date,
    errorName: string,
    retryAt: Date | null,
  ): Promise<void> {
    const attempt = { ':one': 1, ':at': at.toISOString(), ':error': errorName };
    const counted = 'attempts = attempts + :one, lastAttemptAt = :at, lastError = :error';
    if (retryAt === null) {
      await this.client.send(
        new UpdateCommand(
          this.leavePending(ref, {
            set: `#state = :failed, ${counted}`,
            values: { ':failed': 'failed', ...attempt },
          }),
        ),
      );
      return;
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: itemKeys.email(ref.applicationId, ref.kind),
        UpdateExpression: `SET ${counted}, dueAt = :dueAt, #due = :due REMOVE leaseUntil, leaseId`,
        ConditionExpression: 'attribute_exists(pk) AND #state = :pending',
        ExpressionAttributeNames: { '#state': 'state', '#due': DUE_KEY },
        ExpressionAttributeValues: {
          ...attempt,
          ':pending': 'pending',
          ':dueAt': retryAt.toISOString(),
          ':due': dueKey(retryAt.toISOString(), ref.applicationId, ref.kind),
        },
      }),
    );
  }

  async markSuppressed(ref: EmailRef, at: Date, reason: SuppressionReason): Promise<void> {
    await this.client.send(
      new UpdateCommand(
        this.leavePending(ref, {
          set: '#state = :suppressed, suppressedBecause = :reason, lastAttemptAt = :at',
          values: { ':suppressed': 'suppressed', ':reason': reason, ':at': at.toISOString() },
        }),
      ),
    );
  }

  /** One more of the address's slots for the day, unless they are spent. */
  private quotaUpdate(slot: DailySlot) {
    return {
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
    };
  }

  private async takeDailySlot(ref: EmailRef, slot: DailySlot): Promise<'taken' | 'limit_reached'> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: this.quotaUpdate(slot) },
            {
              // Once per email: a retry after a failed send does not take a second slot.
              Update: {
                TableName: this.tableName,
                Key: itemKeys.email(ref.applicationId, ref.kind),
                UpdateExpression: 'SET slotTaken = :taken',
                ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(slotTaken)',
                ExpressionAttributeValues: { ':taken': true },
              },
            },
          ],
        }),
      );
      return 'taken';
    } catch (error) {
      const [quota] =
        error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
      if (quota?.Code === 'ConditionalCheckFailed') return 'limit_reached';
      throw error;
    }
  }

  async findDue(now: Date, limit: number): Promise<EmailRef[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: PENDING_INDEX,
        KeyConditionExpression: '#pending = :pending AND #due <= :now',
        ExpressionAttributeNames: { '#pending': PENDING_KEY, '#due': DUE_KEY },
        ExpressionAttributeValues: { ':pending': PENDING, ':now': `${now.toISOString()}#~` },
        ProjectionExpression: 'applicationId, kind',
        Limit: limit,
      }),
    );
    return Items.map((item) => ({
      applicationId: String(item.applicationId),
      kind: item.kind as EmailKind,
    }));
  }

  async suppressionOf(address: string): Promise<DeliveryProblem['kind'] | undefined> {
    return (await this.suppressionsOf([address])).get(address);
  }

  async suppressionsOf(
    addresses: readonly string[],
  ): Promise<Map<string, DeliveryProblem['kind']>> {
    const keyed = await Promise.all(
      addresses.map(async (address) => {
        const normalized = normalizedAddress(address);
        return {
          address,
          keys: [await this.fingerprints.emailKey(normalized), legacyEmailKey(normalized)],
        };
      }),
    );
    const hashes = [...new Set(keyed.flatMap(({ keys }) => keys))];
    const items = await batchGetAll(
      this.client,
      this.tableName,
      hashes.map((hash) => itemKeys.suppressedAddress(hash)),
      { consistentRead: true },
    );
    const listed = new Map(items.map((item) => [String(item.pk), item]));
    const found = new Map<string, DeliveryProblem['kind']>();
    for (const { address, keys } of keyed) {
      // Items written before the key existed are under the unkeyed digest and never expire:
      // they still count, until removed (see README, "Keyed hashes").
      const item = keys
        .map((hash) => listed.get(itemKeys.suppressedAddress(hash).pk))
        .find(Boolean);
      // Items written before the reason was read back all say one or the other.
      if (item) found.set(address, item.reason === 'complained' ? 'complained' : 'bounced');
    }
    return found;
  }

  async recordDeliveryProblem(problem: DeliveryProblem, at: Date): Promise<void> {
    for (const address of new Set(problem.addresses.map(normalizedAddress))) {
      // Keyed by a hash: the suppression list holds no address.
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...itemKeys.suppressedAddress(await this.fingerprints.emailKey(address)),
            entity: 'suppressed-address',
            reason: problem.kind,
            at: at.toISOString(),
          },
        }),
      );
    }
    const { Item: sent } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: itemKeys.sesMessage(problem.messageId) }),
    );
    if (!sent) return;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKeys.email(String(sent.applicationId), sent.kind as EmailKind),
          UpdateExpression: 'SET #state = :state, deliveryProblemAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':state': problem.kind, ':at': at.toISOString() },
        }),
      );
    } catch (error) {
      // Erased since: nothing left to mark.
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** An update that moves a pending email to a final state and out of the sweeper's queue. */
  private leavePending(ref: EmailRef, update: { set: string; values: Record<string, unknown> }) {
    return {
      TableName: this.tableName,
      Key: itemKeys.email(ref.applicationId, ref.kind),
      UpdateExpression: `SET ${update.set} REMOVE #pendingKey, #due, leaseUntil, leaseId, dueAt`,
      ConditionExpression: 'attribute_exists(pk) AND #state = :pending',
      ExpressionAttributeNames: { '#state': 'state', '#pendingKey': PENDING_KEY, '#due': DUE_KEY },
      ExpressionAttributeValues: { ...update.values, ':pending': 'pending' },
    };
  }
}

/** Whether a stream record's sort key is an outbox email's, and which. */
export function emailRefFromKeys(keys: { pk?: string; sk?: string }): EmailRef | undefined {
  if (!keys.pk?.startsWith('APPLICATION#') || !keys.sk?.startsWith(EMAIL_SORT_PREFIX))
    return undefined;
  return {
    applicationId: keys.pk.slice('APPLICATION#'.length),
    kind: keys.sk.slice(EMAIL_SORT_PREFIX.length) as EmailKind,
  };
}
