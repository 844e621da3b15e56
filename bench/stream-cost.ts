import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { freePort } from '../infra/local/free-port.js';

// `tsx bench/stream-cost.ts`: does DynamoDB Local's keeping of stream records slow its
// transactions as writes pile up? Bare 8-item transactions in rounds of ROUND, IN_FLIGHT at
// a time, on a table with and without a KEYS_ONLY stream, in memory and file-backed, with
// and without a reader draining the stream. Each variant has its own fresh DynamoDB Local.
const ROUNDS = Number(process.env.ROUNDS ?? 4);
const ROUND = Number(process.env.ROUND ?? 300);
const IN_FLIGHT = Number(process.env.IN_FLIGHT ?? 8);
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'us-west-2';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function variant(name: string, options: { file: boolean; stream: boolean; reader: boolean }) {
  const dataDir = options.file ? await mkdtemp(join(tmpdir(), 'stream-cost-')) : undefined;
  const db = await startDynamoDbLocal({ port: await freePort(), dataDir });
  const client = new DynamoDBClient({ endpoint: db.endpoint, region, credentials });
  const streams = new DynamoDBStreamsClient({ endpoint: db.endpoint, region, credentials });
  let reading = options.reader;
  let read = 0;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: 'bench',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        ...(options.stream
          ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }
          : {}),
      }),
    );
    const reader = (async () => {
      if (!options.reader) return;
      const { Table } = await client.send(new DescribeTableCommand({ TableName: 'bench' }));
      const arn = Table?.LatestStreamArn as string;
      let iterator: string | undefined;
      while (reading) {
        if (!iterator) {
          const { StreamDescription } = await streams.send(
            new DescribeStreamCommand({ StreamArn: arn }),
          );
          const shardId = StreamDescription?.Shards?.[0]?.ShardId as string;
          iterator = (
            await streams.send(
              new GetShardIteratorCommand({
                StreamArn: arn,
                ShardId: shardId,
                ShardIteratorType: 'TRIM_HORIZON',
              }),
            )
          ).ShardIterator;
        }
        try {
          const output = await streams.send(
            new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }),
          );
          read += output.Records?.length ?? 0;
          iterator = output.NextShardIterator;
          if (!output.Records?.length) await new Promise((r) => setTimeout(r, 100));
        } catch {
          iterator = undefined;
        }
      }
    })();
    let n = 0;
    const transaction = () => {
      const id = `${n++}`;
      return client.send(
        new TransactWriteItemsCommand({
          TransactItems: Array.from({ length: 8 }, (_, i) => ({
            Put: {
              TableName: 'bench',
              Item: { pk: { S: `APP#${id}` }, sk: { S: `ITEM#${i}` }, v: { S: 'x'.repeat(200) } },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          })),
        }),
      );
    };
    const medians: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const times: number[] = [];
      let left = ROUND;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (left-- > 0) {
            const started = performance.now();
            await transaction();
            times.push(performance.now() - started);
          }
        }),
      );
      medians.push(median(times));
    }
    reading = false;
    await reader;
    console.log(
      `| ${name} | ${medians.map((m) => m.toFixed(1)).join(' → ')} |${options.reader ? ` ${read} read` : ''}`,
    );
  } finally {
    await db.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

const only = process.argv.slice(2);
const variants: Array<[string, { file: boolean; stream: boolean; reader: boolean }]> = [
  ['memory, no stream', { file: false, stream: false, reader: false }],
  ['memory, stream', { file: false, stream: true, reader: false }],
  ['memory, stream, reader', { file: false, stream: true, reader: true }],
  ['file, no stream', { file: true, stream: false, reader: false }],
  ['file, stream', { file: true, stream: true, reader: false }],
  ['file, stream, reader', { file: true, stream: true, reader: true }],
];
console.log(
  `Median ms of a bare 8-item transaction, rounds of ${ROUND} at ${IN_FLIGHT} in flight\n| variant | per round |\n| --- | --- |`,
);
for (const [name, options] of variants)
  if (only.length === 0 || only.some((o) => name.includes(o))) await variant(name, options);
