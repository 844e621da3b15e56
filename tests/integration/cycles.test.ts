import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createAdminHandler } from '../../functions/admin/create-handler.js';
import { createFormPagesHandler } from '../../functions/form-pages/create-handler.js';
import { createSubmitApplicationHandler } from '../../functions/submit-application/create-handler.js';
import { toHttpApiEvent } from '../../infra/local/http-api-event.js';
import type { Cycle } from '../../shared/applications/cycles.js';
import { DynamoDbAddressProblems } from '../../shared/applications/store/address-problems.js';
import { DynamoDbCycleCalendar } from '../../shared/applications/store/cycle-calendar.js';
import { systemEnvironment } from '../../shared/applications/system-environment.js';
import { signFormToken } from '../../shared/intake/spam/form-token.js';
import { documentClientOver } from '../../shared/platform/aws/clients.js';
import { DynamoDbStaffRepository } from '../../shared/review/store/staff-repository.js';
import { aMentorApplication } from '../support/builders.js';
import { testFingerprints } from '../support/fingerprints.js';
import {
  dynamoDbClient,
  freshTable,
  intakeDependencies,
  startInProcessGateway,
} from '../support/in-process-intake.js';

const SECRET = 'a-form-signing-secret-for-tests';
const documents = () => documentClientOver(dynamoDbClient());

const cycle2027: Cycle = {
  id: 'cycle-2027',
  name: '2027 Mentoring Program',
  opensAt: '2027-01-15T17:00:00.000Z',
  closesAt: '2027-02-15T08:00:00.000Z',
  matchingOn: '2027-03-01',
  version: 1,
};
const minutesAfterClose = (minutes: number) =>
  new Date(Date.parse(cycle2027.closesAt) + minutes * 60_000);

/** The intake on a table of its own, its clock at `now`, the fill-time defence on. */
async function intakeAt(tableName: string, now: Date) {
  return startInProcessGateway(
    createSubmitApplicationHandler({
      ...intakeDependencies({ tableName, environment: { ...systemEnvironment, now: () => now } }),
      spamDefences: async () => ({ formSigningSecret: SECRET }),
    }),
  );
}

async function applicationItems(tableName: string) {
  const { Items = [] } = await documents().send(
    new ScanCommand({
      TableName: tableName,
      FilterExpression: 'entity = :application',
      ExpressionAttributeValues: { ':application': 'application' },
      ConsistentRead: true,
    }),
  );
  return Items;
}

async function post(tableName: string, now: Date, formOpenedAt: Date) {
  const gateway = await intakeAt(tableName, now);
  try {
    const response = await gateway.post({
      ...aMentorApplication(),
      formToken: signFormToken(SECRET, 'mentor', formOpenedAt),
    });
    return { status: response.status, body: await response.json() };
  } finally {
    await gateway.close();
  }
}

describe('the application window, on DynamoDB Local', () => {
  it('takes applications with no cycle set up, recording none', async () => {
    const tableName = await freshTable();
    const now = new Date('2027-06-01T12:00:00Z');

    const answer = await post(tableName, now, new Date(now.getTime() - 60_000));

    expect(answer.status).toBe(201);
    const [stored] = await applicationItems(tableName);
    expect(stored?.id).toBe(answer.body.id);
    expect(stored?.cycleId).toBeUndefined();
  });

  it('records the cycle an application came in, and refuses one outside the window with nothing stored', async () => {
    const tableName = await freshTable();
    await new DynamoDbCycleCalendar(documents(), tableName).create(cycle2027);
    const inside = new Date('2027-02-01T12:00:00Z');

    const accepted = await post(tableName, inside, new Date(inside.getTime() - 60_000));
    const early = await post(
      tableName,
      new Date('2027-01-10T12:00:00Z'),
      new Date('2027-01-10T11:00:00Z'),
    );
    const late = await post(tableName, minutesAfterClose(31), minutesAfterClose(-5));

    expect(accepted.status).toBe(201);
    expect(early).toEqual({
      status: 403,
      body: expect.objectContaining({
        error: 'applications_closed',
        message: expect.stringContaining('Applications open on January 15, 2027 at 9:00 AM PST'),
      }),
    });
    expect(late).toEqual({
      status: 403,
      body: expect.objectContaining({
        error: 'applications_closed',
        message: expect.stringContaining('Applications for the 2027 Mentoring Program are closed'),
      }),
    });
    const stored = await applicationItems(tableName);
    expect(stored.map((item) => [item.id, item.cycleId])).toEqual([
      [accepted.body.id, cycle2027.id],
    ]);
  });

  it('takes a form opened before the close and sent within the grace, not one opened after', async () => {
    const tableName = await freshTable();
    await new DynamoDbCycleCalendar(documents(), tableName).create(cycle2027);

    const typedThrough = await post(tableName, minutesAfterClose(25), minutesAfterClose(-20));
    const openedLate = await post(tableName, minutesAfterClose(10), minutesAfterClose(1));

    expect(typedThrough.status).toBe(201);
    expect(openedLate.status).toBe(403);
    const stored = await applicationItems(tableName);
    expect(stored.map((item) => [item.id, item.cycleId])).toEqual([
      [typedThrough.body.id, cycle2027.id],
    ]);
  });

  it('shows the forms only while the window is open, and says why otherwise', async () => {
    const tableName = await freshTable();
    const calendar = new DynamoDbCycleCalendar(documents(), tableName);
    await calendar.create(cycle2027);
    const page = async (now: string, url = '/forms/mentee') => {
      const handler = createFormPagesHandler({
        now: () => new Date(now),
        thankYouUrl: '/thank-you',
        framingOrigins: [],
        spamDefences: async () => ({}),
        calendar,
      });
      const event = toHttpApiEvent(
        {
          method: 'GET',
          url,
          headers: { accept: 'text/html' },
          body: Buffer.alloc(0),
          sourceIp: '127.0.0.1',
        },
        url === '/' ? 'GET /' : 'GET /forms/{type}',
        url === '/' ? {} : { type: 'mentee' },
      );
      const result = (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
      return String(result.body);
    };

    expect(await page('2027-02-01T12:00:00Z')).toContain('<form');
    const before = await page('2027-01-01T12:00:00Z');
    expect(before).not.toContain('<form');
    expect(before).toContain('Applications open on January 15, 2027 at 9:00 AM PST');
    const after = await page('2027-02-20T12:00:00Z');
    expect(after).not.toContain('<form');
    expect(after).toContain('Applications for the 2027 Mentoring Program are closed');
    expect(after).toContain('Mentees are matched with mentors on March 1, 2027.');
    expect(await page('2027-02-20T12:00:00Z', '/')).not.toContain('href="/forms/mentor"');
  });
});

describe('cycles in the admin API, on DynamoDB Local', () => {
  const admins = { sub: 'admin-1', email: 'admin@example.org', 'cognito:groups': '[admins]' };
  const staff = { sub: 'staff-1', email: 'staff@example.org', 'cognito:groups': '[staff]' };

  async function adminApi(tableName: string, now: Date) {
    let id = 0;
    const handler = createAdminHandler({
      repository: new DynamoDbStaffRepository(documents(), tableName, testFingerprints),
      addressProblems: new DynamoDbAddressProblems(documents(), tableName, testFingerprints),
      now: () => now,
      retentionDays: 365,
      calendar: new DynamoDbCycleCalendar(documents(), tableName),
      newId: () => `cycle-${++id}`,
    });
    return async (
      method: string,
      path: string,
      options: { body?: unknown; claims?: Record<string, string>; ifMatch?: string } = {},
    ) => {
      const routeKey = `${method} ${path.startsWith('/admin/cycles/') ? '/admin/cycles/{id}' : path}`;
      const base = toHttpApiEvent(
        {
          method,
          url: path,
          headers: {
            'content-type': 'application/json',
            ...(options.ifMatch ? { 'if-match': options.ifMatch } : {}),
          },
          body: Buffer.from(options.body === undefined ? '' : JSON.stringify(options.body)),
          sourceIp: '127.0.0.1',
        },
        routeKey,
        path.startsWith('/admin/cycles/') ? { id: path.slice('/admin/cycles/'.length) } : {},
      );
      const event = {
        ...base,
        requestContext: {
          ...base.requestContext,
          authorizer: { jwt: { claims: options.claims ?? admins, scopes: null } },
        },
      } as unknown as APIGatewayProxyEventV2;
      const result = (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
      return {
        status: result.statusCode,
        etag: result.headers?.ETag,
        body: result.body ? JSON.parse(String(result.body)) : undefined,
      };
    };
  }

  it('creates and changes cycles under If-Match, refuses overlaps per field, and names the current one', async () => {
    const tableName = await freshTable();
    const api = await adminApi(tableName, new Date('2027-02-01T12:00:00Z'));
    const details = {
      name: '2027 Mentoring Program',
      opensAt: '2027-01-15T09:00',
      closesAt: '2027-02-15T00:00',
      matchingOn: '2027-03-01',
    };

    const created = await api('POST', '/admin/cycles', { body: details });
    const overlapping = await api('POST', '/admin/cycles', {
      body: {
        ...details,
        name: 'Another',
        opensAt: '2027-02-01T09:00',
        closesAt: '2027-03-01T09:00',
      },
    });
    const byStaff = await api('POST', '/admin/cycles', { body: details, claims: staff });
    const withoutVersion = await api('PUT', '/admin/cycles/cycle-1', { body: details });
    const changed = await api('PUT', '/admin/cycles/cycle-1', {
      body: { ...details, closesAt: '2027-02-20T00:00' },
      ifMatch: '"1"',
    });
    const stale = await api('PUT', '/admin/cycles/cycle-1', { body: details, ifMatch: '"1"' });
    const listed = await api('GET', '/admin/cycles', { claims: staff });

    expect(created).toMatchObject({
      status: 201,
      etag: '"1"',
      body: {
        id: 'cycle-1',
        opensAt: '2027-01-15T17:00:00.000Z',
        closesAt: '2027-02-15T08:00:00.000Z',
      },
    });
    expect(overlapping.status).toBe(400);
    expect(overlapping.body.issues).toEqual([
      { path: 'opensAt', message: expect.stringContaining('overlaps 2027 Mentoring Program') },
    ]);
    expect(byStaff.status).toBe(403);
    expect(withoutVersion.status).toBe(428);
    expect(changed).toMatchObject({
      status: 200,
      etag: '"2"',
      body: { closesAt: '2027-02-20T08:00:00.000Z' },
    });
    expect(stale.status).toBe(409);
    expect(listed).toMatchObject({
      status: 200,
      body: { currentCycleId: 'cycle-1', window: 'open', cycles: [{ id: 'cycle-1', version: 2 }] },
    });
  });
});
