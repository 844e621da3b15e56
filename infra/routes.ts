import {
  type ApiRoute,
  type RouteHandlers,
  routeDispatcher,
  routesOf,
  type ServedRoute,
} from '../shared/platform/http/router.js';
import type { StaffGroup } from '../shared/platform/http/staff-auth.js';

/** A route as the gateway and the stack read it (the functions also read who may call it). */
export type RouteDefinition = ApiRoute;

/** Any staff member: reading, reviewing, proposing matches and bringing in colleagues. */
const ANY_STAFF: readonly StaffGroup[] = ['staff', 'admins'];
/** Admins only: exporting, erasing, approving and ending matches, settings, letters. */
const ADMINS: readonly StaffGroup[] = ['admins'];

/**
 * The applicant's page: a person reads it and confirms once or twice. Its own limit keeps
 * anyone from hammering links (which cannot be guessed anyway) at the stage's rate.
 */
const APPLICANT_PAGE_THROTTLE = { rateLimit: 5, burstLimit: 20 };

/**
 * The one table of routes. The deployed HTTP API and the local gateway are both generated
 * from it, so what runs locally is what is deployed.
 */
const ROUTE_TABLE = [
  {
    method: 'POST',
    path: '/applications/{type}',
    functionName: 'submit-application',
    access: 'public',
  },
  { method: 'GET', path: '/', functionName: 'form-pages', access: 'public' },
  { method: 'GET', path: '/forms/{type}', functionName: 'form-pages', access: 'public' },
  { method: 'GET', path: '/forms/{type}/token', functionName: 'form-pages', access: 'public' },
  { method: 'GET', path: '/forms/enhance.js', functionName: 'form-pages', access: 'public' },
  { method: 'GET', path: '/favicon.ico', functionName: 'form-pages', access: 'public' },
  { method: 'GET', path: '/forms/{type}/schema', functionName: 'form-schema', access: 'public' },
  { method: 'GET', path: '/thank-you', functionName: 'thank-you', access: 'public' },
  { method: 'GET', path: '/health', functionName: 'health', access: 'public' },
  { method: 'GET', path: '/console', functionName: 'console', access: 'public' },
  { method: 'GET', path: '/console/callback', functionName: 'console', access: 'public' },
  { method: 'GET', path: '/console/assets/{file}', functionName: 'console', access: 'public' },
  // The applicant's own page: the signed token in its link is the credential.
  {
    method: 'GET',
    path: '/my-application',
    functionName: 'my-application',
    access: 'public',
    throttle: APPLICANT_PAGE_THROTTLE,
  },
  {
    method: 'GET',
    path: '/my-application/{action}',
    functionName: 'my-application',
    access: 'public',
    throttle: APPLICANT_PAGE_THROTTLE,
  },
  {
    method: 'POST',
    path: '/my-application/{action}',
    functionName: 'my-application',
    access: 'public',
    throttle: APPLICANT_PAGE_THROTTLE,
  },
  // An invited mentor's page: the signed token in its link is the credential.
  {
    method: 'GET',
    path: '/returning-mentor',
    functionName: 'returning-mentor',
    access: 'public',
    throttle: APPLICANT_PAGE_THROTTLE,
  },
  {
    method: 'POST',
    path: '/returning-mentor',
    functionName: 'returning-mentor',
    access: 'public',
    throttle: APPLICANT_PAGE_THROTTLE,
  },
  // A person's check-in on their match: the signed token in its link is the credential.
  {
    method: 'GET',
    path: '/check-in',
    functionName: 'check-in',
    access: 'public',
    throttle: APPLICANT_PAGE_THROTTLE,
  },
  {
    method: 'POST',
    path: '/check-in',
    functionName: 'check-in',
    access: 'public',
    throttle: APPLICANT_PAGE_THROTTLE,
  },
  // A person's evaluation of the cycle they completed: the signed token is the credential.
  {
    method: 'GET',
    path: '/evaluation',
    functionName: 'evaluation',
    access: 'public',
    throttle: APPLICANT_PAGE_THROTTLE,
  },
  {
    method: 'POST',
    path: '/evaluation',
    functionName: 'evaluation',
    access: 'public',
    throttle: APPLICANT_PAGE_THROTTLE,
  },
  {
    method: 'GET',
    path: '/admin/submissions',
    functionName: 'admin',
    access: 'staff',
    groups: ANY_STAFF,
  },
  {
    method: 'GET',
    path: '/admin/submissions/export.csv',
    functionName: 'admin',
    access: 'staff',
    groups: ADMINS,
  },
  {
    method: 'GET',
    path: '/admin/submissions/{id}',
    functionName: 'admin',
    access: 'staff',
    groups: ANY_STAFF,
  },
  {
    method: 'PATCH',
    path: '/admin/submissions/{id}',
    functionName: 'admin',
    access: 'staff',
    groups: ANY_STAFF,
  },
  // Many applications moved to one status at once, each as a single change would be.
  {
    method: 'POST',
    path: '/admin/submissions/status-changes',
    functionName: 'admin',
    access: 'staff',
    groups: ANY_STAFF,
  },
  {
    method: 'DELETE',
    path: '/admin/submissions/{id}',
    functionName: 'admin',
    access: 'staff',
    groups: ADMINS,
  },
  // The dashboard of a cycle, from the aggregate the stream keeps.
  {
    method: 'GET',
    path: '/admin/dashboard',
    functionName: 'admin',
    access: 'staff',
    groups: ANY_STAFF,
  },
  // The program's cycles: anyone on staff reads them (the console's default filter), admins
  // create and change them.
  {
    method: 'GET',
    path: '/admin/cycles',
    functionName: 'admin',
    access: 'staff',
    groups: ANY_STAFF,
  },
  {
    method: 'POST',
    path: '/admin/cycles',
    functionName: 'admin',
    access: 'staff',
    groups: ADMINS,
  },
  {
    method: 'PUT',
    path: '/admin/cycles/{id}',
    functionName: 'admin',
    access: 'staff',
    groups: ADMINS,
  },
  // The earlier cycle's waiting mentees, carried into this one with priority.
  {
    method: 'POST',
    path: '/admin/cycles/{id}/carry-over',
    functionName: 'admin',
    access: 'staff',
    groups: ADMINS,
  },
  // The earlier cycle's mentors, each emailed a link to take part again in this one.
  {
    method: 'POST',
    path: '/admin/cycles/{id}/invitations',
    functionName: 'admin',
    access: 'staff',
    groups: ADMINS,
  },
  // The cycle's matches completed now, rather than at its end date.
  {
    method: 'POST',
    path: '/admin/cycles/{id}/completion',
    functionName: 'admin',
    access: 'staff',
    groups: ADMINS,
  },
  // What came of a cycle, for the association's board: as JSON for the charts, and as CSV.
  {
    method: 'GET',
    path: '/admin/outcomes',
    functionName: 'admin',
    access: 'staff',
    groups: ANY_STAFF,
  },
  {
    method: 'GET',
    path: '/admin/outcomes.csv',
    functionName: 'admin',
    access: 'staff',
    groups: ANY_STAFF,
  },
  // Letters of recognition for the mentors who completed a cycle: listed, issued (and emailed
  // with consent), downloaded as PDF. A function of their own: the PDF library is large.
  {
    method: 'GET',
    path: '/admin/cycles/{id}/letters',
    functionName: 'letters',
    access: 'staff',
    groups: ADMINS,
  },
  {
    method: 'POST',
    path: '/admin/cycles/{id}/letters',
    functionName: 'letters',
    access: 'staff',
    groups: ADMINS,
  },
  {
    method: 'GET',
    path: '/admin/cycles/{id}/letters/{mentorId}',
    functionName: 'letters',
    access: 'staff',
    groups: ADMINS,
  },
  // Matches in place and their health from the check-ins; staff record their follow-ups.
  {
    method: 'GET',
    path: '/admin/matches',
    functionName: 'admin',
    access: 'staff',
    groups: ANY_STAFF,
  },
  {
    method: 'POST',
    path: '/admin/matches/{menteeId}/follow-ups',
    functionName: 'admin',
    access: 'staff',
    groups: ANY_STAFF,
  },
  // A colleague as a second mentor for a stated need: the candidates ranked by the pair
  // rules, bringing one in, and ending just that colleague's match.
  {
    method: 'GET',
    path: '/admin/matches/{menteeId}/colleague-candidates',
    functionName: 'admin',
    access: 'staff',
    groups: ANY_STAFF,
  },
  {
    method: 'POST',
    path: '/admin/matches/{menteeId}/colleagues',
    functionName: 'admin',
    access: 'staff',
    groups: ANY_STAFF,
  },
  {
    method: 'DELETE',
    path: '/admin/matches/{menteeId}/colleagues/{mentorId}',
    functionName: 'admin',
    access: 'staff',
    groups: ANY_STAFF,
  },
  {
    method: 'GET',
    path: '/admin/matching/candidates',
    functionName: 'matching',
    access: 'staff',
    groups: ANY_STAFF,
  },
  {
    method: 'POST',
    path: '/admin/matching/runs',
    functionName: 'matching',
    access: 'staff',
    groups: ANY_STAFF,
  },
  {
    method: 'GET',
    path: '/admin/matching/runs/{id}',
    functionName: 'matching',
    access: 'staff',
    groups: ANY_STAFF,
  },
  {
    method: 'POST',
    path: '/admin/matching/runs/{id}/approve',
    functionName: 'matching',
    access: 'staff',
    groups: ADMINS,
  },
  {
    method: 'POST',
    path: '/admin/matching/matches/{menteeId}/end',
    functionName: 'matching',
    access: 'staff',
    groups: ADMINS,
  },
  {
    method: 'GET',
    path: '/admin/matching/settings',
    functionName: 'matching',
    access: 'staff',
    groups: ANY_STAFF,
  },
  {
    method: 'PUT',
    path: '/admin/matching/settings',
    functionName: 'matching',
    access: 'staff',
    groups: ADMINS,
  },
] as const satisfies readonly ServedRoute[];

/** Every route, as the gateway and the stack read them. */
export const ROUTES: readonly RouteDefinition[] = ROUTE_TABLE;

/** A route of the table, with its literal method, path, function and access. */
export type Route = (typeof ROUTE_TABLE)[number];

/** The handlers a function must give: one for each route the table gives it. */
export type HandlersOf<Name extends Route['functionName']> = RouteHandlers<
  Extract<Route, { functionName: Name }>
>;

/**
 * The dispatcher of one function's routes (see routeDispatcher): its route keys and who may
 * call each come from this table, so a handler cannot serve a route the API does not route
 * to it, or forget one.
 */
export function dispatchRoutes<Name extends Route['functionName']>(
  functionName: Name,
  handlers: HandlersOf<Name>,
  options?: Parameters<typeof routeDispatcher>[2],
) {
  return routeDispatcher(routesOf(ROUTE_TABLE, functionName), handlers, options);
}

/** The functions the routes name, each once. */
export function routedFunctionNames(routes: readonly RouteDefinition[] = ROUTES): string[] {
  return [...new Set(routes.map((route) => route.functionName))];
}

/** A function run on a schedule rather than by a route. */
export interface ScheduledFunction {
  functionName: string;
  everyMinutes: number;
}

/** The scheduled functions: EventBridge runs them deployed, `npm start` on an interval. */
export const SCHEDULES: readonly ScheduledFunction[] = [
  { functionName: 'retry-confirmations', everyMinutes: 5 },
  // Check-ins are due by the day: an hourly run sends each within the hour it falls due.
  { functionName: 'schedule-check-ins', everyMinutes: 60 },
  // A cycle ends at midnight in Los Angeles: an hourly run completes it within the hour.
  { functionName: 'complete-cycles', everyMinutes: 60 },
];

/** Functions run by events rather than routes or schedules: the table stream, SES's reports. */
export const EVENT_FUNCTIONS = ['send-emails', 'ses-events', 'tally-applications'] as const;
