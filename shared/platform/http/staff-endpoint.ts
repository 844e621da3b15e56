import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { httpEndpoint } from './http-endpoint.js';
import { notFound } from './problems.js';
import { requireStaff, type StaffGroup } from './staff-auth.js';

/** A staff route: the groups that may call it, and what it does (the context tells its time left). */
export interface StaffRoute {
  groups: readonly StaffGroup[];
  handle: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;
}

/**
 * One function serving staff routes, dispatched on API Gateway's route key: the caller's
 * group is checked before anything runs (deny by default), and domain errors become HTTP
 * problems through `mapDomainErrors`, which rethrows what it does not know.
 */
export function staffEndpoint(
  routes: Record<string, StaffRoute>,
  mapDomainErrors: (error: unknown) => never,
  body: { maxBytes: number },
) {
  return httpEndpoint(
    async (event, context) => {
      const route = routes[event.routeKey];
      if (!route) throw notFound('route');
      requireStaff(event, route.groups);
      try {
        return await route.handle(event, context);
      } catch (error) {
        return mapDomainErrors(error);
      }
    },
    { body: { maxBytes: body.maxBytes, formats: ['json'], optional: true } },
  );
}
