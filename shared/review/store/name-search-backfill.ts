import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { itemKeys, nameSearchItems } from '../../applications/store/application-item.js';
import { listedApplicationPages } from '../../applications/store/listed-applications.js';
import type { Submission } from '../../applications/submission.js';
import { TableGateway } from '../../platform/table/table-gateway.js';

/**
 * Writes the name search entries (byName) of applications saved before search existed:
 * every listed application, page by page through byDate, each entry only if absent. Safe
 * to run again (it reads which entries exist first, so a run with nothing to do costs a
 * Query and a BatchGetItem per 100 entries), and beside live traffic. Returns how many entries it wrote.
 */
export async function backfillNameSearch(
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<number> {
  const table = new TableGateway(client, tableName);
  let written = 0;
  for await (const page of listedApplicationPages(table)) {
    const entries = page.flatMap((item) =>
      nameSearchItems(item as unknown as Submission).map((entry) => ({ item, entry })),
    );
    const present = new Set(
      (
        await table.batchGet(
          entries.map(({ entry }) => ({ pk: entry.pk, sk: entry.sk })),
          { projection: 'pk, sk' },
        )
      ).map((found) => `${found.pk}|${found.sk}`),
    );
    for (const { item, entry } of entries) {
      if (present.has(`${entry.pk}|${entry.sk}`)) continue;
      try {
        await table.transactWrite([
          {
            // Only beside a live application: one erased meanwhile gets none.
            ConditionCheck: {
              Key: itemKeys.application(String(item.id)),
              ConditionExpression: '#status <> :erased',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':erased': 'erased' },
            },
          },
          { Put: { Item: entry, ConditionExpression: 'attribute_not_exists(sk)' } },
        ]);
        written++;
      } catch (error) {
        // Already there, or the application was erased: nothing to write.
        if (!(error instanceof TransactionCanceledException)) throw error;
      }
    }
  }
  return written;
}
