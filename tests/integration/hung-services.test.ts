import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRetryConfirmationsHandler } from '../../functions/retry-confirmations/create-handler.js';
import { createSendEmailsHandler } from '../../functions/send-emails/create-handler.js';
import { createSubmitApplicationHandler } from '../../functions/submit-application/create-handler.js';
import { itemKeys } from '../../shared/applications/store/application-item.js';
import { systemEnvironment } from '../../shared/applications/system-environment.js';
import { aMentorApplication } from '../support/builders.js';
import { readReceipt } from '../support/http.js';
import {
  deliveryDependencies,
  dynamoDbClient,
  emailStreamRecords,
  freshTable,
  intakeDependencies,
  sesClient,
  startInProcessGateway,
} from '../support/in-process-intake.js';

// A service that accepts the connection and never answers: the case a refused port does not
// test, and the one where the SDK's requestTimeout alone only logs a warning.
let silent: Server;
let silentEndpoint: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentEndpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

// Two tries of 1.5 s (DynamoDB) or one of 3 s (SES), plus backoff and the rest of the work:
// far inside the 10 s function timeout the calls used to run into.
const BOUND_MS = 5000;

describe('an AWS service that accepts and never answers', () => {
  it('DynamoDB: the intake answers the documented 503 with Retry-After within the bound, never a 500', async () => {
    const tableName = await freshTable();
    const gateway = await startInProcessGateway(
      createSubmitApplicationHandler(
        intakeDependencies({ tableName, dynamoDb: dynamoDbClient({ endpoint: silentEndpoint }) }),
      ),
    );
    const started = Date.now();

    const response = await gateway.post(aMentorApplication());
    const elapsed = Date.now() - started;
    await gateway.close();

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ error: 'service_unavailable' });
    expect(elapsed).toBeLessThan(BOUND_MS);
  });

  it('SES: the sender gives up on the send within the bound and leaves the email pending', async () => {
    const tableName = await freshTable();
    const gateway = await startInProcessGateway(
      createSubmitApplicationHandler(intakeDependencies({ tableName })),
    );
    const response = await gateway.post(aMentorApplication());
    await gateway.close();
    const { id } = await readReceipt(response);
    const sender = createSendEmailsHandler(
      deliveryDependencies({ tableName, ses: sesClient(silentEndpoint) }),
    );
    const started = Date.now();

    await sender({ Records: await emailStreamRecords(tableName) }, {} as Context);
    const elapsed = Date.now() - started;

    expect(response.status).toBe(201);
    expect(elapsed).toBeLessThan(BOUND_MS);
    const { Item } = await DynamoDBDocumentClient.from(dynamoDbClient()).send(
      new GetCommand({
        TableName: tableName,
        Key: itemKeys.email(id, 'confirmation'),
        ConsistentRead: true,
      }),
    );
    expect(Item).toMatchObject({ state: 'pending', attempts: 1, lastError: 'TimeoutError' });
  });

  it('SES: the sweeper, given 10 s, returns before its deadline with the emails it could not finish still pending', async () => {
    const tableName = await freshTable();
    const gateway = await startInProcessGateway(
      createSubmitApplicationHandler(intakeDependencies({ tableName })),
    );
    const ids: string[] = [];
    for (let n = 0; n < 5; n++)
      ids.push((await readReceipt(await gateway.post(aMentorApplication()))).id);
    await gateway.close();
    // Past the grace period: all five confirmations are due to the sweeper.
    const later = { ...systemEnvironment, now: () => new Date(Date.now() + 3 * 60 * 1000) };
    const sweeper = createRetryConfirmationsHandler(
      deliveryDependencies({ tableName, ses: sesClient(silentEndpoint), environment: later }),
    );
    const remainingMs = 10_000;
    const started = Date.now();

    const report = await sweeper({}, {
      functionName: 'retry-confirmations',
      awsRequestId: 'hung-ses',
      getRemainingTimeInMillis: () => Math.max(0, started + remainingMs - Date.now()),
    } as Context);
    const elapsed = Date.now() - started;

    // Lambda would have ended the function at 10 s, maybe between SES and the outbox. A
    // send (3 s), its record (3.1 s) and 0.5 s to return fit only if the send starts in the
    // first 3.4 s: one or two are tried (the second comes right about then), the rest wait.
    expect(elapsed).toBeLessThan(remainingMs);
    expect(report).toMatchObject({ sent: 0, failed: 0 });
    expect(report.pending).toBeGreaterThanOrEqual(1);
    expect(report.pending + report.deferred).toBe(5);
    const stored = await Promise.all(
      ids.map(async (id) => {
        const { Item } = await DynamoDBDocumentClient.from(dynamoDbClient()).send(
          new GetCommand({
            TableName: tableName,
            Key: itemKeys.email(id, 'confirmation'),
            ConsistentRead: true,
          }),
        );
        return Item;
      }),
    );
    // Nothing lost, nothing held: each still pending, those tried once, the others untouched.
    for (const item of stored) {
      expect(item?.state).toBe('pending');
      expect(item?.leaseUntil).toBeUndefined();
    }
    expect(stored.filter((item) => item?.attempts === 1)).toHaveLength(report.pending);
    expect(stored.filter((item) => item?.attempts === 0)).toHaveLength(report.deferred);
  }, 30_000);

  it('Secrets Manager: reading a secret fails within the bound instead of hanging', async () => {
    const { AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = inject('functionEnv');
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: silentEndpoint,
      AWS_REGION,
      AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY,
    });
    const { secretValue } = await import('../../shared/platform/secrets/secret-value.js');
    const started = Date.now();

    const outcome = await secretValue({ arn: 'arn:aws:secretsmanager:us-west-2:1:secret:x' }).then(
      () => 'resolved',
      (error: Error) => error.name,
    );

    expect(outcome).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(BOUND_MS + 1000);
  });
});
