import { CONFIRMATION_LEASE_MS } from './confirmation-schedule.js';
import { type ConfirmationDependencies, sendConfirmation } from './send-confirmation.js';
import type { ConfirmationState } from './submission.js';

/** What one retry run did. */
export type RetryReport = Record<ConfirmationState | 'skipped', number>;

/**
 * Sends the confirmations that are pending and due. Each is claimed first with a
 * conditional write, so two overlapping runs never send the same one; one already sent,
 * failed or erased in the meantime is skipped.
 */
export async function retryPendingConfirmations(
  deps: ConfirmationDependencies,
  options: { batchSize: number },
): Promise<RetryReport> {
  const report: RetryReport = { sent: 0, pending: 0, failed: 0, suppressed: 0, skipped: 0 };
  const now = deps.environment.now();
  const due = await deps.repository.findDueConfirmations(now, options.batchSize);
  for (const id of due) {
    const claimed = await deps.repository.claimConfirmation(
      id,
      now,
      new Date(now.getTime() + CONFIRMATION_LEASE_MS),
    );
    if (!claimed) {
      report.skipped++;
      continue;
    }
    report[await sendConfirmation(deps, claimed)]++;
  }
  return report;
}
