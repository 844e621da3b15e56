import { renderConfirmationEmail } from '../email/confirmation-email.js';
import { LOG_EVENTS } from '../observability/log-events.js';
import { nextAttemptAfterFailure } from './confirmation-schedule.js';
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

/**
 * Sends the applicant's confirmation for a saved submission (its daily slot was taken when
 * it was saved). Never throws: the submission is already safe, so a failure leaves the
 * confirmation pending with its next attempt scheduled (or, out of attempts, failed and
 * counted), logged by error name and id only.
 */
export async function sendConfirmation(
  deps: ConfirmationDependencies,
  submission: Submission,
): Promise<ConfirmationState> {
  const { repository, mailer, environment, log, program } = deps;
  try {
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
