import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EMAIL_SORT_PREFIX } from '../../applications/store/application-item.js';
import { listedApplicationPages } from '../../applications/store/listed-applications.js';
import { TableGateway } from '../../platform/table/table-gateway.js';
import { DynamoDbTally, type TallyKey } from './tally-store.js';

/**
 * Counts the applications and emails saved before the dashboard's aggregate existed: every
 * listed application through byDate, and its emails by a Query of its partition, recounted
 * as the stream's aggregator does. Safe to run twice and beside live traffic (a recount
 * moves the counters by what changed since an item was last counted, so nothing counts
 * twice). Returns how many items it looked at.
 */
export async function backfillTally(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<number> {
  const table = new TableGateway(client, tableName);
  const tally = new DynamoDbTally(client, tableName);
  let looked = 0;
  for await (const page of listedApplicationPages(table, { projection: 'pk, sk' })) {
    const keys: TallyKey[] = [];
    for (const item of page) {
      keys.push({ pk: String(item.pk), sk: String(item.sk) });
      const emails = await table.query({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :email)',
        ExpressionAttributeValues: { ':pk': item.pk, ':email': EMAIL_SORT_PREFIX },
        ProjectionExpression: 'pk, sk',
      });
      for (const email of emails.Items ?? [])
        keys.push({ pk: String(email.pk), sk: String(email.sk) });
    }
    await tally.recount(keys);
    looked += keys.length;
  }
  return looked;
}
