import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { ulid } from 'ulid';
import { describe, expect, inject, it } from 'vitest';
import { createAdminHandler } from '../../functions/admin/create-handler.js';
import { createFormPagesHandler } from '../../functions/form-pages/create-handler.js';
import { createSubmitApplicationHandler } from '../../functions/submit-application/create-handler.js';
import { createTallyHandler } from '../../functions/tally-applications/create-handler.js';
import { toHttpApiEvent } from '../../infra/local/http-api-event.js';
import { startStreamPoller } from '../../infra/local/stream-poller.js';
import { TALLY_STREAM_MAPPING } from '../../infra/tally-stream.js';
import type { Cycle } from '../../shared/applications/cycles.js';
import { REVIEW_STATUSES } from '../../shared/applications/review-workflow.js';
import { CAREER_STAGES, REGIONS } from '../../shared/applications/schemas/choices.js';
import { menteeApplicationSchema } from '../../shared/applications/schemas/mentee.js';
import { DynamoDbAddressProblems } from '../../shared/applications/store/address-problems.js';
import { applicationItem } from '../../shared/applications/store/application-item.js';
import { DynamoDbCycleCalendar } from '../../shared/applications/store/cycle-calendar.js';
import type { Submission } from '../../shared/applications/submission.js';
import { systemEnvironment } from '../../shared/applications/system-environment.js';
import { DynamoDbMatches } from '../../shared/check-ins/store/matches-store.js';
import { type DashboardView, EMAIL_HEALTH_STATES } from '../../shared/dashboard/dashboard-view.js';
import { backfillTally } from '../../shared/dashboard/store/tally-backfill.js';
import { DynamoDbTally } from '../../shared/dashboard/store/tally-store.js';
import { NO_CYCLE } from '../../shared/dashboard/tally.js';
import { signFormToken } from '../../shared/intake/spam/form-token.js';
import { DynamoDbColleagues } from '../../shared/matching/store/colleagues.js';
import { DynamoDbCycleCompletion, DynamoDbOutcomes } from '../../shared/outcomes/index.js';
import { documentClientOver } from '../../shared/platform/aws/clients.js';
import { DynamoDbCarryOver } from '../../shared/review/store/carry-over-store.js';
import { DynamoDbInvitations } from '../../shared/review/store/invitation-store.js';
import { DynamoDbStaffRepository } from '../../shared/review/store/staff-repository.js';
import { aMenteeApplication, aMentorApplication } from '../support/builders.js';
import { testFingerprints } from '../support/fingerprints.js';
import {
  dynamoDbClient,
  freshTable,
  intakeDependencies,
  startInProcessGateway,
} from '../support/in-process-intake.js';
import { eventually } from '../support/local-aws.js';

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

const admins = { sub: 'admin-1', email: 'admin@example.org', 'cognito:groups': '[admins]' };
const staff = { sub: 'staff-1', email: 'staff@example.org', 'cognito:groups': '[staff]' };

/** The route key and path parameters of an admin path, as API Gateway would give them. */
function routeOf(path: string): string {
  if (/^\/admin\/cycles\/[^/]+$/.test(path)) return '/admin/cycles/{id}';
  const action = /^\/admin\/cycles\/[^/]+\/(carry-over|invitations)$/.exec(path)?.[1];
  if (action) return `/admin/cycles/{id}/${action}`;
  if (path === '/admin/submissions/export.csv') return path;
  if (/^\/admin\/submissions\/[^/]+$/.test(path)) return '/admin/submissions/{id}';
  return path;
}
function idOf(path: string): Record<string, string> {
  const id = /^\/admin\/(?:cycles|submissions)\/([^/]+)(?:\/carry-over|\/invitations)?$/.exec(
    path,
  )?.[1];
  return id ? { id } : {};
}

/** The admin API's handler in process, on its own table, called as an admin (or `claims`). */
async function adminApi(tableName: string, now: Date) {
  let id = 0;
  const handler = createAdminHandler({
    repository: new DynamoDbStaffRepository(documents(), tableName, testFingerprints),
    addressProblems: new DynamoDbAddressProblems(documents(), tableName, testFingerprints),
    now: () => now,
    retentionDays: 365,
    calendar: new DynamoDbCycleCalendar(documents(), tableName),
    tally: new DynamoDbTally(documents(), tableName),
    carryOver: new DynamoDbCarryOver(documents(), tableName),
    invitations: new DynamoDbInvitations(documents(), tableName),
    matches: new DynamoDbMatches(documents(), tableName),
    colleagues: new DynamoDbColleagues(documents(), tableName),
    completion: new DynamoDbCycleCompletion(documents(), tableName),
    outcomes: new DynamoDbOutcomes(documents(), tableName),
    checkInSchedule: [{ days: 30 }],
    newId: () => `cycle-${++id}`,
  });
  return async (
    method: string,
    path: string,
    options: { body?: unknown; claims?: Record<string, string>; ifMatch?: string } = {},
  ) => {
    const bare = path.split('?')[0] ?? path;
    const routeKey = `${method} ${routeOf(bare)}`;
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
      idOf(bare),
    );
    const event = {
      ...base,
      requestContext: {
        ...base.requestContext,
        authorizer: { jwt: { claims: options.claims ?? admins, scopes: null } },
      },
    } as unknown as APIGatewayProxyEventV2;
    const result = (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
    // Headers by lower-case name, as a client reads them.
    const headers = Object.fromEntries(
      Object.entries(result.headers ?? {}).map(([name, value]) => [
        name.toLowerCase(),
        String(value),
      ]),
    );
    const json = (headers['content-type'] ?? '').startsWith('application/json');
    return {
      status: result.statusCode,
      etag: result.headers?.ETag,
      headers,
      body: result.body
        ? json
          ? JSON.parse(String(result.body))
          : String(result.body)
        : undefined,
    };
  };
}

describe('cycles in the admin API, on DynamoDB Local', () => {
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

describe('the applications export, on DynamoDB Local', () => {
  it("names the file by the day it is in Los Angeles, not in UTC (staff's evening is UTC's next day)", async () => {
    // 7 p.m. on 6 December in Los Angeles is already 7 December in UTC.
    const api = await adminApi(await freshTable(), new Date('2026-12-07T03:00:00Z'));

    const exported = await api('GET', '/admin/submissions/export.csv');

    expect(exported.status).toBe(200);
    expect(exported.headers['content-disposition']).toBe(
      'attachment; filename="mentoring-applications-2026-12-06.csv"',
    );
  });
});

describe('the dashboard, on DynamoDB Local', () => {
  it('counts what a scan counts, after a burst of applications and status changes', async () => {
    const tableName = await freshTable();
    const now = new Date();
    const cycle: Cycle = {
      id: 'cycle-now',
      name: 'This Year',
      opensAt: new Date(now.getTime() - 86_400_000).toISOString(),
      closesAt: new Date(now.getTime() + 86_400_000).toISOString(),
      version: 1,
    };
    await new DynamoDbCycleCalendar(documents(), tableName).create(cycle);
    const dataDir = await mkdtemp(join(tmpdir(), 'tally-'));
    const tally = createTallyHandler({ tally: new DynamoDbTally(documents(), tableName) });
    const stopTally = startStreamPoller({
      dynamoDb: dynamoDbClient(),
      streams: new DynamoDBStreamsClient({
        endpoint: inject('functionEnv').AWS_ENDPOINT_URL_DYNAMODB,
        region: inject('functionEnv').AWS_REGION,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
      tableName,
      ...TALLY_STREAM_MAPPING,
      dataDir,
      pollIntervalMs: 20,
      invoke: async (event) => {
        await tally(event, {} as Context);
        return undefined;
      },
    });
    const intake = await startInProcessGateway(
      createSubmitApplicationHandler(intakeDependencies({ tableName, notifyStaff: true })),
    );
    const api = await adminApi(tableName, now);
    try {
      const stages = ['medical_student', 'resident_or_fellow', 'early_career_physician'];
      const regions = ['west', 'metro', 'south_bay'];
      // 24 at once, 8 at a time: mentees of every stage and region, mentors taking some stages.
      const bodies = Array.from({ length: 24 }, (_, index) =>
        index % 3 === 0
          ? {
              path: '/applications/mentor',
              body: aMentorApplication({
                capacity: 1 + (index % 4),
                menteeStages: stages.slice(0, 1 + (index % 3)),
              }),
            }
          : {
              path: '/applications/mentee',
              body: aMenteeApplication({
                careerStage: stages[index % 3],
                region: regions[index % 3],
              }),
            },
      );
      const ids: Array<{ id: string; type: string }> = [];
      for (let start = 0; start < bodies.length; start += 8) {
        const answers = await Promise.all(
          bodies.slice(start, start + 8).map(async ({ path, body }) => {
            const response = await intake.post(body, path);
            expect(response.status).toBe(201);
            return (await response.json()) as { id: string; type: string };
          }),
        );
        ids.push(...answers);
      }
      const mentees = ids.filter((each) => each.type === 'mentee');
      const mentors = ids.filter((each) => each.type === 'mentor');
      const move = async (id: string, status: string, version: number) => {
        const answer = await api('PATCH', `/admin/submissions/${id}`, {
          body: { status },
          ifMatch: `"${version}"`,
        });
        expect(answer.status).toBe(200);
      };
      for (const [index, mentee] of mentees.slice(0, 8).entries()) {
        await move(mentee.id, 'under_review', 1);
        if (index < 3) await move(mentee.id, 'waitlisted', 2);
      }
      await move(mentees[10]?.id ?? '', 'declined', 1);
      await move(mentors[0]?.id ?? '', 'declined', 1);
      expect((await api('DELETE', `/admin/submissions/${mentees[12]?.id}`)).status).toBe(204);

      const fromScan = await expectedFromScan(tableName, cycle.id);
      const dashboard = await eventually(
        async () => (await api('GET', `/admin/dashboard?cycle=${cycle.id}`)).body,
        (body) => JSON.stringify(pick(body)) === JSON.stringify(fromScan),
        15_000,
      );
      expect(pick(dashboard)).toEqual(fromScan);
      expect(dashboard.statuses.mentee.under_review).toBe(5);
      expect(dashboard.funnel).toEqual({ applied: 15, reviewed: 8, matched: 0 });
      expect(dashboard.menteesWaiting).toBe(8);
    } finally {
      await intake.close();
      await stopTally();
    }
  });
});

/** The parts of a dashboard a scan can check. */
function pick(dashboard: DashboardView) {
  return {
    statuses: dashboard.statuses,
    stages: dashboard.menteesByStage.map(({ stage, mentees, mentorPlaces }) => [
      stage,
      mentees,
      mentorPlaces,
    ]),
    regions: dashboard.menteesByRegion.map(({ region, mentees }) => [region, mentees]),
    applied: dashboard.applicationsByDay.reduce((sum, day) => sum + day.mentor + day.mentee, 0),
    emails: dashboard.emails,
  };
}

/** The same figures, counted the slow way: a consistent scan of the whole table. */
async function expectedFromScan(tableName: string, cycleId: string) {
  const { Items = [] } = await documents().send(
    new ScanCommand({ TableName: tableName, ConsistentRead: true }),
  );
  const applications = Items.filter(
    (item) => item.entity === 'application' && item.cycleId === cycleId && item.status !== 'erased',
  );
  const inCycle = new Set(applications.map((item) => `APPLICATION#${item.id}`));
  const statuses: Record<string, Record<string, number>> = {};
  for (const role of ['mentor', 'mentee']) {
    statuses[role] = Object.fromEntries(REVIEW_STATUSES.map((status) => [status, 0]));
  }
  const active = applications.filter((item) => !['declined', 'withdrawn'].includes(item.status));
  for (const item of applications) {
    const byStatus = statuses[item.type] as Record<string, number>;
    byStatus[item.status] = (byStatus[item.status] ?? 0) + 1;
  }
  const stages = Object.keys(CAREER_STAGES).map((stage) => [
    stage,
    active.filter((item) => item.type === 'mentee' && item.application.careerStage === stage)
      .length,
    active
      .filter((item) => item.type === 'mentor' && item.application.menteeStages.includes(stage))
      .reduce((sum, item) => sum + item.application.capacity, 0),
  ]);
  const regions = Object.keys(REGIONS).map((region) => [
    region,
    active.filter((item) => item.type === 'mentee' && item.application.region === region).length,
  ]);
  const emails = Object.fromEntries(EMAIL_HEALTH_STATES.map((state) => [state, 0]));
  for (const item of Items) {
    if (item.entity === 'email' && inCycle.has(String(item.pk))) {
      emails[item.state] = (emails[item.state] ?? 0) + 1;
    }
  }
  return { statuses, stages, regions, applied: applications.length, emails };
}

describe('carrying waiting mentees into the next cycle, on DynamoDB Local', () => {
  it('moves the waiting mentees of the cycle before with priority and a history entry, once', async () => {
    const tableName = await freshTable();
    const calendar = new DynamoDbCycleCalendar(documents(), tableName);
    const lastYear: Cycle = { ...cycle2027, id: 'last-year' };
    const thisYear: Cycle = {
      ...cycle2027,
      id: 'this-year',
      name: '2028 Mentoring Program',
      opensAt: '2028-01-15T17:00:00.000Z',
      closesAt: '2028-02-15T08:00:00.000Z',
    };
    await calendar.create(lastYear);
    await calendar.create(thisYear);
    const seeded = ['waitlisted', 'under_review', 'matched', 'received', 'declined'].map(
      (status, index) => ({
        id: ulid(Date.UTC(2027, 0, 20, 0, 0, index)),
        reference: `LM-CARRY-${index}`,
        type: 'mentee' as const,
        status: status as Submission['status'],
        createdAt: new Date(Date.UTC(2027, 0, 20, 0, 0, index)).toISOString(),
        application: menteeApplicationSchema.parse(aMenteeApplication()),
        cycleId: lastYear.id,
        confirmation: { state: 'sent' as const, attempts: 1 },
        version: 3,
      }),
    );
    for (const submission of seeded) {
      await documents().send(
        new PutCommand({ TableName: tableName, Item: applicationItem(submission) }),
      );
    }
    const api = await adminApi(tableName, new Date('2028-01-20T00:00:00Z'));

    const first = await api('POST', '/admin/cycles/this-year/carry-over');
    const again = await api('POST', '/admin/cycles/this-year/carry-over');
    const byStaff = await api('POST', '/admin/cycles/this-year/carry-over', { claims: staff });

    expect(first).toMatchObject({
      status: 200,
      body: { from: 'last-year', carried: 2, changedMeanwhile: 0 },
    });
    expect(again.body).toMatchObject({ carried: 0 });
    expect(byStaff.status).toBe(403);
    const items = await applicationItems(tableName);
    const byId = new Map(items.map((item) => [item.id, item]));
    for (const carried of seeded.slice(0, 2)) {
      expect(byId.get(carried.id)).toMatchObject({
        cycleId: 'this-year',
        priority: true,
        carriedOverFrom: 'last-year',
        version: 4,
        history: [
          { changes: { cycle: { from: 'last-year', to: 'this-year' } }, by: { sub: 'admin-1' } },
        ],
      });
    }
    for (const stayed of seeded.slice(2)) {
      expect(byId.get(stayed.id)).toMatchObject({ cycleId: 'last-year', version: 3 });
      expect(byId.get(stayed.id)?.priority).toBeUndefined();
    }
  });
});

describe("the dashboard's backfill, on DynamoDB Local", () => {
  it('counts what was saved before the aggregate existed, and nothing twice when run again', async () => {
    const tableName = await freshTable();
    const intake = await startInProcessGateway(
      createSubmitApplicationHandler(intakeDependencies({ tableName, notifyStaff: true })),
    );
    for (const body of [aMentorApplication(), aMenteeApplication(), aMenteeApplication()]) {
      const path = 'careerStage' in body ? '/applications/mentee' : '/applications/mentor';
      expect((await intake.post(body, path)).status).toBe(201);
    }
    await intake.close();
    const tally = new DynamoDbTally(documents(), tableName);
    expect(await tally.counters(NO_CYCLE)).toEqual({});

    const looked = await backfillTally(documents(), tableName);
    const once = await tally.counters(NO_CYCLE);
    await backfillTally(documents(), tableName);

    expect(looked).toBe(3 * 3);
    expect(await tally.counters(NO_CYCLE)).toEqual(once);
    expect(once).toMatchObject({
      'status|mentor|received': 1,
      'status|mentee|received': 2,
      'email|pending': 6,
    });
  });
});
