import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { SESClient } from '@aws-sdk/client-ses';
import type { DynamoDBRecord } from 'aws-lambda';
import { inject } from 'vitest';
import type { SubmitApplicationDependencies } from '../../functions/submit-application/create-handler.js';
import { EMAIL_STREAM_MAPPING } from '../../infra/email-stream.js';
import { ensureTable } from '../../infra/local/ensure-table.js';
import { matchesFilter } from '../../infra/local/event-filter.js';
import { createLocalGateway, type HttpApiHandler } from '../../infra/local/gateway.js';
import { startGatewayProcess } from '../../infra/local/gateway-process.js';
import { loadOrCreateIssuer, mintLocalToken } from '../../infra/local/local-issuer.js';
import { asLambdaRecord } from '../../infra/local/stream-poller.js';
import { ROUTES } from '../../infra/routes.js';
import type { Environment } from '../../shared/applications/application-ports.js';
import { DynamoDbApplicationRepository } from '../../shared/applications/store/application-repository.js';
import { DynamoDbCycleCalendar } from '../../shared/applications/store/cycle-calendar.js';
import { systemEnvironment } from '../../shared/applications/system-environment.js';
import type { DeliveryDependencies } from '../../shared/email-delivery/deliver-email.js';
import { createSesClient, SesMailer } from '../../shared/email-delivery/ses-mailer.js';
import { DynamoDbEmailOutbox } from '../../shared/email-delivery/store/email-outbox.js';
import { documentClientOver } from '../../shared/platform/aws/clients.js';
import { jsonLog } from '../../shared/platform/observability/json-log.js';
import { testFingerprints } from './fingerprints.js';
import { RecordingLog } from './in-memory-ports.js';
import { dynamoDbClient } from './local-aws.js';

export { dynamoDbClient };

const env = () => inject('functionEnv');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** An SES client made as the functions make theirs, on the test's aws-ses-v2-local or another endpoint. */
export function sesClient(endpoint = env().AWS_ENDPOINT_URL_SES) {
  return createSesClient({ endpoint, region: env().AWS_REGION, credentials });
}

/** A table of the test's own, in the shared DynamoDB Local, so its retry runs see only its items. */
export async function freshTable(): Promise<string> {
  const name = `faults-${randomUUID().slice(0, 8)}`;
  await ensureTable(dynamoDbClient(), name);
  return name;
}

/** The intake's real adapters, with any of them replaced, and a log that keeps its lines. */
export function intakeDependencies(options: {
  tableName: string;
  dynamoDb?: DynamoDBClient;
  environment?: Environment;
  notifyStaff?: boolean;
}): SubmitApplicationDependencies & { log: RecordingLog } {
  return {
    repository: new DynamoDbApplicationRepository(
      documentClientOver(options.dynamoDb ?? dynamoDbClient()),
      options.tableName,
    ),
    environment: options.environment ?? systemEnvironment,
    fingerprints: testFingerprints,
    log: new RecordingLog(),
    requestLog: jsonLog({ serviceName: 'mentoring-intake' }),
    thankYouUrl: '/thank-you',
    spamDefences: async () => ({}),
    notifyStaff: options.notifyStaff ?? false,
    calendar: new DynamoDbCycleCalendar(
      documentClientOver(options.dynamoDb ?? dynamoDbClient()),
      options.tableName,
    ),
  };
}

/** The email senders' real adapters (outbox, SES), with any replaced, and a recording log. */
export function deliveryDependencies(options: {
  tableName: string;
  ses?: SESClient;
  environment?: Environment;
  dynamoDb?: DynamoDBClient;
}): DeliveryDependencies & { log: RecordingLog } {
  const document = documentClientOver(options.dynamoDb ?? dynamoDbClient());
  return {
    repository: new DynamoDbApplicationRepository(document, options.tableName),
    outbox: new DynamoDbEmailOutbox(document, options.tableName, testFingerprints),
    mailer: new SesMailer(options.ses ?? sesClient(), {
      from: 'LACMA Mentoring Program <mentoring@ladocs.example>',
      replyTo: 'mentoring-staff@ladocs.example',
    }),
    environment: options.environment ?? systemEnvironment,
    fingerprints: testFingerprints,
    log: new RecordingLog(),
    program: {
      programName: 'LACMA Mentoring Program',
      staffEmail: 'mentoring-staff@ladocs.example',
    },
  };
}

/**
 * Every record in a table's stream so far, shaped as Lambda hands them to a function, and
 * only those the email mapping's filter passes: what the sender would be invoked with.
 */
export async function emailStreamRecords(tableName: string): Promise<DynamoDBRecord[]> {
  const streams = new DynamoDBStreamsClient({
    endpoint: env().AWS_ENDPOINT_URL_DYNAMODB,
    region: env().AWS_REGION,
    credentials,
  });
  const { Table } = await dynamoDbClient().send(new DescribeTableCommand({ TableName: tableName }));
  const StreamArn = Table?.LatestStreamArn;
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn }));
  const records: DynamoDBRecord[] = [];
  for (const shard of StreamDescription?.Shards ?? []) {
    let { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    while (ShardIterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator }));
      records.push(...(page.Records ?? []).map(asLambdaRecord));
      if ((page.Records ?? []).length === 0) break;
      ShardIterator = page.NextShardIterator;
    }
  }
  return records.filter((record) => matchesFilter(EMAIL_STREAM_MAPPING.filterPattern, record));
}

/**
 * A gateway process on a table of its own that also plays the stream's event source
 * mapping (the sender) for it, with any settings overridden: the deployed path, isolated.
 */
export async function startGatewayOnOwnTable(overrides: Record<string, string> = {}) {
  const tableName = await freshTable();
  const gateway = await startGatewayProcess({
    ...env(),
    TABLE_NAME: tableName,
    DATA_DIR: await mkdtemp(join(tmpdir(), 'own-table-')),
    EMAIL_STREAM: 'on',
    ...overrides,
  });
  return { gateway, tableName };
}

/** The local gateway in this process, serving the intake route with the given handler. */
export async function startInProcessGateway(handler: HttpApiHandler) {
  const server = createLocalGateway({
    routes: ROUTES.filter((route) => route.functionName === 'submit-application'),
    loadHandler: async () => handler,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    post: (body: unknown, path = '/applications/mentor') =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A gateway on a table of its own (as startGatewayOnOwnTable) with a data folder of its own,
 * and an admin's token from its issuer: for tests whose cycles, matches or clock must not
 * reach any other test.
 */
export async function startGatewayWithAdmin(label: string, overrides: Record<string, string> = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), `${label}-`));
  const { gateway, tableName } = await startGatewayOnOwnTable({ DATA_DIR: dataDir, ...overrides });
  const admins = await mintLocalToken(await loadOrCreateIssuer(dataDir), {
    sub: 'ada',
    email: 'ada@ladocs.example',
    groups: ['admins'],
  });
  return { gateway, tableName, admins, dataDir };
}
