import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { newReference } from '../../shared/applications/reference.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import { itemKeys, NAMED } from '../../shared/applications/store/application-item.js';
import { submitApplication } from '../../shared/intake/submit-application.js';
import { TABLE_DESIGN } from '../../shared/platform/table/table-design.js';
import { DynamoDbStaffRepository } from '../../shared/review/store/staff-repository.js';
import { aMentorApplication } from '../support/builders.js';
import { testFingerprints } from '../support/fingerprints.js';
import { dynamoDbClient, freshTable, intakeDependencies } from '../support/in-process-intake.js';

const { byName } = TABLE_DESIGN.indexes;
let tableName: string;
let client: DynamoDBDocumentClient;

/** Saves a mentor application through the real intake, as received at `at`. */
async function saveMentorAt(at: string, overrides: Record<string, unknown>) {
  const deps = intakeDependencies({
    tableName,
    environment: {
      now: () => new Date(at),
      newId: () => ulid(),
      newReference: () => newReference(),
    },
  });
  const result = await submitApplication(
    deps,
    'mentor',
    mentorApplicationSchema.parse(aMentorApplication(overrides)),
  );
  if (result.kind !== 'created') throw new Error(`not saved: ${result.kind}`);
  return result.submission;
}

beforeAll(async () => {
  tableName = await freshTable();
  client = DynamoDBDocumentClient.from(dynamoDbClient());
});

describe('name search in the table', () => {
  it('the intake writes exactly two name entries with an application, in its partition', async () => {
    const saved = await saveMentorAt('2026-02-01T10:00:00.000Z', {
      firstName: 'Wendy',
      lastName: 'Coates',
    });

    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :name)',
        ExpressionAttributeValues: { ':pk': itemKeys.application(saved.id).pk, ':name': 'NAME#' },
        ConsistentRead: true,
      }),
    );

    expect(Items.map((item) => [item.sk, item[byName.partitionKey], item[byName.sortKey]])).toEqual(
      [
        ['NAME#first-last', NAMED, `wendy coates#${saved.id}`],
        ['NAME#last-first', NAMED, `coates wendy#${saved.id}`],
      ],
    );
  });

  it('a broad prefix answers the newest first even when its matches run past one page of the index', async () => {
    const older = await saveMentorAt('2025-01-01T10:00:00.000Z', { lastName: 'Okafor' });
    // Newest, and its name sorts after every other match: last on the index's last page.
    const newest = await saveMentorAt('2026-03-01T10:00:00.000Z', { lastName: 'Okaforzz' });
    // Enough long entries between the two to fill more than a 1 MB page (the ids they end
    // with name no application, so only the index's paging is at stake).
    const filler = Array.from({ length: 3000 }, (_, index) => ({
      ...itemKeys.nameEntry(`FILLER${String(index).padStart(20, '0')}`, 'last-first'),
      [byName.partitionKey]: NAMED,
      [byName.sortKey]: `okafory ${'x'.repeat(400)}#FILLER${String(index).padStart(20, '0')}`,
    }));
    for (let start = 0; start < filler.length; start += 25) {
      await client.send(
        new BatchWriteCommand({
          RequestItems: {
            [tableName]: filler.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })),
          },
        }),
      );
    }
    const repository = new DynamoDbStaffRepository(client, tableName, testFingerprints);

    const found = await repository.search({ kind: 'name', prefix: 'okafor' }, {}, 2);

    expect(found.map((submission) => submission.id)).toEqual([newest.id, older.id]);
    // Writing 3,000 entries first takes 5 s on a quiet machine and can pass 20 s on a busy one.
  }, 60_000);
});
