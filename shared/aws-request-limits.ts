/**
 * How long one AWS call may take, all attempts included. The SDK's default HTTP handler
 * only logs a warning when `requestTimeout` passes unless `throwOnRequestTimeout` is set,
 * so without it a service that accepts the connection and never answers holds the call
 * until Lambda kills the function. The request timer starts with the request, so it bounds
 * connecting too; the worst case is `maxAttempts × requestTimeoutMs` plus the SDK's short
 * backoff between attempts: every bound below stays well inside the 10 s function timeout.
 */
export interface RequestLimits {
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  maxAttempts: number;
}

/** DynamoDB answers in milliseconds; two tries of 1.5 s end a hung call in about 3 s. */
export const DYNAMODB_REQUEST_LIMITS: RequestLimits = {
  connectionTimeoutMs: 1000,
  requestTimeoutMs: 1500,
  maxAttempts: 2,
};

/** One try of 3 s: a failed send stays pending and the scheduled sweeper tries again later. */
export const SES_REQUEST_LIMITS: RequestLimits = {
  connectionTimeoutMs: 1000,
  requestTimeoutMs: 3000,
  maxAttempts: 1,
};

/** Secrets are read once per container, during init; two tries of 2 s. */
export const SECRETS_REQUEST_LIMITS: RequestLimits = {
  connectionTimeoutMs: 1000,
  requestTimeoutMs: 2000,
  maxAttempts: 2,
};

/** The client settings that enforce `limits` (spread into any AWS SDK v3 client's config). */
export function boundedRequests(limits: RequestLimits) {
  return {
    maxAttempts: limits.maxAttempts,
    requestHandler: {
      connectionTimeout: limits.connectionTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}
