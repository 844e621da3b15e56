/**
 * The CORS rule, one for the deployed HTTP API and the local gateway: an exact list of
 * allowed origins, and for those only, these methods and headers.
 */
export const CORS_POLICY = {
  allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['content-type', 'authorization', 'if-match'],
  exposeHeaders: ['etag', 'retry-after'],
  maxAgeSeconds: 3600,
} as const;

/** Parses `ALLOWED_ORIGINS` (comma-separated) into exact origins. */
export function parseAllowedOrigins(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}

/**
 * The CORS headers for a request from `origin`: none unless it is allowed exactly; for a
 * preflight also the methods, headers and how long to cache the answer.
 */
export function corsHeaders(
  origin: string | undefined,
  allowedOrigins: readonly string[],
  kind: 'preflight' | 'response',
): Record<string, string> {
  if (!origin || !allowedOrigins.includes(origin)) return {};
  const common = { 'access-control-allow-origin': origin, vary: 'origin' };
  return kind === 'preflight'
    ? {
        ...common,
        'access-control-allow-methods': CORS_POLICY.allowMethods.join(','),
        'access-control-allow-headers': CORS_POLICY.allowHeaders.join(','),
        'access-control-max-age': String(CORS_POLICY.maxAgeSeconds),
      }
    : { ...common, 'access-control-expose-headers': CORS_POLICY.exposeHeaders.join(',') };
}
