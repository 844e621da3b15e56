import type { TableGateway } from '../../platform/table/table-gateway.js';
import { type Item, itemKeys } from './application-item.js';

/** Every item of an application's partition (or the attributes asked for), page by page. */
export async function partitionItems(
  table: TableGateway,
  applicationId: string,
  options: { projection?: string; names?: Record<string, string> } = {},
): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': itemKeys.application(applicationId).pk },
      ...(options.projection ? { ProjectionExpression: options.projection } : {}),
      ...(options.names ? { ExpressionAttributeNames: options.names } : {}),
      ConsistentRead: true,
      ExclusiveStartKey: startKey,
    });
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
