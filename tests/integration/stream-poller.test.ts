import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, inject, it } from 'vitest';
import { createSubmitApplicationHandler } from '../../functions/submit-application/create-handler.js';
import { EMAIL_STREAM_MAPPING } from '../../infra/email-stream.js';
import { type StreamPollerOptions, startStreamPoller } from '../../infra/local/stream-poller.js';
import { aMentorApplication } from '../support/builders.js';
import { readReceipt } from '../support/http.js';
import {
  dynamoDbClient,
  freshTable,
  intakeDependencies,
  startInProcessGateway,
} from '../support/in-process-intake.js';
import { eventually } from '../support/local-aws.js';

const env = inject('functionEnv');
const streams = () =>
  new DynamoDBStreamsClient({
    endpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
    region: env.AWS_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

async function apply(tableName: string, count: number) {
  const gateway = await startInProcessGateway(
    createSubmitApplicationHandler(intakeDependencies({ tableName, notifyStaff: true })),
  );
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    ids.push((await readReceipt(await gateway.post(aMentorApplication()))).id);
  }
  await gateway.close();
  return ids;
}

/** A poller on the table whose function records the keys of every record it is given. */
function recordingPoller(
  tableName: string,
  dataDir: string,
  invoke?: StreamPollerOptions['invoke'],
  settings: Partial<StreamPollerOptions> = {},
) {
  const seen: string[] = [];
  const stop = startStreamPoller({
    dynamoDb: dynamoDbClient(),
    streams: streams(),
    tableName,
    ...EMAIL_STREAM_MAPPING,
    ...settings,
    dataDir,
    pollIntervalMs: 20,
    invoke:
      invoke ??
      (async (event: DynamoDBStreamEvent) => {
        for (const record of event.Records) {
          seen.push(`${record.dynamodb?.Keys?.pk?.S}|${record.dynamodb?.Keys?.sk?.S}`);
        }
        return { batchItemFailures: [] };
      }),
  });
  return { seen, stop };
}

describe('the local poller (the stream event source mapping, played)', () => {
  it('hands the function new outbox emails only, and after a restart neither repeats nor loses one', async () => {
    const tableName = await freshTable();
    const dataDir = await mkdtemp(join(tmpdir(), 'poller-'));
    const before = await apply(tableName, 2);

    const first = recordingPoller(tableName, dataDir);
    await eventually(
      async () => first.seen.length,
      (count) => count >= 4,
    );
    await first.stop();
    const during = await apply(tableName, 1);
    const second = recordingPoller(tableName, dataDir);
    await eventually(
      async () => second.seen.length,
      (count) => count >= 2,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await second.stop();

    const keys = (ids: string[]) =>
      ids.flatMap((id) => [
        `APPLICATION#${id}|EMAIL#confirmation`,
        `APPLICATION#${id}|EMAIL#staffNotification`,
      ]);
    expect(first.seen.sort()).toEqual(keys(before).sort());
    expect(second.seen.sort()).toEqual(keys(during).sort());
    const position = JSON.parse(
      await readFile(join(dataDir, `stream-position-${tableName}.json`), 'utf8'),
    );
    expect(Object.values(position.shards)).not.toHaveLength(0);
  });

  it('writes an on-failure record for a batch it gives up on, and moves on', async () => {
    const tableName = await freshTable();
    const dataDir = await mkdtemp(join(tmpdir(), 'poller-'));
    await apply(tableName, 1);
    let invocations = 0;

    const poller = recordingPoller(tableName, dataDir, async () => {
      invocations++;
      throw new Error('the function fails every time');
    });
    const files = await eventually(
      () => readdir(join(dataDir, 'stream-on-failure')).catch(() => [] as string[]),
      (found) => found.length >= 2,
    );
    await poller.stop();

    expect(files).toHaveLength(2);
    const failure = JSON.parse(
      await readFile(join(dataDir, 'stream-on-failure', files[0] ?? ''), 'utf8'),
    );
    expect(failure).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted' },
      DDBStreamBatchInfo: { batchSize: 1, streamArn: expect.stringContaining(tableName) },
    });
    // The batch of two bisected, then each record tried 1 + 3 times.
    expect(invocations).toBe(1 + 2 * (1 + EMAIL_STREAM_MAPPING.maximumRetryAttempts));
  });
});

describe('the local poller under a burst', () => {
  it('fills each invocation up to the batch size with records that pass the filter, as Lambda does', async () => {
    const tableName = await freshTable();
    const dataDir = await mkdtemp(join(tmpdir(), 'poller-'));
    // Six applications: twelve outbox emails among the application items the filter drops.
    await apply(tableName, 6);
    const sizes: number[] = [];

    const poller = recordingPoller(
      tableName,
      dataDir,
      async (event) => {
        sizes.push(event.Records.length);
        return { batchItemFailures: [] };
      },
      { parallelizationFactor: 1 },
    );
    await eventually(
      async () => sizes.reduce((sum, size) => sum + size, 0),
      (count) => count >= 12,
    );
    await poller.stop();

    // Lambda filters before it batches: ten, then the two left, not a few per read.
    expect(sizes).toEqual([EMAIL_STREAM_MAPPING.batchSize, 12 - EMAIL_STREAM_MAPPING.batchSize]);
  });

  it('runs up to the parallelization factor of batches at once, each application in one lane and in order', async () => {
    const tableName = await freshTable();
    const dataDir = await mkdtemp(join(tmpdir(), 'poller-'));
    const ids = await apply(tableName, 12);
    let inFlight = 0;
    let mostInFlight = 0;
    const keysByApplication = new Map<string, string[]>();

    const poller = recordingPoller(tableName, dataDir, async (event) => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const record of event.Records) {
        const pk = record.dynamodb?.Keys?.pk?.S ?? '';
        keysByApplication.set(pk, [
          ...(keysByApplication.get(pk) ?? []),
          record.dynamodb?.Keys?.sk?.S ?? '',
        ]);
      }
      inFlight--;
      return { batchItemFailures: [] };
    });
    await eventually(
      async () => [...keysByApplication.values()].flat().length,
      (count) => count >= 24,
    );
    await poller.stop();

    expect(mostInFlight).toBeGreaterThan(1);
    expect(mostInFlight).toBeLessThanOrEqual(EMAIL_STREAM_MAPPING.parallelizationFactor);
    // Each application's emails, once each, in the order they were written.
    for (const id of ids) {
      expect(keysByApplication.get(`APPLICATION#${id}`)).toEqual([
        'EMAIL#confirmation',
        'EMAIL#staffNotification',
      ]);
    }
  });
});
