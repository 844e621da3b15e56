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

/**
 * The longest one call may take, all attempts included: each attempt's request timeout,
 * plus the SDK's backoff before each retry. After a timed-out try that backoff is a random
 * fraction of 100 ms or less; a throttled try answers at once and waits up to 1 s, which
 * with the next try's timeout still ends sooner than two timed-out tries.
 */
export function longestCallMs(limits: RequestLimits): number {
  return limits.maxAttempts * limits.requestTimeoutMs + (limits.maxAttempts - 1) * 100;
}

/**
 * The longest an email's send and the write recording its outcome may take together: an
 * SES call, then one DynamoDB write (sent, or failed with its next attempt). A sender that
 * cannot count on this much time must not start the send: cut off between the two, an
 * email SES accepted stays pending and goes out again.
 */
export const SEND_AND_RECORD_MS =
  longestCallMs(SES_REQUEST_LIMITS) + longestCallMs(DYNAMODB_REQUEST_LIMITS);

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
