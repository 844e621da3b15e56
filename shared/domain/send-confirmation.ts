import { renderConfirmationEmail } from '../email/confirmation-email.js';
import { LOG_EVENTS } from '../observability/log-events.js';
import {
  DAILY_CONFIRMATION_LIMIT,
  DAILY_SLOT_LIFETIME_MS,
  nextAttemptAfterFailure,
} from './confirmation-schedule.js';
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

/** What sending a confirmation needs. */
export interface ConfirmationDependencies {
  repository: ApplicationRepository;
  mailer: Mailer;
  environment: Environment;
  log: OperationalLog;
  program: ProgramDetails;
  metrics?: OperationalMetrics;
}

/** What became of one attempt: the confirmation's new state, or skipped (no longer waiting). */
export type SendOutcome = ConfirmationState | 'skipped';

/**
 * Sends the applicant's confirmation for a saved submission its caller holds. Before the
 * first send it takes one of the address's daily slots (past the limit the confirmation is
 * suppressed: saved, never sent). Never throws: the submission is already safe, so a
 * failure leaves the confirmation pending with its next attempt scheduled (or, out of
 * attempts, failed and counted), logged by error name and id only.
 */
export async function sendConfirmation(
  deps: ConfirmationDependencies,
  submission: Submission,
): Promise<SendOutcome> {
  const { repository, mailer, environment, log, program } = deps;
  try {
    if (!submission.confirmation.slotTaken) {
      const slot = await repository.takeDailySlot(submission.id, {
        emailKey: emailKey(submission.application.email),
        day: submission.createdAt.slice(0, 10),
        limit: DAILY_CONFIRMATION_LIMIT,
        expiresAt: new Date(Date.parse(submission.createdAt) + DAILY_SLOT_LIFETIME_MS),
      });
      if (slot === 'not_pending') return 'skipped';
      if (slot === 'limit_reached') {
        await repository.markConfirmationSuppressed(submission.id, environment.now());
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
