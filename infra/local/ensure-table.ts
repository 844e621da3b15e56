import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { KEY_ATTRIBUTES, TABLE_DESIGN } from '../../shared/platform/table/table-design.js';

// The stream the email sender reads, as the stack enables it.
const STREAM = { StreamEnabled: true, StreamViewType: TABLE_DESIGN.streamView };

const keySchema = (partitionKey: string, sortKey: string) => [
  { AttributeName: partitionKey, KeyType: 'HASH' as const },
  { AttributeName: sortKey, KeyType: 'RANGE' as const },
];

/** Adds indexes the design has gained since a local table was made (one per update, as DynamoDB allows). */
async function addMissingIndexes(client: DynamoDBClient, tableName: string, existing: string[]) {
  const added: string[] = [];
  for (const [name, index] of Object.entries(TABLE_DESIGN.indexes)) {
    if (existing.includes(name)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: KEY_ATTRIBUTES.map((attribute) => ({
          AttributeName: attribute,
          AttributeType: 'S',
        })),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: name,
              KeySchema: keySchema(index.partitionKey, index.sortKey),
              Projection: { ProjectionType: index.projection },
            },
          },
        ],
      }),
    );
    added.push(name);
  }
  return added;
}

/**
 * Creates the table as the stack defines it, or brings an older local table's indexes up to
 * date. Returns what it did, for the person starting the runtime.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<string> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const existing = (Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName ?? '');
    const added = await addMissingIndexes(client, tableName, existing);
    if (!Table?.StreamSpecification?.StreamEnabled) {
      await client.send(
        new UpdateTableCommand({ TableName: tableName, StreamSpecification: STREAM }),
      );
      added.push('stream');
    }
    return added.length ? `found; added ${added.join(', ')}` : 'found';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: KEY_ATTRIBUTES.map((name) => ({
        AttributeName: name,
        AttributeType: 'S',
      })),
      KeySchema: keySchema(TABLE_DESIGN.partitionKey, TABLE_DESIGN.sortKey),
      StreamSpecification: STREAM,
      GlobalSecondaryIndexes: Object.entries(TABLE_DESIGN.indexes).map(([name, index]) => ({
        IndexName: name,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: index.projection },
      })),
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.timeToLiveAttribute, Enabled: true },
    }),
  );
  return 'created';
}
