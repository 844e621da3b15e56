import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { notFound } from './problems.js';
import { type Actor, requireStaff, type StaffGroup } from './staff-auth.js';

/** The methods the HTTP API routes. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A route as the gateway sees it: method, path, the function it runs, whether it needs a
 * staff token, and its own throttle.
 */
export interface ApiRoute {
  method: HttpMethod;
  path: string;
  functionName: string;
  access: 'public' | 'staff';
  /** A tighter limit than the stage's for this route (requests per second, and burst). */
  throttle?: { rateLimit: number; burstLimit: number };
}

/**
 * One route of the HTTP API, served by the handler in `functions/<functionName>/handler.ts`:
 * public, or for program staff in one of `groups` (checked in the function, after the
 * gateway's JWT authorizer has checked the token).
 */
export type ServedRoute =
  | (ApiRoute & { access: 'public' })
  | (ApiRoute & { access: 'staff'; groups: readonly StaffGroup[] });

/** API Gateway's route key of a route: `GET /admin/submissions/{id}`. */
export type RouteKey<Route> = Route extends {
  method: infer M extends string;
  path: infer P extends string;
}
  ? `${M} ${P}`
  : never;

/** What a route's handler receives: the event, Lambda's context, and the caller already checked. */
export interface RouteRequest<Caller> {
  event: APIGatewayProxyEventV2;
  context: Context;
  /** The staff member calling a staff route; undefined on a public route. */
  caller: Caller;
}

/** A handler for one route; a staff route's is handed the caller its token proved. */
export type RouteHandler<Route> = (
  request: RouteRequest<Route extends { access: 'staff' } ? Actor : undefined>,
) => Promise<APIGatewayProxyResultV2>;

/** A handler for every route of a function, keyed by route key: one missing is a type error. */
export type RouteHandlers<Routes extends ServedRoute> = {
  [Route in Routes as RouteKey<Route>]: RouteHandler<Route>;
};

/** The routes of one function, typed so that its handlers' keys are checked against them. */
export function routesOf<Routes extends ServedRoute, Name extends Routes['functionName']>(
  routes: readonly Routes[],
  functionName: Name,
): Extract<Routes, { functionName: Name }>[] {
  return routes.filter(
    (route): route is Extract<Routes, { functionName: Name }> =>
      route.functionName === functionName,
  );
}

/**
 * The one dispatcher every HTTP function uses: finds the route by API Gateway's route key,
 * checks a staff route's caller once (deny by default: no token 401, no group 403) before
 * anything runs, and hands the caller to the route's handler. A route key the function does
 * not serve answers `notFound` (a 404 problem unless the function renders its own page).
 */
export function routeDispatcher<Routes extends ServedRoute>(
  routes: readonly Routes[],
  handlers: NoInfer<RouteHandlers<Routes>>,
  options: { notFound?: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2> } = {},
) {
  const byKey = new Map<string, { route: ServedRoute; handle: RouteHandler<ServedRoute> }>(
    routes.map((route) => {
      const key = `${route.method} ${route.path}`;
      const handle = (handlers as Record<string, RouteHandler<ServedRoute>>)[key];
      if (!handle) throw new Error(`No handler for ${key}`);
      return [key, { route, handle }];
    }),
  );
  return async (
    event: APIGatewayProxyEventV2,
    context: Context,
  ): Promise<APIGatewayProxyResultV2> => {
    const found = byKey.get(event.routeKey);
    if (!found) {
      if (options.notFound) return options.notFound(event);
      throw notFound('page');
    }
    const { route, handle } = found;
    const caller = route.access === 'staff' ? requireStaff(event, route.groups) : undefined;
    return (
      handle as (request: RouteRequest<Actor | undefined>) => Promise<APIGatewayProxyResultV2>
    )({
      event,
      context,
      caller,
    });
  };
}
