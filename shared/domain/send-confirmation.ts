import { renderConfirmationEmail } from '../email/confirmation-email.js';
import { LOG_EVENTS } from '../observability/log-events.js';
import { emailKey } from './fingerprints.js';
import type {
  ApplicationRepository,
  Environment,
  Mailer,
  OperationalLog,
  ProgramDetails,
} from './ports.js';
import type { ConfirmationState, Submission } from './submission.js';

/** At most this many confirmations go to one address per UTC day, whatever is submitted. */
export const DAILY_CONFIRMATION_LIMIT = 3;

const TWO_DAYS_MS = 2 * 24 * 60 * 60 * 1000;

/**
 * Sends the applicant's confirmation for a saved submission. Never throws: the
 * submission is already safe, so a failure only leaves the confirmation pending for the
 * retry job, and is logged by error name with the submission id.
 */
export async function sendConfirmation(
  deps: {
    repository: ApplicationRepository;
    mailer: Mailer;
    environment: Environment;
    log: OperationalLog;
    program: ProgramDetails;
  },
  submission: Submission,
): Promise<ConfirmationState> {
  const { repository, mailer, environment, log, program } = deps;
  const now = environment.now();
  try {
    const day = now.toISOString().slice(0, 10);
    const expiresAt = new Date(now.getTime() + TWO_DAYS_MS);
    const key = emailKey(submission.application.email);
    if (!(await repository.claimConfirmationSlot(key, day, DAILY_CONFIRMATION_LIMIT, expiresAt))) {
      await repository.markConfirmationSuppressed(submission.id, now);
      log.warn(LOG_EVENTS.confirmationSuppressed, {
        applicationId: submission.id,
      });
      return 'suppressed';
    }
    const { messageId } = await mailer.send(renderConfirmationEmail(submission, program));
    await repository.markConfirmationSent(submission.id, messageId, environment.now());
    return 'sent';
  } catch (error) {
    const errorName = error instanceof Error ? error.name : 'UnknownError';
    log.warn(LOG_EVENTS.confirmationNotSent, {
      applicationId: submission.id,
      errorName,
    });
    await repository
      .recordConfirmationFailure(submission.id, environment.now(), errorName)
      .catch(() => undefined);
    return 'pending';
  }
}
