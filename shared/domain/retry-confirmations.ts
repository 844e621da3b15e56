import { type DeliveryDependencies, type DeliveryOutcome, deliverEmail } from './deliver-email.js';

/** What one sweep did, by outcome. */
export type RetryReport = Record<DeliveryOutcome, number>;

/**
 * The safety net behind the stream-driven sender: sends every outbox email that is still
 * pending and due (SES was down, or its stream record went to the on-failure queue), with
 * backoff. Each is claimed first, so a sweep overlapping another, or the stream sender,
 * never sends the same email twice; one sent, given up or erased meanwhile is skipped.
 */
export async function retryPendingConfirmations(
  deps: DeliveryDependencies,
  options: { batchSize: number },
): Promise<RetryReport> {
  const report: RetryReport = {
    sent: 0,
    pending: 0,
    failed: 0,
    suppressed: 0,
    bounced: 0,
    complained: 0,
    skipped: 0,
  };
  const due = await deps.outbox.findDue(deps.environment.now(), options.batchSize);
  for (const ref of due) report[await deliverEmail(deps, ref, { dueOnly: true })]++;
  return report;
}
