import { gunzipSync } from 'node:zlib';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { table } from './local-aws.js';

/** A matching run as DynamoDB holds it: the item, and all it says as text (result unzipped). */
export interface StoredRun {
  item: Record<string, unknown>;
  result: Record<string, unknown>;
  text: string;
}

function unzipped(item: Record<string, unknown>): StoredRun {
  const result = JSON.parse(gunzipSync(item.result as Uint8Array).toString('utf8'));
  return { item, result, text: JSON.stringify({ ...item, result }) };
}

/** Every matching run stored in the table (a test may scan: it reads what is really there). */
export async function storedRuns(tableName = table.name): Promise<StoredRun[]> {
  const runs: StoredRun[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'entity = :run',
        ExpressionAttributeValues: { ':run': 'match-run' },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    runs.push(...(page.Items ?? []).map(unzipped));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return runs;
}

/** One stored run by id, or undefined. */
export async function storedRun(id: string, tableName = table.name) {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: tableName,
      Key: { pk: `MATCH_RUN#${id}`, sk: 'RUN' },
      ConsistentRead: true,
    }),
  );
  return Item ? unzipped(Item) : undefined;
}

/** Checks no stored run mentions any of `values` (case-insensitive); returns the offenders. */
export async function runsMentioning(values: readonly string[], tableName = table.name) {
  const lowered = values.map((value) => value.toLowerCase());
  return (await storedRuns(tableName))
    .filter((run) => lowered.some((value) => run.text.toLowerCase().includes(value)))
    .map((run) => String(run.item.id));
}
