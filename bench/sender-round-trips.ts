import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { EMAIL_STREAM_MAPPING } from '../infra/email-stream.js';
import { matchesFilter } from '../infra/local/event-filter.js';
import { startGatewayProcess } from '../infra/local/gateway-process.js';
import { startStandIns } from '../infra/local/stand-ins.js';
import { asLambdaRecord } from '../infra/local/stream-poller.js';
import { aMentorApplication } from '../tests/support/builders.js';

// `npx tsx bench/sender-round-trips.ts`: what the stream sender asks of DynamoDB per email.
// APPLICANTS applications are saved through the real intake (a gateway process, no sender);
// then the send-emails handler, in this process, is given their stream records in the
// mapping's batches, one batch at a time as one shard's poller does, and every DynamoDB
// call it makes is counted by operation, and each batch timed. DynamoDB Local in memory.
const APPLICANTS = Number(process.env.APPLICANTS ?? 100);
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const standIns = await startStandIns({
  tableName: 'mentoring-intake-round-trips',
  env: {
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    // One set of keys for the gateway process and this one (the gateway would make its own).
    ADDRESS_HASH_KEY: 'bench-address-hash-key-0123456789abcdef',
    APPLICANT_LINK_SECRET: 'bench-applicant-link-key-0123456789abcdef',
    PUBLIC_BASE_URL: 'http://localhost:3000',
  },
});
try {
  const env = standIns.functionEnv;
  const gateway = await startGatewayProcess(env);
  let left = APPLICANTS;
  await Promise.all(
    Array.from({ length: 5 }, async () => {
      while (left-- > 0) {
        const response = await fetch(`${gateway.url}/applications/mentor`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(aMentorApplication()),
        });
        if (response.status !== 201) throw new Error(`expected 201, got ${response.status}`);
      }
    }),
  );
  await gateway.stop();

  const region = env.AWS_REGION;
  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB;
  const dynamoDb = new DynamoDBClient({ endpoint, region, credentials });
  const streams = new DynamoDBStreamsClient({ endpoint, region, credentials });
  const { Table } = await dynamoDb.send(new DescribeTableCommand({ TableName: env.TABLE_NAME }));
  const { StreamDescription } = await streams.send(
    new DescribeStreamCommand({ StreamArn: Table?.LatestStreamArn }),
  );
  const records: DynamoDBRecord[] = [];
  for (const shard of StreamDescription?.Shards ?? []) {
    let { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: Table?.LatestStreamArn,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    while (ShardIterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator, Limit: 1000 }));
      records.push(...(page.Records ?? []).map(asLambdaRecord));
      if ((page.Records ?? []).length === 0) break;
      ShardIterator = page.NextShardIterator;
    }
  }
  const emails = records.filter((record) =>
    matchesFilter(EMAIL_STREAM_MAPPING.filterPattern, record),
  );

  // The sender's modules read the environment at import: set it first.
  Object.assign(process.env, env);
  const { dynamoDbDocumentClient } = await import('../shared/platform/aws/clients.js');
  const calls = new Map<string, number>();
  dynamoDbDocumentClient().middlewareStack.add(
    (next, context) => (args) => {
      const name = String(context.commandName);
      calls.set(name, (calls.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  const { deliveryDependencies } = await import(
    '../shared/email-delivery/delivery-dependencies.js'
  );
  const { emailConfig } = await import('../shared/platform/config.js');
  const { createSendEmailsHandler } = await import('../functions/send-emails/create-handler.js');
  // Each port call timed by its name: where an email's time goes.
  const stages = new Map<string, number[]>();
  const timed = <T extends object>(port: T): T =>
    new Proxy(port, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const stageStarted = performance.now();
          try {
            return await value.apply(target, args);
          } finally {
            const times = stages.get(String(property)) ?? [];
            times.push(performance.now() - stageStarted);
            stages.set(String(property), times);
          }
        };
      },
    });
  const deps = deliveryDependencies(emailConfig());
  const handler = createSendEmailsHandler({
    ...deps,
    outbox: timed(deps.outbox),
    repository: timed(deps.repository),
    mailer: timed(deps.mailer),
  });
  const context = {
    functionName: 'send-emails',
    awsRequestId: 'bench',
    getRemainingTimeInMillis: () => 60_000,
  } as Context;
  const batchMs: number[] = [];
  const started = performance.now();
  for (let start = 0; start < emails.length; start += EMAIL_STREAM_MAPPING.batchSize) {
    const batchStarted = performance.now();
    const response = (await handler(
      { Records: emails.slice(start, start + EMAIL_STREAM_MAPPING.batchSize) },
      context,
    )) as { batchItemFailures?: unknown[] };
    if (response?.batchItemFailures?.length) throw new Error('a record failed');
    batchMs.push(performance.now() - batchStarted);
  }
  const totalMs = performance.now() - started;
  const sorted = [...batchMs].sort((a, b) => a - b);
  const total = [...calls.values()].reduce((sum, count) => sum + count, 0);
  console.log(
    `${APPLICANTS} applications, ${emails.length} emails, batches of ${EMAIL_STREAM_MAPPING.batchSize}`,
  );
  console.log('| DynamoDB call | per email |\n| --- | --- |');
  for (const [name, count] of [...calls].sort(([a], [b]) => (a < b ? -1 : 1)))
    console.log(`| ${name} | ${(count / emails.length).toFixed(2)} |`);
  console.log(`| all | ${(total / emails.length).toFixed(2)} |`);
  console.log('| stage | calls per email | p50 ms |\n| --- | --- | --- |');
  for (const [name, times] of stages) {
    const ordered = [...times].sort((a, b) => a - b);
    console.log(
      `| ${name} | ${(times.length / emails.length).toFixed(2)} | ${ordered[Math.floor(ordered.length / 2)]?.toFixed(1)} |`,
    );
  }
  console.log(
    `batch p50 ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms, ${(emails.length / (totalMs / 1000)).toFixed(0)} emails/s one batch at a time`,
  );
} finally {
  await standIns.stop();
}
