import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../infra/routes.js';
import { HttpProblem } from '../../shared/platform/http/problems.js';
import { routeDispatcher, type ServedRoute } from '../../shared/platform/http/router.js';

const ROUTE_TABLE = [
  { method: 'GET', path: '/open', functionName: 'f', access: 'public' },
  {
    method: 'GET',
    path: '/staff',
    functionName: 'f',
    access: 'staff',
    groups: ['staff', 'admins'],
  },
  { method: 'DELETE', path: '/staff/{id}', functionName: 'f', access: 'staff', groups: ['admins'] },
] as const satisfies readonly ServedRoute[];

const context = {} as Context;
function eventFor(routeKey: string, claims?: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    routeKey,
    requestContext: claims ? { authorizer: { jwt: { claims } } } : {},
  } as unknown as APIGatewayProxyEventV2;
}
const answer = (body: unknown) => ({ statusCode: 200, body: JSON.stringify(body) });

const dispatch = routeDispatcher(ROUTE_TABLE, {
  'GET /open': async ({ caller }) => answer({ caller: caller ?? null }),
  'GET /staff': async ({ caller }) => answer({ caller }),
  'DELETE /staff/{id}': async ({ caller }) => answer({ caller }),
});

async function problemOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return error instanceof HttpProblem ? { status: error.statusCode, code: error.code } : error;
}

describe('routeDispatcher', () => {
  it('runs a public route without asking who calls', async () => {
    expect(await dispatch(eventFor('GET /open'), context)).toEqual(answer({ caller: null }));
  });

  it("checks a staff route's caller once, before the handler, and hands the caller in", async () => {
    const staff = { sub: 'u-1', email: 'staff@example.org', 'cognito:groups': '[staff]' };
    expect(await dispatch(eventFor('GET /staff', staff), context)).toEqual(
      answer({ caller: { sub: 'u-1', email: 'staff@example.org' } }),
    );
    expect(await problemOf(dispatch(eventFor('GET /staff'), context))).toEqual({
      status: 401,
      code: 'unauthorized',
    });
    expect(await problemOf(dispatch(eventFor('DELETE /staff/{id}', staff), context))).toEqual({
      status: 403,
      code: 'forbidden',
    });
  });

  it('answers 404 for a route key it does not serve, or the page the function gives', async () => {
    expect(await problemOf(dispatch(eventFor('GET /elsewhere'), context))).toMatchObject({
      status: 404,
    });
    const withPage = routeDispatcher(
      ROUTE_TABLE,
      {
        'GET /open': async () => answer('open'),
        'GET /staff': async () => answer('staff'),
        'DELETE /staff/{id}': async () => answer('erase'),
      },
      { notFound: async () => ({ statusCode: 404, body: 'no such page' }) },
    );
    expect(await withPage(eventFor('GET /elsewhere'), context)).toEqual({
      statusCode: 404,
      body: 'no such page',
    });
  });

  it('refuses to start without a handler for every route it is given', () => {
    const handlers = { 'GET /open': async () => answer('open') };
    expect(() => routeDispatcher(ROUTE_TABLE, handlers as never)).toThrow(
      'No handler for GET /staff',
    );
  });
});

describe('the route table', () => {
  it('says who may call every staff route', () => {
    const staffRoutes = ROUTES.filter((route) => route.access === 'staff') as ServedRoute[];
    expect(
      staffRoutes.filter((route) => route.access === 'staff' && route.groups.length === 0),
    ).toEqual([]);
    const adminsOnly = staffRoutes
      .filter((route) => route.access === 'staff' && !route.groups.includes('staff'))
      .map((route) => `${route.method} ${route.path}`);
    expect(adminsOnly).toEqual([
      'GET /admin/submissions/export.csv',
      'DELETE /admin/submissions/{id}',
      'POST /admin/cycles',
      'PUT /admin/cycles/{id}',
      'POST /admin/cycles/{id}/carry-over',
      'POST /admin/cycles/{id}/invitations',
      'POST /admin/cycles/{id}/completion',
      'GET /admin/cycles/{id}/letters',
      'POST /admin/cycles/{id}/letters',
      'GET /admin/cycles/{id}/letters/{mentorId}',
      'POST /admin/matching/runs/{id}/approve',
      'POST /admin/matching/matches/{menteeId}/end',
      'PUT /admin/matching/settings',
    ]);
  });

  it('lets any member of staff bring in a colleague and end that colleague match, on the admin function', () => {
    const colleagueRoutes = (ROUTES as readonly ServedRoute[])
      .filter((route) => route.path.includes('colleague'))
      .map((route) => [
        `${route.method} ${route.path}`,
        route.functionName,
        route.access === 'staff' ? route.groups : [],
      ]);
    expect(colleagueRoutes).toEqual([
      ['GET /admin/matches/{menteeId}/colleague-candidates', 'admin', ['staff', 'admins']],
      ['POST /admin/matches/{menteeId}/colleagues', 'admin', ['staff', 'admins']],
      ['DELETE /admin/matches/{menteeId}/colleagues/{mentorId}', 'admin', ['staff', 'admins']],
    ]);
  });
});
