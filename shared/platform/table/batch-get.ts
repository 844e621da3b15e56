import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from './dynamodb-values.js';

// BatchGetItem reads at most this many keys per call.
const BATCH_GET_LIMIT = 100;

/**
 * Reads items by key, 100 per BatchGetItem, asking again for whatever DynamoDB left
 * unprocessed until none is left. Items that do not exist are simply absent.
 */
export async function batchGetAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Item[],
  options: {
    consistentRead?: boolean;
    projection?: string;
    /** Names the projection uses for reserved words (`#status`). */
    names?: Record<string, string>;
  } = {},
): Promise<Item[]> {
  const found: Item[] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT) {
    let requested = keys.slice(start, start + BATCH_GET_LIMIT);
    while (requested.length > 0) {
      const { Responses, UnprocessedKeys } = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: [...requested],
              ...(options.consistentRead ? { ConsistentRead: true } : {}),
              ...(options.projection ? { ProjectionExpression: options.projection } : {}),
              ...(options.names ? { ExpressionAttributeNames: options.names } : {}),
            },
          },
        }),
      );
      found.push(...(Responses?.[tableName] ?? []));
      requested = (UnprocessedKeys?.[tableName]?.Keys ?? []) as Item[];
    }
  }
  return found;
}
