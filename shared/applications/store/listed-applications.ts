import { TABLE_DESIGN } from '../../platform/table/table-design.js';
import type { TableGateway } from '../../platform/table/table-gateway.js';
import { type Item, LISTED } from './application-item.js';

const byDate = TABLE_DESIGN.indexes.byDate;

/** What to read of the listed applications: a filter on them, and which attributes. */
export interface ListedQuery {
  /** A FilterExpression; its names and values go in `names` and `values`. */
  filter?: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
  projection?: string;
}

/**
 * Every listed (not erased) application, oldest first, one byDate page at a time: for the
 * jobs that must see them all (backfills, carrying a cycle's mentees over, inviting its
 * mentors back), never for what staff see (that is paged for them, or counted on write).
 */
export async function* listedApplicationPages(
  table: TableGateway,
  query: ListedQuery = {},
): AsyncGenerator<Item[]> {
  let startKey: Item | undefined;
  do {
    const page = await table.query({
      IndexName: 'byDate',
      KeyConditionExpression: '#list = :listed',
      ExpressionAttributeNames: { '#list': byDate.partitionKey, ...query.names },
      ExpressionAttributeValues: { ':listed': LISTED, ...query.values },
      ...(query.filter ? { FilterExpression: query.filter } : {}),
      ...(query.projection ? { ProjectionExpression: query.projection } : {}),
      ExclusiveStartKey: startKey,
    });
    yield page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}
