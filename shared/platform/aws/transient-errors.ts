const TRANSIENT_ERROR_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
]);

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * True when an AWS call failed for a reason that passes (throttling, a server fault, the
 * network) rather than because of the request: the caller may answer 503 and retry later.
 */
export function isTransientAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const details = error as Error & { code?: string; $fault?: string; $retryable?: unknown };
  return (
    TRANSIENT_ERROR_NAMES.has(error.name) ||
    details.$fault === 'server' ||
    details.$retryable !== undefined ||
    (details.code !== undefined && NETWORK_ERROR_CODES.has(details.code))
  );
}
