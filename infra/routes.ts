/** Who may call a route: anyone, or program staff with a valid token. */
export type RouteAccess = 'public' | 'staff';

/** One route of the HTTP API, served by the handler in `functions/<functionName>/handler.ts`. */
export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  functionName: string;
  access: RouteAccess;
  /** A tighter limit than the stage's for this route (requests per second, and burst). */
  throttle?: { rateLimit: number; burstLimit: number };
}

/**
 * The applicant's page: a person reads it and confirms once or twice. Its own limit keeps
 * anyone from hammering links (which cannot be guessed anyway) at the stage's rate.
 */
const APPLICANT_PAGE_THROTTLE = { rateLimit: 5, burstLimit: 20 };

/**
 * The one table of routes. The deployed HTTP API and the local gateway are both generated
 * from it, so what runs locally is what is deployed.
 */
export const ROUTES: readonly RouteDefinition[] = [
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
  { method: 'GET', path: '/admin/submissions', functionName: 'admin', access: 'staff' },
  { method: 'GET', path: '/admin/submissions/export.csv', functionName: 'admin', access: 'staff' },
  { method: 'GET', path: '/admin/submissions/{id}', functionName: 'admin', access: 'staff' },
  { method: 'PATCH', path: '/admin/submissions/{id}', functionName: 'admin', access: 'staff' },
  { method: 'DELETE', path: '/admin/submissions/{id}', functionName: 'admin', access: 'staff' },
  { method: 'GET', path: '/admin/matching/candidates', functionName: 'matching', access: 'staff' },
  { method: 'POST', path: '/admin/matching/runs', functionName: 'matching', access: 'staff' },
  { method: 'GET', path: '/admin/matching/runs/{id}', functionName: 'matching', access: 'staff' },
  {
    method: 'POST',
    path: '/admin/matching/runs/{id}/approve',
    functionName: 'matching',
    access: 'staff',
  },
  {
    method: 'POST',
    path: '/admin/matching/matches/{menteeId}/end',
    functionName: 'matching',
    access: 'staff',
  },
  { method: 'GET', path: '/admin/matching/settings', functionName: 'matching', access: 'staff' },
  { method: 'PUT', path: '/admin/matching/settings', functionName: 'matching', access: 'staff' },
];

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
];

/** Functions run by events rather than routes or schedules: the table stream, SES's reports. */
export const EVENT_FUNCTIONS = ['send-emails', 'ses-events'] as const;
