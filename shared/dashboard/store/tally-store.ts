import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OutboxEmail } from '../../applications/outbox.js';
import {
  EMAIL_SORT_PREFIX,
  type Item,
  toSubmission,
} from '../../applications/store/application-item.js';
import type { TableWrite } from '../../platform/table/table-gateway.js';
import { TableGateway } from '../../platform/table/table-gateway.js';
import {
  applicationContribution,
  type Contribution,
  emailContribution,
  sameContribution,
  tallyChanges,
} from '../tally.js';

/** One stored item the aggregate follows: an application or one of its outbox emails. */
export interface TallyKey {
  pk: string;
  sk: string;
}

/** The aggregate of one cycle: a counter per attribute. */
export const tallyKey = (cycle: string) => ({ pk: `TALLY#${cycle}`, sk: 'TALLY' });
/** What an item added to the aggregate, kept beside it (never any answer, only counts). */
const contributionKey = (key: TallyKey) => ({ pk: `TALLIED#${key.pk}`, sk: key.sk });

// A transaction holds at most 100 items: a group's contributions plus its cycles' counters.
const KEYS_PER_TRANSACTION = 40;

const APPLICATION_PREFIX = 'APPLICATION#';

/**
 * The dashboard's aggregate in DynamoDB: a counter item per cycle, kept by the table
 * stream's aggregator. For each item a record names, it reads what the item is now and what
 * it last added, and moves the counters by the difference in one transaction with the new
 * contribution, conditional on the old one: exactly once, whatever the order or number of
 * deliveries.
 */
export class DynamoDbTally {
  private readonly table: TableGateway;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.table = new TableGateway(client, tableName);
  }

  /** Brings the aggregate up to date with the items these keys name. */
  async recount(keys: readonly TallyKey[]): Promise<void> {
    const distinct = [
      ...new Map(
        keys
          .filter((key) => key.pk.startsWith(APPLICATION_PREFIX))
          .filter((key) => key.sk === 'APPLICATION' || key.sk.startsWith(EMAIL_SORT_PREFIX))
          .map((key) => [`${key.pk}|${key.sk}`, key]),
      ).values(),
    ];
    for (let start = 0; start < distinct.length; start += KEYS_PER_TRANSACTION) {
      await this.recountGroup(distinct.slice(start, start + KEYS_PER_TRANSACTION));
    }
  }

  private async recountGroup(keys: readonly TallyKey[]): Promise<void> {
    const applications = [...new Set(keys.map((key) => key.pk))].map((pk) => ({
      pk,
      sk: 'APPLICATION',
    }));
    const emails = keys.filter((key) => key.sk !== 'APPLICATION');
    const read = await this.table.batchGet(
      [...applications, ...emails, ...keys.map(contributionKey)].map((key) => ({ ...key })),
      { consistentRead: true },
    );
    const found = new Map(read.map((item) => [`${item.pk}|${item.sk}`, item]));
    const itemAt = (key: TallyKey) => found.get(`${key.pk}|${key.sk}`);

    const writes: TableWrite[] = [];
    const moves: Array<{ before?: Contribution; after?: Contribution }> = [];
    for (const key of keys) {
      const application = itemAt({ pk: key.pk, sk: 'APPLICATION' });
      const live = application && application.status !== 'erased' ? application : undefined;
      const after = contributionOf(key, itemAt(key), live);
      const kept = itemAt(contributionKey(key));
      const before = kept
        ? ({ cycle: kept.cycle, counters: kept.counters } as Contribution)
        : undefined;
      if (sameContribution(before, after)) continue;
      moves.push({ before, after });
      writes.push(contributionWrite(key, kept, after));
    }
    for (const [cycle, counters] of tallyChanges(moves))
      writes.push(counterUpdate(cycle, counters));
    if (writes.length > 0) await this.table.transactWrite(writes);
  }

  /** A cycle's counters, read consistently; empty before anything is counted. */
  async counters(cycle: string): Promise<Record<string, number>> {
    const { Item } = await this.table.get({ Key: tallyKey(cycle), ConsistentRead: true });
    const { pk: _pk, sk: _sk, entity: _entity, ...counters } = Item ?? {};
    return counters as Record<string, number>;
  }
}

function contributionOf(
  key: TallyKey,
  item: Item | undefined,
  application: Item | undefined,
): Contribution | undefined {
  if (!item || !application) return undefined;
  if (key.sk === 'APPLICATION') return applicationContribution(toSubmission(item));
  const email = item as unknown as OutboxEmail;
  return emailContribution(email.state, application.cycleId as string | undefined);
}

/** Replaces (or removes) what an item added, only if it is still what was read. */
function contributionWrite(
  key: TallyKey,
  kept: Item | undefined,
  after: Contribution | undefined,
): TableWrite {
  const unchanged = kept
    ? {
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: { ':read': kept.version },
      }
    : { ConditionExpression: 'attribute_not_exists(pk)' };
  if (!after) return { Delete: { Key: contributionKey(key), ...unchanged } };
  return {
    Put: {
      Item: {
        ...contributionKey(key),
        entity: 'tally-contribution',
        ...after,
        version: Number(kept?.version ?? 0) + 1,
      },
      ...unchanged,
    },
  };
}

/** ADDs each change to its counter on the cycle's aggregate item. */
function counterUpdate(cycle: string, counters: Map<string, number>): TableWrite {
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const parts = [...counters].map(([name, change], index) => {
    names[`#c${index}`] = name;
    values[`:c${index}`] = change;
    return `#c${index} :c${index}`;
  });
  return {
    Update: {
      Key: tallyKey(cycle),
      UpdateExpression: `SET entity = :entity ADD ${parts.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ...values, ':entity': 'tally' },
    },
  };
}
