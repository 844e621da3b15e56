import { LOG_EVENTS } from '../platform/observability/log-events.js';
import { type DeliveryDependencies, type DeliveryOutcome, deliverEmail } from './deliver-email.js';

/** What one sweep did, by outcome; `deferred`: due, but left pending for the next run. */
export type RetryReport = Record<DeliveryOutcome, number>;

/** The time a sweep has, from the function's remaining time. */
export interface SweepTime {
  /** When the sweep must be over: the function's end, less a moment to return. */
  deadline: Date;
  /**
   * The longest an email's send and the write recording it may take (SES_REQUEST_LIMITS
   * and DYNAMODB_REQUEST_LIMITS): no send starts later than this before the deadline.
   */
  sendAndRecordMs: number;
}

/**
 * The safety net behind the stream-driven sender: sends every outbox email that is still
 * pending and due (SES was down, or its stream record went to the on-failure queue), with
 * backoff. Each is claimed first, so a sweep overlapping another, or the stream sender,
 * never sends the same email twice; one sent, given up or erased meanwhile is skipped.
 *
 * With `time`, the sweep ends before the function would be stopped: it takes the next
 * email only while its send and the record of it can still finish by the deadline, and a
 * claimed email whose reads ran long is handed back unsent. Cut off between SES and the
 * outbox, an email would be sent twice; left alone, it stays pending for the next run
 * (attempts and due time unchanged, not held), so nothing is lost either.
 */
export async function retryPendingConfirmations(
  deps: DeliveryDependencies,
  options: { batchSize: number; time?: SweepTime },
): Promise<RetryReport> {
  const report: RetryReport = {
    sent: 0,
    pending: 0,
    failed: 0,
    suppressed: 0,
    bounced: 0,
    complained: 0,
    skipped: 0,
    deferred: 0,
  };
  const sendBy = options.time
    ? new Date(options.time.deadline.getTime() - options.time.sendAndRecordMs)
    : undefined;
  const due = await deps.outbox.findDue(deps.environment.now(), options.batchSize);
  for (const [index, ref] of due.entries()) {
    if (sendBy && deps.environment.now() > sendBy) {
      report.deferred += due.length - index;
      break;
    }
    const outcome = await deliverEmail(deps, ref, { dueOnly: true, ...(sendBy ? { sendBy } : {}) });
    report[outcome]++;
    if (outcome === 'deferred') {
      report.deferred += due.length - index - 1;
      break;
    }
  }
  if (report.deferred > 0) {
    deps.log.warn(LOG_EVENTS.sweepOutOfTime, { deferred: report.deferred });
  }
  return report;
}
