import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { ensureTable } from '../../infra/local/ensure-table.js';
import { TABLE_DESIGN } from '../../shared/platform/table/table-design.js';
import { dynamoDbClient } from '../support/local-aws.js';

const keySchema = (partitionKey: string, sortKey: string) => [
  { AttributeName: partitionKey, KeyType: 'HASH' as const },
  { AttributeName: sortKey, KeyType: 'RANGE' as const },
];

describe('ensureTable (npm start, tests)', () => {
  it('gives a local table made before name search the byName index, keys only as the design says', async () => {
    const client = dynamoDbClient();
    const tableName = `before-search-${randomUUID().slice(0, 8)}`;
    const { byName: _added, ...before } = TABLE_DESIGN.indexes;
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          TABLE_DESIGN.partitionKey,
          TABLE_DESIGN.sortKey,
          ...Object.values(before).flatMap((index) => [index.partitionKey, index.sortKey]),
        ].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
        KeySchema: keySchema(TABLE_DESIGN.partitionKey, TABLE_DESIGN.sortKey),
        StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE_DESIGN.streamView },
        GlobalSecondaryIndexes: Object.entries(before).map(([IndexName, index]) => ({
          IndexName,
          KeySchema: keySchema(index.partitionKey, index.sortKey),
          Projection: { ProjectionType: index.projection },
        })),
      }),
    );

    expect(await ensureTable(client, tableName)).toBe('found; added byName');

    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const byName = Table?.GlobalSecondaryIndexes?.find((index) => index.IndexName === 'byName');
    expect(byName).toMatchObject({
      KeySchema: keySchema(
        TABLE_DESIGN.indexes.byName.partitionKey,
        TABLE_DESIGN.indexes.byName.sortKey,
      ),
      Projection: { ProjectionType: TABLE_DESIGN.indexes.byName.projection },
    });
    expect(await ensureTable(client, tableName)).toBe('found');
  });
});
