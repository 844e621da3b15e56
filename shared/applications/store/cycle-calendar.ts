import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../../platform/table/dynamodb-values.js';
import { TableGateway } from '../../platform/table/table-gateway.js';
import type { Cycle, CycleCalendar } from '../cycles.js';

/** Every cycle sits in one partition: a handful over the years, read in one Query. */
export const CYCLES_PARTITION = 'CYCLES';
const CYCLES = CYCLES_PARTITION;
const cycleKey = (id: string) => ({ pk: CYCLES, sk: `CYCLE#${id}` });

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
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.query({
        KeyConditionExpression: 'pk = :cycles',
        ExpressionAttributeValues: { ':cycles': CYCLES },
        ExclusiveStartKey: startKey,
      });
      cycles.push(...(page.Items ?? []).map(toCycle));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return cycles;
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
