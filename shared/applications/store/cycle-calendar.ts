import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../../platform/table/dynamodb-values.js';
import { TableGateway } from '../../platform/table/table-gateway.js';
import type { Cycle, CycleCalendar } from '../cycles.js';

/** Every cycle sits in one partition: a handful over the years, read in one Query. */
export const CYCLES_PARTITION = 'CYCLES';
const CYCLES = CYCLES_PARTITION;
const cycleKey = (id: string) => ({ pk: CYCLES, sk: `CYCLE#${id}` });
// A cycle's completion is an item of its own beside it, so an admin's edit of the cycle
// (a whole Put under its version) never loses it, and completing never moves the version
// an admin's open form holds.
const COMPLETION_PREFIX = 'COMPLETION#';
const completionKey = (id: string) => ({ pk: CYCLES, sk: `${COMPLETION_PREFIX}${id}` });

function toCycle(item: Record<string, unknown>): Cycle {
  const { id, name, opensAt, closesAt, matchingOn, startsOn, endsOn, version } =
    item as unknown as Cycle;
  return {
    id,
    name,
    opensAt,
    closesAt,
    ...(matchingOn ? { matchingOn } : {}),
    ...(startsOn ? { startsOn } : {}),
    ...(endsOn ? { endsOn } : {}),
    version,
  };
}

/** The program's cycles in DynamoDB, each versioned for If-Match. */
export class DynamoDbCycleCalendar implements CycleCalendar {
  private readonly table: TableGateway;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.table = new TableGateway(client, tableName);
  }

  async list(): Promise<Cycle[]> {
    const cycles: Cycle[] = [];
    const completedAt = new Map<string, string>();
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.query({
        KeyConditionExpression: 'pk = :cycles',
        ExpressionAttributeValues: { ':cycles': CYCLES },
        ExclusiveStartKey: startKey,
      });
      for (const item of page.Items ?? []) {
        if (String(item.sk).startsWith(COMPLETION_PREFIX)) {
          completedAt.set(String(item.cycleId), String(item.completedAt));
        } else cycles.push(toCycle(item));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return cycles.map((cycle) => {
      const at = completedAt.get(cycle.id);
      return at ? { ...cycle, completedAt: at } : cycle;
    });
  }

  async markCompleted(cycleId: string, at: Date): Promise<void> {
    try {
      await this.table.put({
        Item: {
          ...completionKey(cycleId),
          entity: 'cycle-completion',
          cycleId,
          completedAt: at.toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async create(cycle: Cycle): Promise<void> {
    await this.table.put({
      Item: { ...cycleKey(cycle.id), entity: 'cycle', ...cycle },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  }

  async update(cycle: Cycle, expectedVersion: number) {
    const saved = { ...cycle, version: expectedVersion + 1 };
    try {
      await this.table.put({
        Item: { ...cycleKey(cycle.id), entity: 'cycle', ...saved },
        ConditionExpression: 'attribute_exists(pk) AND version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
      });
      return saved;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.table.get({ Key: cycleKey(cycle.id), ConsistentRead: true });
      return Item ? ('version_mismatch' as const) : ('not_found' as const);
    }
  }
}
