import { renderConfirmationEmail } from '../email/confirmation-email.js';
import { LOG_EVENTS } from '../observability/log-events.js';
import { nextAttemptAfterFailure } from './confirmation-schedule.js';
import { emailKey } from './fingerprints.js';
import type {
  ApplicationRepository,
  Environment,
  Mailer,
  OperationalLog,
  OperationalMetrics,
  ProgramDetails,
} from './ports.js';
import type { ConfirmationState, Submission } from './submission.js';

/** At most this many confirmations go to one address per UTC day, whatever is submitted. */
export const DAILY_CONFIRMATION_LIMIT = 3;

const TWO_DAYS_MS = 2 * 24 * 60 * 60 * 1000;

/** What sending a confirmation needs. */
export interface ConfirmationDependencies {
  repository: ApplicationRepository;
  mailer: Mailer;
  environment: Environment;
  log: OperationalLog;
  program: ProgramDetails;
  metrics?: OperationalMetrics;
}

/**
 * Sends the applicant's confirmation for a saved submission. Never throws: the submission
 * is already safe, so a failure leaves the confirmation pending with its next attempt
 * scheduled (or, out of attempts, failed and counted), logged by error name and id only.
 * The first send takes one of the address's daily slots; a retry already holds one.
 */
export async function sendConfirmation(
  deps: ConfirmationDependencies,
  submission: Submission,
  options: { claimDailySlot: boolean } = { claimDailySlot: true },
): Promise<ConfirmationState> {
  const { repository, mailer, environment, log, program } = deps;
  const now = environment.now();
  try {
    if (options.claimDailySlot) {
      const day = now.toISOString().slice(0, 10);
      const expiresAt = new Date(now.getTime() + TWO_DAYS_MS);
      const key = emailKey(submission.application.email);
      if (
        !(await repository.claimConfirmationSlot(key, day, DAILY_CONFIRMATION_LIMIT, expiresAt))
      ) {
        await repository.markConfirmationSuppressed(submission.id, now);
        log.warn(LOG_EVENTS.confirmationSuppressed, { applicationId: submission.id });
        return 'suppressed';
      }
    }
    const { messageId } = await mailer.send(renderConfirmationEmail(submission, program));
    await repository.markConfirmationSent(submission.id, messageId, environment.now());
    return 'sent';
  } catch (error) {
    const errorName = error instanceof Error ? error.name : 'UnknownError';
    const failedAttempts = submission.confirmation.attempts + 1;
    const retryAt = nextAttemptAfterFailure(failedAttempts, environment.now());
    log.warn(retryAt ? LOG_EVENTS.confirmationNotSent : LOG_EVENTS.confirmationFailed, {
      applicationId: submission.id,
      errorName,
      attempts: failedAttempts,
    });
    if (!retryAt) deps.metrics?.confirmationGaveUp();
    await repository
      .recordConfirmationFailure(submission.id, environment.now(), errorName, retryAt)
      .catch(() => undefined);
    return retryAt ? 'pending' : 'failed';
  }
}
