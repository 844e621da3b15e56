import type { AddressInfo } from 'node:net';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdminHandler } from '../../functions/admin/create-handler.js';
import { createLocalGateway } from '../../infra/local/gateway.js';
import {
  apiGatewayClaims,
  jwtAuthorizer,
  LOCAL_CLIENT_ID,
  LOCAL_ISSUER,
  loadOrCreateIssuer,
} from '../../infra/local/local-issuer.js';
import { ROUTES } from '../../infra/routes.js';
import type { ReviewStatus } from '../../shared/applications/review-workflow.js';
import { menteeApplicationSchema } from '../../shared/applications/schemas/mentee.js';
import { DynamoDbAddressProblems } from '../../shared/applications/store/address-problems.js';
import { applicationItem } from '../../shared/applications/store/application-item.js';
import { DynamoDbCycleCalendar } from '../../shared/applications/store/cycle-calendar.js';
import type { AuditEntry, Submission } from '../../shared/applications/submission.js';
import { DynamoDbMatches } from '../../shared/check-ins/store/matches-store.js';
import { DynamoDbTally } from '../../shared/dashboard/store/tally-store.js';
import { DynamoDbColleagues } from '../../shared/matching/store/colleagues.js';
import { DynamoDbCycleCompletion, DynamoDbOutcomes } from '../../shared/outcomes/index.js';
import { documentClientOver } from '../../shared/platform/aws/clients.js';
import type { BulkStatusReport } from '../../shared/review/bulk-status-contract.js';
import { DynamoDbCarryOver } from '../../shared/review/store/carry-over-store.js';
import { DynamoDbInvitations } from '../../shared/review/store/invitation-store.js';
import { DynamoDbStaffRepository } from '../../shared/review/store/staff-repository.js';
import { aMenteeApplication } from '../support/builders.js';
import { testFingerprints } from '../support/fingerprints.js';
import { type ProblemBody, readJson } from '../support/http.js';
import { dynamoDbClient, storedApplication, table } from '../support/local-aws.js';
import { staffToken } from '../support/staff-tokens.js';

const ROUTE = '/admin/submissions/status-changes';

/** A request to `baseUrl` (the test setup's gateway unless given) with a bearer token. */
function call(path: string, token: string | undefined, init: RequestInit = {}, baseUrl?: string) {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  if (init.body) headers.set('content-type', 'application/json');
  return fetch(`${baseUrl ?? inject('gatewayUrl')}${path}`, { ...init, headers });
}

const bulkChange = (token: string, body: unknown, baseUrl?: string) =>
  call(ROUTE, token, { method: 'POST', body: JSON.stringify(body) }, baseUrl);

/**
 * Stores applications straight into the table, one per status given, dated in `year` (a
 * year no other test uses), each at version 1 with no history; answers their ids in order.
 */
async function seed(year: number, statuses: readonly ReviewStatus[]): Promise<string[]> {
  const ids: string[] = [];
  const items = statuses.map((status, index) => {
    const createdAt = Date.UTC(year, 0, 1, 0, 0, 0, index);
    const id = ulid(createdAt);
    ids.push(id);
    const submission: Submission = {
      id,
      reference: `LM-BULK-${index}`,
      type: 'mentee',
      status,
      createdAt: new Date(createdAt).toISOString(),
      application: menteeApplicationSchema.parse(aMenteeApplication()),
      confirmation: { state: 'sent', attempts: 1 },
      version: 1,
    };
    return applicationItem(submission);
  });
  for (let start = 0; start < items.length; start += 25) {
    await table.client.send(
      new BatchWriteCommand({
        RequestItems: {
          [table.name]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
  return ids;
}

let staff: string;
let admins: string;
let colleague: string;

beforeAll(async () => {
  staff = await staffToken(['staff'], 'bulk-staff');
  admins = await staffToken(['admins'], 'bulk-admin');
  colleague = await staffToken(['staff'], 'colleague');
});

describe('POST /admin/submissions/status-changes, mixed outcomes in one request', () => {
  // The admin function in this process, on the tests' real table, behind a local gateway
  // that checks tokens as API Gateway's JWT authorizer does. Its repository is the real
  // one, except that after reading the application named `racedId` (with the others in its batch) it lets a colleague save
  // a change to it through the API (the test setup's gateway), before its own write.
  let racedId = '';
  let server: ReturnType<typeof createLocalGateway>;
  let url = '';

  class ColleagueSavesFirst extends DynamoDbStaffRepository {
    override async reviewStates(ids: readonly string[]) {
      const states = await super.reviewStates(ids);
      const state = states.get(racedId);
      if (state && state !== 'erased') {
        const saved = await call(`/admin/submissions/${racedId}`, colleague, {
          method: 'PATCH',
          headers: { 'if-match': `"${state.version}"` },
          body: JSON.stringify({ status: 'declined' }),
        });
        expect(saved.status).toBe(200);
      }
      return states;
    }
  }

  beforeAll(async () => {
    const client = documentClientOver(dynamoDbClient());
    const issuer = await loadOrCreateIssuer(inject('functionEnv').DATA_DIR as string);
    const verify = jwtAuthorizer({
      jwks: issuer.jwks,
      issuer: LOCAL_ISSUER,
      audiences: [LOCAL_CLIENT_ID],
    });
    const handler = createAdminHandler({
      repository: new ColleagueSavesFirst(client, table.name, testFingerprints),
      addressProblems: new DynamoDbAddressProblems(client, table.name, testFingerprints),
      now: () => new Date(),
      retentionDays: 365,
      calendar: new DynamoDbCycleCalendar(client, table.name),
      tally: new DynamoDbTally(client, table.name),
      carryOver: new DynamoDbCarryOver(client, table.name),
      invitations: new DynamoDbInvitations(client, table.name),
      matches: new DynamoDbMatches(client, table.name),
      colleagues: new DynamoDbColleagues(client, table.name),
      completion: new DynamoDbCycleCompletion(client, table.name),
      outcomes: new DynamoDbOutcomes(client, table.name),
      checkInSchedule: [{ days: 30 }],
      newId: () => 'unused',
    });
    server = createLocalGateway({
      routes: ROUTES.filter((route) => route.functionName === 'admin'),
      loadHandler: async () => handler,
      authorizeStaff: async (authorization) => {
        const payload = await verify(authorization);
        return payload && apiGatewayClaims(payload);
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  it('changes some, skips one the workflow refuses and one already there, reports a concurrent change as a conflict and unknown ones as not found', async () => {
    const [first, second, third, withdrawn, alreadyThere, raced, erased] = await seed(2013, [
      'received',
      'received',
      'waitlisted',
      'withdrawn',
      'under_review',
      'received',
      'received',
    ]);
    racedId = raced ?? '';
    expect((await call(`/admin/submissions/${erased}`, admins, { method: 'DELETE' })).status).toBe(
      204,
    );
    const neverSaved = ulid(Date.UTC(2013, 5, 1));
    const ids = [first, second, third, withdrawn, alreadyThere, raced, erased, neverSaved];

    const response = await bulkChange(
      staff,
      { ids, status: 'under_review', note: 'Spring intake, first pass' },
      url,
    );

    expect(response.status).toBe(200);
    const report = await readJson<BulkStatusReport>(response);
    expect(report).toEqual({
      status: 'under_review',
      results: [
        { id: first, outcome: 'changed', from: 'received' },
        { id: second, outcome: 'changed', from: 'received' },
        { id: third, outcome: 'changed', from: 'waitlisted' },
        {
          id: withdrawn,
          outcome: 'skipped',
          reason: 'transition_not_allowed',
          currentStatus: 'withdrawn',
          message:
            'Cannot move from withdrawn to under_review. An application that is withdrawn cannot change status.',
        },
        {
          id: alreadyThere,
          outcome: 'skipped',
          reason: 'already_in_status',
          currentStatus: 'under_review',
          message: 'It is already under_review.',
        },
        {
          id: raced,
          outcome: 'conflict',
          reason: 'changed_meanwhile',
          message: expect.stringContaining('changed while this request was working on it'),
        },
        { id: erased, outcome: 'not_found' },
        { id: neverSaved, outcome: 'not_found' },
      ],
      counts: { changed: 3, skipped: 2, conflict: 1, not_found: 2, not_attempted: 0 },
    });

    // What is really in the table.
    const bulkEntry = (from: ReviewStatus): AuditEntry => ({
      at: expect.any(String),
      by: { sub: 'bulk-staff', email: 'bulk-staff@ladocs.example' },
      changes: { status: { from, to: 'under_review' } },
      note: 'Spring intake, first pass',
    });
    for (const [id, from] of [
      [first, 'received'],
      [second, 'received'],
      [third, 'waitlisted'],
    ] as const) {
      expect(await storedApplication(id ?? '')).toMatchObject({
        status: 'under_review',
        version: 2,
        history: [bulkEntry(from)],
      });
    }
    // A waitlisted application back in review has no deletion date.
    expect(await storedApplication(third ?? '')).not.toHaveProperty('expiresAt');
    for (const [id, status] of [
      [withdrawn, 'withdrawn'],
      [alreadyThere, 'under_review'],
    ] as const) {
      const stored = await storedApplication(id ?? '');
      expect(stored).toMatchObject({ status, version: 1 });
      expect(stored?.history).toBeUndefined();
    }
    // The colleague's change stands, alone: the bulk change wrote nothing over it.
    const contested = await storedApplication(raced ?? '');
    expect(contested).toMatchObject({ status: 'declined', version: 2 });
    expect(contested?.history).toEqual([
      {
        at: expect.any(String),
        by: { sub: 'colleague', email: 'colleague@ladocs.example' },
        changes: { status: { from: 'received', to: 'declined' } },
      },
    ]);
    expect(await storedApplication(erased ?? '')).toMatchObject({ status: 'erased' });
    expect(await storedApplication(neverSaved)).toBeUndefined();
  });
});

describe('POST /admin/submissions/status-changes, through the gateway as deployed locally', () => {
  it('moves 500 applications in one request within the function’s time, or says which are left for the same request again', async () => {
    const ids = await seed(
      2014,
      Array.from({ length: 500 }, () => 'received' as const),
    );

    const started = Date.now();
    const response = await bulkChange(staff, { ids, status: 'under_review' });
    const elapsedMs = Date.now() - started;

    expect(response.status).toBe(200);
    const { counts, results } = await readJson<BulkStatusReport>(response);
    console.log(
      `500 applications: ${counts.changed} changed in ${elapsedMs} ms, ${counts.not_attempted} left for later`,
    );
    // The function's timeout is 10 s: the answer comes before it, whatever is left.
    expect(elapsedMs).toBeLessThan(10_000);
    expect(counts.changed + counts.not_attempted).toBe(500);
    expect(counts.changed).toBeGreaterThan(0);
    let left = results.filter((result) => result.outcome === 'not_attempted').map((r) => r.id);
    while (left.length > 0) {
      const again = await readJson<BulkStatusReport>(
        await bulkChange(staff, { ids: left, status: 'under_review' }),
      );
      expect(again.counts.changed).toBeGreaterThan(0);
      left = again.results.filter((result) => result.outcome === 'not_attempted').map((r) => r.id);
    }
    for (const id of [ids[0], ids[249], ids[499]]) {
      const stored = await storedApplication(id ?? '');
      expect(stored).toMatchObject({ status: 'under_review', version: 2 });
      expect(stored?.history).toHaveLength(1);
    }

    // The same request again changes nothing: each is already there.
    const repeated = await readJson<BulkStatusReport>(
      await bulkChange(staff, { ids, status: 'under_review' }),
    );
    expect(repeated.counts).toMatchObject({ changed: 0, skipped: 500 });
    expect((await storedApplication(ids[0] ?? ''))?.version).toBe(2);
  });

  it('refuses 501 ids and an unknown status with a 400 naming each field, and writes nothing', async () => {
    const [id] = await seed(2015, ['received']);
    const tooMany = Array.from({ length: 501 }, (_, index) =>
      ulid(Date.UTC(2015, 1, 1, 0, 0, index)),
    );

    const overLimit = await bulkChange(staff, { ids: tooMany, status: 'under_review' });
    const badStatus = await bulkChange(staff, { ids: [id], status: 'approved', note: 'x' });
    const badIds = await bulkChange(staff, { ids: [id, id, 'LM-7K3D-9QX2'], status: 'declined' });

    expect(overLimit.status).toBe(400);
    expect(await readJson<ProblemBody>(overLimit)).toEqual({
      error: 'validation_failed',
      message: 'The request has 1 problem; correct it and send the request again.',
      issues: [{ path: 'ids', message: 'ids must hold at most 500 items.' }],
    });
    expect(badStatus.status).toBe(400);
    expect((await readJson<ProblemBody>(badStatus)).issues).toEqual([
      {
        path: 'status',
        message:
          'status must be one of: received, under_review, matched, waitlisted, declined, withdrawn, completed.',
      },
    ]);
    expect(badIds.status).toBe(400);
    expect((await readJson<ProblemBody>(badIds)).issues).toEqual([
      { path: 'ids.2', message: 'Each of ids must be an application id (26 characters).' },
      { path: 'ids', message: 'ids must name each application once.' },
    ]);
    expect(await storedApplication(id ?? '')).toMatchObject({ status: 'received', version: 1 });
  });

  it('needs a staff token: 401 without one, 403 in no staff group', async () => {
    const [id] = await seed(2016, ['received']);
    const body = { ids: [id], status: 'under_review' };

    const anonymous = await call(ROUTE, undefined, { method: 'POST', body: JSON.stringify(body) });
    const outsider = await bulkChange(await staffToken([], 'outsider'), body);

    expect(anonymous.status).toBe(401);
    expect(outsider.status).toBe(403);
    expect(await storedApplication(id ?? '')).toMatchObject({ status: 'received', version: 1 });
  });
});
