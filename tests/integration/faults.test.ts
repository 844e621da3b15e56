import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type DynamoDBClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createSendEmailsHandler } from '../../functions/send-emails/create-handler.js';
import { createSubmitApplicationHandler } from '../../functions/submit-application/create-handler.js';
import { EMAIL_STREAM_MAPPING } from '../../infra/email-stream.js';
import { freePort } from '../../infra/local/free-port.js';
import { deliverStreamBatch } from '../../infra/local/stream-batches.js';
import { itemKeys } from '../../shared/applications/store/application-item.js';
import { systemEnvironment } from '../../shared/applications/system-environment.js';
import { retryPendingConfirmations } from '../../shared/email-delivery/retry-confirmations.js';
import { documentClientOver } from '../../shared/platform/aws/clients.js';
import { EmailInFlight, eraseSubmission } from '../../shared/review/review-submission.js';
import { DynamoDbStaffRepository } from '../../shared/review/store/staff-repository.js';
import { aMentorApplication } from '../support/builders.js';
import { testFingerprints } from '../support/fingerprints.js';
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

/** A clock past the grace period, so the sweeper sees what was just saved. */
const later = { ...systemEnvironment, now: () => new Date(Date.now() + 3 * 60 * 1000) };

const lambdaContext = { functionName: 'send-emails', awsRequestId: 'test' } as Context;

/** Posts one application through the real intake on a table of the test's own. */
async function postOne(tableName: string, options: { notifyStaff?: boolean } = {}) {
  const gateway = await startInProcessGateway(
    createSubmitApplicationHandler(intakeDependencies({ tableName, ...options })),
  );
  const application = aMentorApplication();
  const response = await gateway.post(application);
  await gateway.close();
  expect(response.status).toBe(201);
  return { id: (await readReceipt(response)).id, email: application.email };
}

/** The confirmation's outbox item, as stored. */
async function confirmationOf(tableName: string, id: string) {
  const { Item } = await DynamoDBDocumentClient.from(dynamoDbClient()).send(
    new GetCommand({
      TableName: tableName,
      Key: itemKeys.email(id, 'confirmation'),
      ConsistentRead: true,
    }),
  );
  return Item;
}

/** Makes a confirmation due to the sweeper now. */
async function makeDue(tableName: string, id: string) {
  const now = new Date(Date.now() - 1000).toISOString();
  await DynamoDBDocumentClient.from(dynamoDbClient()).send(
    new UpdateCommand({
      TableName: tableName,
      Key: itemKeys.email(id, 'confirmation'),
      UpdateExpression: 'SET dueAt = :now, emailDueAt = :due',
      ExpressionAttributeValues: { ':now': now, ':due': `${now}#${id}#confirmation` },
    }),
  );
}

const staffRepository = (tableName: string) =>
  new DynamoDbStaffRepository(documentClientOver(dynamoDbClient()), tableName, testFingerprints);

async function _stored(tableName: string, id: string) {
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
])('when SES is %s', (_label, startBrokenSes) => {
  it('the intake still answers 201 at once; the sender leaves the email pending; once SES is back the sweeper sends it, once', async () => {
    const tableName = await freshTable();
    const brokenSes = await startBrokenSes();
    const { id, email } = await postOne(tableName);
    const records = await emailStreamRecords(tableName);

    const sender = createSendEmailsHandler(
      deliveryDependencies({ tableName, ses: sesClient(brokenSes.endpoint) }),
    );
    const outcome = await sender({ Records: records }, lambdaContext);
    await brokenSes.stop();

    expect(outcome).toEqual({ batchItemFailures: [] });
    expect(await confirmationOf(tableName, id)).toMatchObject({ state: 'pending', attempts: 1 });
    expect(await emailsTo(email)).toEqual([]);

    const healthy = deliveryDependencies({ tableName, environment: later });
    const first = await retryPendingConfirmations(healthy, { batchSize: 10 });
    const second = await retryPendingConfirmations(healthy, { batchSize: 10 });
    const replayed = await createSendEmailsHandler(healthy)({ Records: records }, lambdaContext);

    expect(first).toMatchObject({ sent: 1, skipped: 0 });
    expect(second).toMatchObject({ sent: 0 });
    expect(replayed).toEqual({ batchItemFailures: [] });
    expect(await emailsTo(email)).toHaveLength(1);
    expect(await confirmationOf(tableName, id)).toMatchObject({ state: 'sent', attempts: 2 });
  });
});

describe('the stream-driven sender', () => {
  it('sends each email once when the same stream records are delivered again and again, even at once', async () => {
    const tableName = await freshTable();
    const { id, email } = await postOne(tableName, { notifyStaff: true });
    const records = await emailStreamRecords(tableName);
    const sender = createSendEmailsHandler(deliveryDependencies({ tableName }));

    const outcomes = await Promise.all([
      sender({ Records: records }, lambdaContext),
      sender({ Records: records }, lambdaContext),
      sender({ Records: [...records].reverse() }, lambdaContext),
    ]);
    await sender({ Records: records }, lambdaContext);

    expect(records.map((record) => record.dynamodb?.Keys?.sk?.S)).toEqual([
      'EMAIL#confirmation',
      'EMAIL#staffNotification',
    ]);
    expect(outcomes).toEqual(Array(3).fill({ batchItemFailures: [] }));
    expect(await emailsTo(email)).toHaveLength(1);
    const toStaff = (await emailsTo('mentoring-staff@ladocs.example')).filter((sent) =>
      sent.replyTo?.includes(email),
    );
    expect(toStaff).toHaveLength(1);
    expect(id).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('never sends twice when the sender and the sweeper overlap', async () => {
    const tableName = await freshTable();
    const { id, email } = await postOne(tableName);
    const records = await emailStreamRecords(tableName);
    // Due now, as if the grace period had passed, on the same clock as the sender's lease.
    await makeDue(tableName, id);

    const [, ...sweeps] = await Promise.all([
      createSendEmailsHandler(deliveryDependencies({ tableName }))(
        { Records: records },
        lambdaContext,
      ),
      retryPendingConfirmations(deliveryDependencies({ tableName }), { batchSize: 10 }),
      retryPendingConfirmations(deliveryDependencies({ tableName }), { batchSize: 10 }),
    ]);

    expect(sweeps).toHaveLength(2);
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it('sends nothing for an application erased while its emails were pending', async () => {
    const tableName = await freshTable();
    const { id, email } = await postOne(tableName, { notifyStaff: true });
    const records = await emailStreamRecords(tableName);
    await eraseSubmission(
      { repository: staffRepository(tableName), now: () => new Date() },
      { id, actor: { sub: 'admin' } },
    );

    await createSendEmailsHandler(deliveryDependencies({ tableName }))(
      { Records: records },
      lambdaContext,
    );
    const swept = await retryPendingConfirmations(
      deliveryDependencies({ tableName, environment: later }),
      { batchSize: 10 },
    );

    expect(swept.sent).toBe(0);
    expect(await emailsTo(email)).toEqual([]);
    expect(
      (await emailsTo('mentoring-staff@ladocs.example')).filter((sent) =>
        sent.body.text?.includes(id),
      ),
    ).toEqual([]);
  });

  it('reports a record it could not settle (storage down) as a batch item failure, for the mapping to retry', async () => {
    const tableName = await freshTable();
    await postOne(tableName);
    const records = await emailStreamRecords(tableName);
    const broken = deliveryDependencies({ tableName });
    // The adapter's own methods, but for the claim (they live on its prototype).
    broken.outbox = Object.assign(Object.create(broken.outbox), {
      claim: async () =>
        Promise.reject(Object.assign(new Error('x'), { name: 'ServiceUnavailable' })),
    }) as typeof broken.outbox;

    const outcome = await createSendEmailsHandler(broken)({ Records: records }, lambdaContext);

    expect(outcome).toEqual({
      batchItemFailures: [{ itemIdentifier: records[0]?.dynamodb?.SequenceNumber }],
    });
  });
});

type SenderResponse = { batchItemFailures?: Array<{ itemIdentifier: string }> };

/** A timeout as the SDK reports one: the name its retry strategy treats as transient. */
const timedOut = () => Object.assign(new Error('timed out'), { name: 'TimeoutError' });

/**
 * A DynamoDB client on the test's DynamoDB Local that fails the first call whose request
 * mentions `marker`: before sending it (`when: 'before'`), or after DynamoDB applied it,
 * as an answer lost on the way back (`when: 'after'`, inside the SDK's retries, which then
 * send it again).
 */
function failingOnce(marker: string, when: 'before' | 'after') {
  const client = dynamoDbClient();
  let failed = false;
  const mentions = (args: unknown) =>
    JSON.stringify((args as { input?: unknown }).input ?? {}).includes(marker);
  if (when === 'before') {
    client.middlewareStack.add(
      (next) => async (args) => {
        if (failed || !mentions(args)) return next(args);
        failed = true;
        throw timedOut();
      },
      { step: 'initialize', name: 'failOnceBefore' },
    );
  } else {
    client.middlewareStack.add(
      (next) => async (args) => {
        if (failed || !mentions(args)) return next(args);
        failed = true;
        await next(args);
        throw timedOut();
      },
      { step: 'deserialize', name: 'failOnceAfter' },
    );
  }
  return client;
}

/** The stream records of one new application, through the local mapping's retry rules. */
async function deliverAsTheMappingDoes(tableName: string, dynamoDb: DynamoDBClient) {
  const records = await emailStreamRecords(tableName);
  const sender = createSendEmailsHandler(deliveryDependencies({ tableName, dynamoDb }));
  const given: unknown[] = [];
  await deliverStreamBatch(records, {
    ...EMAIL_STREAM_MAPPING,
    invoke: async (event) => (await sender(event, lambdaContext)) as SenderResponse,
    onFailure: async (record) => {
      given.push(record);
    },
    shardId: 'shard',
    streamArn: 'stream',
    now: () => new Date(),
  });
  return { given };
}

describe('a DynamoDB call that times out under load (issue 19, item 12)', () => {
  it('a read timing out before the send is retried by the stream at once, not left to the sweeper as a failed send', async () => {
    const tableName = await freshTable();
    const { id, email } = await postOne(tableName);

    // The suppression check of the confirmation's address times out once.
    const { given } = await deliverAsTheMappingDoes(
      tableName,
      failingOnce('SUPPRESSED#', 'before'),
    );

    expect(given).toEqual([]);
    expect(await emailsTo(email)).toHaveLength(1);
    expect(await confirmationOf(tableName, id)).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('a claim DynamoDB applied but whose answer was lost is taken again by the SDK’s retry, and the email sent once', async () => {
    const tableName = await freshTable();
    const { id, email } = await postOne(tableName);

    const { given } = await deliverAsTheMappingDoes(tableName, failingOnce('leaseUntil', 'after'));

    expect(given).toEqual([]);
    expect(await emailsTo(email)).toHaveLength(1);
    const stored = await confirmationOf(tableName, id);
    expect(stored).toMatchObject({ state: 'sent', attempts: 1 });
    expect(stored?.leaseUntil).toBeUndefined();
  });

  it('an email held when a later write fails is handed back, so the stream’s retry sends it, once', async () => {
    const tableName = await freshTable();
    const { id, email } = await postOne(tableName);
    // The first send fails and so does the write recording it: nothing went, and the
    // retry must not find the email still held by the attempt that gave up.
    const dynamoDb = failingOnce('lastError', 'before');
    const records = await emailStreamRecords(tableName);
    const deps = deliveryDependencies({ tableName, dynamoDb });
    let sends = 0;
    const { mailer } = deps;
    deps.mailer = {
      send: async (outgoing) => {
        sends++;
        if (sends === 1) throw Object.assign(new Error('x'), { name: 'ServiceUnavailable' });
        return mailer.send(outgoing);
      },
    };
    const sender = createSendEmailsHandler(deps);

    await deliverStreamBatch(records, {
      ...EMAIL_STREAM_MAPPING,
      invoke: async (event) => (await sender(event, lambdaContext)) as SenderResponse,
      onFailure: async () => undefined,
      shardId: 'shard',
      streamArn: 'stream',
      now: () => new Date(),
    });

    expect(sends).toBe(2);
    expect(await emailsTo(email)).toHaveLength(1);
    expect(await confirmationOf(tableName, id)).toMatchObject({ state: 'sent' });
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
    const { id } = await readReceipt(retried);
    expect((await readReceipt(again)).id).toBe(id);
    expect(await applicationsIn(tableName)).toHaveLength(1);
    expect(await confirmationOf(tableName, id)).toMatchObject({ state: 'pending' });
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
    const records = (await emailStreamRecords(tableName)).filter((record) =>
      record.dynamodb?.Keys?.pk?.S?.endsWith(String(items[0]?.id)),
    );
    await createSendEmailsHandler(deliveryDependencies({ tableName }))(
      { Records: records },
      lambdaContext,
    );
    expect(records).toHaveLength(1);
    expect(await emailsTo(application.email)).toHaveLength(1);
  });

  it('answers a client that retries after a lost answer with the saved receipt; one email follows', async () => {
    const application = aMentorApplication();
    // The first "Lambda" saves, then its answer is lost (API Gateway answers 504 meanwhile).
    const saving = createSubmitApplicationHandler(intakeDependencies({ tableName }));
    const lost = await startInProcessGateway(async (event, context) => {
      await saving(event, context);
      return { statusCode: 504, body: '{"message":"Endpoint request timed out"}' };
    });
    const first = await lost.post(application);
    await lost.close();

    const healthy = await startInProcessGateway(
      createSubmitApplicationHandler(intakeDependencies({ tableName })),
    );
    const retried = await healthy.post(application);
    await healthy.close();
    const { id } = await readReceipt(retried);
    const records = (await emailStreamRecords(tableName)).filter((record) =>
      record.dynamodb?.Keys?.pk?.S?.endsWith(id),
    );
    await createSendEmailsHandler(deliveryDependencies({ tableName }))(
      { Records: records },
      lambdaContext,
    );

    expect(first.status).toBe(504);
    expect(retried.status).toBe(201);
    expect(
      (await applicationsIn(tableName)).filter((item) => item.email === application.email),
    ).toHaveLength(1);
    expect(await emailsTo(application.email)).toHaveLength(1);
    expect((await confirmationOf(tableName, id))?.state).toBe('sent');
  });
});

describe('the retry job', () => {
  async function pendingApplications(count: number) {
    const tableName = await freshTable();
    const gateway = await startInProcessGateway(
      createSubmitApplicationHandler(intakeDependencies({ tableName })),
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
    const deps = deliveryDependencies({ tableName, environment: later });

    const reports = await Promise.all([
      retryPendingConfirmations(deps, { batchSize: 10 }),
      retryPendingConfirmations(deps, { batchSize: 10 }),
    ]);

    expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(6);
    for (const email of emails) expect(await emailsTo(email)).toHaveLength(1);
  });

  it('hands back an email it ran out of time for after claiming it: unsent, not counted, not held, sent by the next run', async () => {
    const { tableName, ids, emails } = await pendingApplications(1);
    let offset = 3 * 60 * 1000;
    const clock = { ...systemEnvironment, now: () => new Date(Date.now() + offset) };
    const deps = deliveryDependencies({ tableName, environment: clock });
    const { repository } = deps;
    // Reading the application takes 4 s on the sweep's clock: then a send and its record
    // (6.1 s) no longer fit before the deadline (9.5 s away when the sweep starts).
    const slowRead = {
      ...deps,
      repository: {
        create: repository.create.bind(repository),
        findApplicationIds: repository.findApplicationIds.bind(repository),
        findMatch: repository.findMatch.bind(repository),
        findSubmissions: repository.findSubmissions.bind(repository),
        findSubmission: async (id: string) => {
          offset += 4000;
          return repository.findSubmission(id);
        },
      },
    };
    const time = { deadline: new Date(clock.now().getTime() + 9500), sendAndRecordMs: 6100 };

    const report = await retryPendingConfirmations(slowRead, { batchSize: 10, time });

    expect(report).toMatchObject({ sent: 0, deferred: 1 });
    const item = await confirmationOf(tableName, ids[0] ?? '');
    expect(item).toMatchObject({ state: 'pending', attempts: 0 });
    expect(item?.leaseUntil).toBeUndefined();
    expect(await emailsTo(emails[0] ?? '')).toEqual([]);
    const next = await retryPendingConfirmations(deps, { batchSize: 10 });
    expect(next.sent).toBe(1);
  });

  it('skips an application erased while its confirmation was pending', async () => {
    const { tableName, ids, emails } = await pendingApplications(1);
    await eraseSubmission(
      { repository: staffRepository(tableName), now: () => new Date() },
      { id: ids[0] ?? '', actor: { sub: 'admin' } },
    );

    const report = await retryPendingConfirmations(
      deliveryDependencies({ tableName, environment: later }),
      { batchSize: 10 },
    );

    expect(report.sent).toBe(0);
    expect(await emailsTo(emails[0] ?? '')).toEqual([]);
  });

  it('refuses to erase while a confirmation is being sent; once erasure answers, no email goes out', async () => {
    const { tableName, ids, emails } = await pendingApplications(1);
    const id = ids[0] ?? '';
    const email = emails[0] ?? '';
    const staff = staffRepository(tableName);
    const erase = () =>
      eraseSubmission(
        { repository: staff, now: () => new Date() },
        { id, actor: { sub: 'admin' } },
      );
    const slowSes = await startSlowSes(1500);
    const run = retryPendingConfirmations(
      deliveryDependencies({ tableName, environment: later, ses: sesClient(slowSes.endpoint) }),
      { batchSize: 10 },
    );
    await slowSes.requestArrived;

    // The send is under way: before the fix erasure answered 204 here and the email still went.
    await expect(erase()).rejects.toBeInstanceOf(EmailInFlight);
    expect(await run).toMatchObject({ sent: 1 });
    await erase();
    await slowSes.stop();
    const after = await retryPendingConfirmations(
      deliveryDependencies({ tableName, environment: later }),
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
      ...deliveryDependencies({
        tableName,
        ses: broken,
        environment: { ...systemEnvironment, now: () => new Date(clock) },
      }),
      metrics: { confirmationGaveUp: () => gaveUp++ },
    };
    // The stream sender's send is attempt 1; three sweeps fail and back off, the fourth is attempt 5.
    await createSendEmailsHandler(deps)(
      { Records: await emailStreamRecords(tableName) },
      lambdaContext,
    );
    const gaps: number[] = [];
    for (let run = 0; run < 3; run++) {
      clock += 20 * 60 * 1000;
      const sweptAt = clock;
      const report = await retryPendingConfirmations(deps, { batchSize: 10 });
      expect(report, `run ${run}`).toMatchObject({ pending: 1 });
      const item = await confirmationOf(tableName, ids[0] ?? '');
      gaps.push(Date.parse(String(item?.emailDueAt).split('#')[0] ?? '') - sweptAt);
      const notYet = await retryPendingConfirmations(deps, { batchSize: 10 });
      expect(notYet.pending + notYet.sent).toBe(0);
    }
    clock += 20 * 60 * 1000;
    const last = await retryPendingConfirmations(deps, { batchSize: 10 });

    expect(last.failed).toBe(1);
    expect(gaveUp).toBe(1);
    const item = await confirmationOf(tableName, ids[0] ?? '');
    expect(item).toMatchObject({ state: 'failed', attempts: 5, lastError: expect.any(String) });
    expect(item).not.toHaveProperty('emailPending');
    expect(gaps.map((gap) => Math.round(gap / 60_000))).toEqual([2, 4, 8]);
  });
});
