import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createSubmitApplicationHandler } from '../../functions/submit-application/create-handler.js';
import { freePort } from '../../infra/local/free-port.js';
import { retryPendingConfirmations } from '../../shared/domain/retry-confirmations.js';
import { EmailInFlight, eraseSubmission } from '../../shared/domain/review-submission.js';
import { systemEnvironment } from '../../shared/domain/system-environment.js';
import { itemKeys } from '../../shared/store/application-item.js';
import { documentClientOver } from '../../shared/store/clients.js';
import { DynamoDbStaffRepository } from '../../shared/store/staff-repository.js';
import { aMentorApplication } from '../support/builders.js';
import { readReceipt } from '../support/http.js';
import {
  dynamoDbClient,
  freshTable,
  intakeDependencies,
  sesClient,
  startInProcessGateway,
} from '../support/in-process-intake.js';
import { emailsTo } from '../support/local-aws.js';

/**
 * An SES that holds each request for `delayMs`, then passes it to the test's
 * aws-ses-v2-local: a send that is in flight long enough to act during it.
 */
async function startSlowSes(delayMs: number) {
  let arrived: () => void = () => undefined;
  const requestArrived = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const server = createServer(async (request, response) => {
    arrived();
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const upstream = await fetch(`${inject('functionEnv').AWS_ENDPOINT_URL_SES}${request.url}`, {
      method: request.method,
      headers: {
        'content-type': String(request.headers['content-type']),
        authorization: String(request.headers.authorization),
      },
      body: Buffer.concat(chunks),
    });
    response.writeHead(upstream.status, { 'content-type': 'text/xml' });
    response.end(await upstream.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requestArrived,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A clock past the grace period, so the retry job sees what was just saved. */
const later = { ...systemEnvironment, now: () => new Date(Date.now() + 3 * 60 * 1000) };

async function stored(tableName: string, id: string) {
  const { Item } = await DynamoDBDocumentClient.from(dynamoDbClient()).send(
    new GetCommand({ TableName: tableName, Key: itemKeys.application(id), ConsistentRead: true }),
  );
  return Item;
}

async function applicationsIn(tableName: string) {
  const { Items = [] } = await DynamoDBDocumentClient.from(dynamoDbClient()).send(
    new ScanCommand({
      TableName: tableName,
      FilterExpression: 'entity = :a',
      ExpressionAttributeValues: { ':a': 'application' },
    }),
  );
  return Items;
}

describe.each([
  [
    'unreachable',
    async () => ({ endpoint: `http://127.0.0.1:${await freePort()}`, stop: async () => undefined }),
  ],
  [
    'answering 503',
    async () => {
      const server: Server = createServer((_request, response) => {
        response.writeHead(503, { 'content-type': 'text/xml' });
        response.end(
          '<ErrorResponse><Error><Code>ServiceUnavailable</Code></Error></ErrorResponse>',
        );
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return {
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
      };
    },
  ],
])('when SES is %s during intake', (_label, startBrokenSes) => {
  it('answers 201 and keeps the confirmation pending; once SES is back, one retry run sends exactly one email', async () => {
    const tableName = await freshTable();
    const brokenSes = await startBrokenSes();
    const gateway = await startInProcessGateway(
      createSubmitApplicationHandler(
        intakeDependencies({ tableName, ses: sesClient(brokenSes.endpoint) }),
      ),
    );
    const application = aMentorApplication();

    const response = await gateway.post(application);
    await gateway.close();
    await brokenSes.stop();

    expect(response.status).toBe(201);
    const { id } = await readReceipt(response);
    expect((await stored(tableName, id))?.confirmation).toMatchObject({
      state: 'pending',
      attempts: 1,
    });
    expect(await emailsTo(application.email)).toEqual([]);

    const healthy = intakeDependencies({ tableName, environment: later });
    const first = await retryPendingConfirmations(healthy, { batchSize: 10 });
    const second = await retryPendingConfirmations(healthy, { batchSize: 10 });

    expect(first).toMatchObject({ sent: 1, skipped: 0 });
    expect(second).toMatchObject({ sent: 0 });
    expect(await emailsTo(application.email)).toHaveLength(1);
    expect((await stored(tableName, id))?.confirmation).toMatchObject({
      state: 'sent',
      attempts: 2,
    });
  });
});

describe('when DynamoDB throttles or is unreachable', () => {
  it('answers 503 with Retry-After and a JSON body, sends nothing, and saves the retried request exactly once', async () => {
    const tableName = await freshTable();
    const throttled = dynamoDbClient({ maxAttempts: 1 });
    let throttling = true;
    throttled.middlewareStack.add(
      (next) => async (args) => {
        if (throttling) {
          throw new ProvisionedThroughputExceededException({
            message: 'Rate of requests exceeds the allowed throughput.',
            $metadata: {},
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectThrottling' },
    );
    const gateway = await startInProcessGateway(
      createSubmitApplicationHandler(intakeDependencies({ tableName, dynamoDb: throttled })),
    );
    const application = aMentorApplication();

    const refused = await gateway.post(application);
    throttling = false;
    const retried = await gateway.post(application);
    const again = await gateway.post(application);
    await gateway.close();

    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toEqual({
      error: 'service_unavailable',
      message:
        'The service is briefly unavailable and nothing was saved. Please try again in a moment.',
    });
    expect(retried.status).toBe(201);
    expect((await readReceipt(again)).id).toBe((await readReceipt(retried)).id);
    expect(await applicationsIn(tableName)).toHaveLength(1);
    expect(await emailsTo(application.email)).toHaveLength(1);
  });

  it('answers 503 when DynamoDB cannot be reached at all', async () => {
    const unreachable = dynamoDbClient({
      endpoint: `http://127.0.0.1:${await freePort()}`,
      maxAttempts: 1,
    });
    const gateway = await startInProcessGateway(
      createSubmitApplicationHandler(
        intakeDependencies({ tableName: 'any', dynamoDb: unreachable }),
      ),
    );
    const application = aMentorApplication();

    const response = await gateway.post(application);
    await gateway.close();

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await emailsTo(application.email)).toEqual([]);
  });
});

describe('concurrency and timeouts', () => {
  let tableName: string;
  beforeAll(async () => {
    tableName = await freshTable();
  });

  it('saves ten identical parallel submissions once, emails once, and answers each with the same reference', async () => {
    const gateway = await startInProcessGateway(
      createSubmitApplicationHandler(intakeDependencies({ tableName })),
    );
    const application = aMentorApplication();

    const responses = await Promise.all(
      Array.from({ length: 10 }, () => gateway.post(application)),
    );
    await gateway.close();

    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    const references = new Set(
      await Promise.all(responses.map(async (r) => (await readReceipt(r)).reference)),
    );
    expect(references.size).toBe(1);
    const items = (await applicationsIn(tableName)).filter(
      (item) => item.email === application.email,
    );
    expect(items).toHaveLength(1);
    expect(await emailsTo(application.email)).toHaveLength(1);
  });

  it('finds the saved item when the client retries after a timeout, and sends at most one email', async () => {
    const application = aMentorApplication();
    // The first "Lambda" saves, then hangs in SES until its time runs out, like a cold SMTP path.
    const hanging = intakeDependencies({ tableName });
    hanging.mailer = { send: () => new Promise(() => undefined) };
    const slowHandler = createSubmitApplicationHandler(hanging);
    const timedOut = await startInProcessGateway(async (event, context) =>
      Promise.race([
        slowHandler(event, context),
        new Promise<{ statusCode: number; body: string }>((resolve) =>
          setTimeout(
            () => resolve({ statusCode: 504, body: '{"message":"Endpoint request timed out"}' }),
            500,
          ),
        ),
      ]),
    );
    const first = await timedOut.post(application);
    await timedOut.close();

    const healthy = await startInProcessGateway(
      createSubmitApplicationHandler(intakeDependencies({ tableName })),
    );
    const retried = await healthy.post(application);
    await healthy.close();
    await retryPendingConfirmations(intakeDependencies({ tableName, environment: later }), {
      batchSize: 10,
    });

    expect(first.status).toBe(504);
    expect(retried.status).toBe(201);
    const { id } = await readReceipt(retried);
    expect(
      (await applicationsIn(tableName)).filter((item) => item.email === application.email),
    ).toHaveLength(1);
    expect(await emailsTo(application.email)).toHaveLength(1);
    expect((await stored(tableName, id))?.confirmation.state).toBe('sent');
  });
});

describe('the retry job', () => {
  async function pendingApplications(count: number) {
    const tableName = await freshTable();
    const broken = sesClient(`http://127.0.0.1:${await freePort()}`);
    const gateway = await startInProcessGateway(
      createSubmitApplicationHandler(intakeDependencies({ tableName, ses: broken })),
    );
    const emails: string[] = [];
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      const application = aMentorApplication();
      emails.push(application.email);
      ids.push((await readReceipt(await gateway.post(application))).id);
    }
    await gateway.close();
    return { tableName, emails, ids };
  }

  it('never sends twice when two runs overlap', async () => {
    const { tableName, emails } = await pendingApplications(6);
    const deps = intakeDependencies({ tableName, environment: later });

    const reports = await Promise.all([
      retryPendingConfirmations(deps, { batchSize: 10 }),
      retryPendingConfirmations(deps, { batchSize: 10 }),
    ]);

    expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(6);
    for (const email of emails) expect(await emailsTo(email)).toHaveLength(1);
  });

  it('skips an application erased while its confirmation was pending', async () => {
    const { tableName, ids, emails } = await pendingApplications(1);
    const staff = new DynamoDbStaffRepository(
      DynamoDBDocumentClient.from(dynamoDbClient()),
      tableName,
    );
    await eraseSubmission(
      { repository: staff, now: () => new Date() },
      { id: ids[0] ?? '', actor: { sub: 'admin' } },
    );

    const report = await retryPendingConfirmations(
      intakeDependencies({ tableName, environment: later }),
      { batchSize: 10 },
    );

    expect(report.sent).toBe(0);
    expect(await emailsTo(emails[0] ?? '')).toEqual([]);
  });

  it('refuses to erase while a confirmation is being sent; once erasure answers, no email goes out', async () => {
    const { tableName, ids, emails } = await pendingApplications(1);
    const id = ids[0] ?? '';
    const email = emails[0] ?? '';
    const staff = new DynamoDbStaffRepository(documentClientOver(dynamoDbClient()), tableName);
    const erase = () =>
      eraseSubmission(
        { repository: staff, now: () => new Date() },
        { id, actor: { sub: 'admin' } },
      );
    const slowSes = await startSlowSes(1500);
    const run = retryPendingConfirmations(
      intakeDependencies({ tableName, environment: later, ses: sesClient(slowSes.endpoint) }),
      { batchSize: 10 },
    );
    await slowSes.requestArrived;

    // The send is under way: before the fix erasure answered 204 here and the email still went.
    await expect(erase()).rejects.toBeInstanceOf(EmailInFlight);
    expect(await run).toMatchObject({ sent: 1 });
    await erase();
    await slowSes.stop();
    const after = await retryPendingConfirmations(
      intakeDependencies({ tableName, environment: later }),
      { batchSize: 10 },
    );

    expect(after.sent).toBe(0);
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it('backs off after each failure, then marks the confirmation failed and counts it after five', async () => {
    const { tableName, ids } = await pendingApplications(1);
    const broken = sesClient(`http://127.0.0.1:${await freePort()}`);
    let clock = Date.now() + 3 * 60 * 1000;
    let gaveUp = 0;
    const deps = {
      ...intakeDependencies({
        tableName,
        ses: broken,
        environment: { ...systemEnvironment, now: () => new Date(clock) },
      }),
      metrics: { confirmationGaveUp: () => gaveUp++ },
    };
    const dueTimes: string[] = [];
    // The intake's own send was attempt 1; three retries fail and back off, the fourth is attempt 5.
    for (let run = 0; run < 3; run++) {
      const report = await retryPendingConfirmations(deps, { batchSize: 10 });
      expect(report, `run ${run}`).toMatchObject({ pending: 1 });
      const item = await stored(tableName, ids[0] ?? '');
      dueTimes.push(String(item?.confirmationDueAt));
      const notYet = await retryPendingConfirmations(deps, { batchSize: 10 });
      expect(notYet.pending + notYet.sent).toBe(0);
      clock += 20 * 60 * 1000;
    }
    const last = await retryPendingConfirmations(deps, { batchSize: 10 });

    expect(last.failed).toBe(1);
    expect(gaveUp).toBe(1);
    const item = await stored(tableName, ids[0] ?? '');
    expect(item?.confirmation).toMatchObject({
      state: 'failed',
      attempts: 5,
      lastError: expect.any(String),
    });
    expect(item).not.toHaveProperty('confirmationPending');
    const gaps = dueTimes.map(
      (due, index) =>
        Date.parse(due.split('#')[0] ?? '') - (Date.now() + 3 * 60 * 1000 + index * 20 * 60 * 1000),
    );
    expect(gaps.map((gap) => Math.round(gap / 60_000))).toEqual([2, 4, 8]);
  });
});
