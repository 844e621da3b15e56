/** After this many failed sends an email is marked failed and staff are alerted. */
export const MAX_CONFIRMATION_ATTEMPTS = 5;

/**
 * A new outbox email is not due for the sweeper until this long after it was saved, so the
 * sweeper does not race the stream-driven sender, which normally sends it within a second.
 */
export const CONFIRMATION_GRACE_MS = 2 * 60 * 1000;

/**
 * How long a sender (the stream-driven sender, or a sweep) holds an email it is sending:
 * any other sender skips it and erasure waits for it. Every call of a send is bounded (see
 * aws-request-limits), so a send ends well inside this.
 */
export const CONFIRMATION_LEASE_MS = 30 * 1000;

/**
 * How long a send usually holds its lease: its reads and writes take milliseconds and SES
 * answers within a second, after which the sender clears the lease. The lease is only the
 * ceiling, for a sender that dies holding it.
 */
export const SEND_USUALLY_DONE_MS = 2 * 1000;

/**
 * Whole seconds (at least 1) until a send holding a lease until `leaseUntil` has most
 * likely cleared it: its usual time counted from the claim (the lease's start), or, once a
 * slow send has overrun that, another usual time; never past the lease's end, after which
 * no sender holds it whatever happened.
 */
export function secondsUntilSendDone(leaseUntil: Date, now: Date): number {
  const claimedAt = leaseUntil.getTime() - CONFIRMATION_LEASE_MS;
  const usualEnd = claimedAt + SEND_USUALLY_DONE_MS;
  const expected = usualEnd > now.getTime() ? usualEnd : now.getTime() + SEND_USUALLY_DONE_MS;
  const waitMs = Math.min(expected, leaseUntil.getTime()) - now.getTime();
  return Math.max(1, Math.ceil(waitMs / 1000));
}

/** At most this many confirmations go to one address per UTC day, whatever is submitted. */
export const DAILY_CONFIRMATION_LIMIT = 3;

/** A day's counter outlives its day, whatever the time zone of the clock that reads it. */
export const DAILY_SLOT_LIFETIME_MS = 2 * 24 * 60 * 60 * 1000;

/**
 * When to try again after the given number of failed attempts, doubling from one minute
 * (1, 2, 4, 8 minutes), or null once the attempts are used up.
 */
export function nextAttemptAfterFailure(failedAttempts: number, now: Date): Date | null {
  if (failedAttempts >= MAX_CONFIRMATION_ATTEMPTS) return null;
  return new Date(now.getTime() + 60_000 * 2 ** Math.max(0, failedAttempts - 1));
}
