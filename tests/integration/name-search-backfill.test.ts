import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { menteeApplicationSchema } from '../../shared/applications/schemas/mentee.js';
import { applicationItem, itemKeys } from '../../shared/applications/store/application-item.js';
import type { ErasedSubmission, Submission } from '../../shared/applications/submission.js';
import { backfillNameSearch } from '../../shared/review/store/name-search-backfill.js';
import { DynamoDbStaffRepository } from '../../shared/review/store/staff-repository.js';
import { aMenteeApplication } from '../support/builders.js';
import { testFingerprints } from '../support/fingerprints.js';
import { dynamoDbClient, freshTable } from '../support/in-process-intake.js';

let tableName: string;
let client: DynamoDBDocumentClient;

/** An application as the intake saved it before search existed: no name entries. */
function olderApplication(id: string, lastName: string): Submission {
  return {
    id,
    reference: `LM-OLD${id.slice(-1)}-2345`,
    type: 'mentee',
    status: 'received',
    createdAt: `2025-0${id.slice(-1)}-01T00:00:00.000Z`,
    application: menteeApplicationSchema.parse(aMenteeApplication({ lastName })),
    confirmation: { state: 'sent', attempts: 1 },
    version: 1,
  };
}

beforeAll(async () => {
  tableName = await freshTable();
  client = DynamoDBDocumentClient.from(dynamoDbClient());
});

describe('backfillNameSearch', () => {
  it('gives applications saved before search their entries, skips erased ones, and is safe to run twice', async () => {
    const repository = new DynamoDbStaffRepository(client, tableName, testFingerprints);
    for (const [id, name] of [
      ['01J00000000000000000000001', 'Okonkwo'],
      ['01J00000000000000000000002', 'Okafor'],
    ] as const) {
      await client.send(
        new PutCommand({ TableName: tableName, Item: applicationItem(olderApplication(id, name)) }),
      );
    }
    const find = async (prefix: string) =>
      (await repository.search({ kind: 'name', prefix }, {}, 10)).map((found) => found.id);
    expect(await find('ok')).toEqual([]);

    expect(await backfillNameSearch(client, tableName)).toBe(4);
    expect(await find('oko')).toEqual(['01J00000000000000000000001']);
    expect(await find('ok')).toEqual(['01J00000000000000000000002', '01J00000000000000000000001']);

    expect(await backfillNameSearch(client, tableName)).toBe(0);

    // Erased: its tombstone is listed nowhere, and a backfill writes nothing beside it.
    const tombstone: ErasedSubmission = {
      id: '01J00000000000000000000003',
      type: 'mentee',
      createdAt: '2025-03-01T00:00:00.000Z',
      status: 'erased',
      erasedAt: '2025-04-01T00:00:00.000Z',
      erasedBy: { sub: 'admin' },
    };
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...itemKeys.application(tombstone.id), entity: 'application', ...tombstone },
      }),
    );
    expect(await backfillNameSearch(client, tableName)).toBe(0);
  });
});
