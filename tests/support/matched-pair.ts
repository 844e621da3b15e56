import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { createCheckInSchedulerHandler } from '../../functions/schedule-check-ins/create-handler.js';
import { lambdaContext } from '../../infra/local/gateway.js';
import { DynamoDbCycleCalendar } from '../../shared/applications/store/cycle-calendar.js';
import type { Submission } from '../../shared/applications/submission.js';
import { DynamoDbCheckIns } from '../../shared/check-ins/store/check-in-store.js';
import type { MatchingRun } from '../../shared/matching/matching-ports.js';
import { documentClientOver } from '../../shared/platform/aws/clients.js';
import { aMenteeApplication, aMentorApplication } from './builders.js';
import { dynamoDbClient } from './local-aws.js';

const documents = () => documentClientOver(dynamoDbClient());

/** The admin API of a gateway, called with an admin's token; the JSON answer. */
/**
 * `fetch` at `baseUrl` as a signed-in caller: a JSON content type and a bearer token
 * (`init.token`, else `token`), the rest of `init` as given; the answer as it came.
 */
export function authorizedFetch(baseUrl: string, token: string) {
  return (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${baseUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${init.token ?? token}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
}

export function adminCaller(baseUrl: string, token: string) {
  return async (path: string, method = 'GET', body?: unknown, version?: number) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(version ? { 'if-match': `"${version}"` } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    // The answer's body in the failure, so a refusal says why.
    if (response.status >= 300) {
      expect({ status: response.status, body: await response.text() }).toEqual({ status: 200 });
    }
    return response.status === 204 ? undefined : response.json();
  };
}

/**
 * A mentor and a mentee who apply at `baseUrl`, are reviewed and matched by an admin, as
 * staff would: their ids and when the match was approved.
 */
export async function matchedPair(
  baseUrl: string,
  tableName: string,
  adminToken: string,
  emails: { mentor: string; mentee: string },
) {
  const admin = adminCaller(baseUrl, adminToken);
  const apply = async (type: 'mentor' | 'mentee', application: Record<string, unknown>) => {
    const response = await fetch(`${baseUrl}/applications/${type}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(application),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const mentorId = await apply('mentor', aMentorApplication({ email: emails.mentor }));
  const menteeId = await apply('mentee', aMenteeApplication({ email: emails.mentee }));
  for (const id of [mentorId, menteeId]) {
    await admin(`/admin/submissions/${id}`, 'PATCH', { status: 'under_review' }, 1);
  }
  const pair = { mentorId, menteeId };
  const run = (await admin('/admin/matching/runs', 'POST', { pinned: [pair] })) as MatchingRun;
  await admin(`/admin/matching/runs/${run.id}/approve`, 'POST', { pairs: [pair] });
  expect(((await admin(`/admin/submissions/${menteeId}`)) as Submission).status).toBe('matched');
  const { Items = [] } = await documents().send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :match)',
      ExpressionAttributeValues: { ':pk': `APPLICATION#${menteeId}`, ':match': 'MATCH#' },
    }),
  );
  return { mentorId, menteeId, approvedAt: String(Items[0]?.approvedAt) };
}

/** The check-in scheduler as its hourly rule runs it, on `tableName`, `days` after `approvedAt`. */
export function runCheckInScheduler(tableName: string, approvedAt: string, days: number) {
  const handler = createCheckInSchedulerHandler({
    store: new DynamoDbCheckIns(documents(), tableName),
    calendar: new DynamoDbCycleCalendar(documents(), tableName),
    schedule: [{ days: 30 }, { days: 90 }],
    now: () => new Date(Date.parse(approvedAt) + days * 86_400_000),
  });
  return handler({} as never, lambdaContext('schedule-check-ins'));
}
