import { renderStaffNotification } from '../email/staff-notification-email.js';
import { earlierApplicationOf } from './duplicates.js';
import { applicantKey } from './fingerprints.js';
import type { ApplicationRepository, Mailer, OperationalLog, ProgramDetails } from './ports.js';
import type { Submission } from './submission.js';

/**
 * Emails program staff about a new application, saying which earlier application from the
 * same address it follows, if any. Never throws: staff can still list it.
 */
export async function notifyStaff(
  deps: {
    mailer: Mailer;
    log: OperationalLog;
    program: ProgramDetails;
    repository: ApplicationRepository;
  },
  submission: Submission,
): Promise<boolean> {
  try {
    const ids = await deps.repository.findApplicationIds(
      applicantKey(submission.type, submission.application.email),
    );
    const duplicateOf = earlierApplicationOf(ids, submission.id);
    await deps.mailer.send(
      renderStaffNotification(
        { ...submission, ...(duplicateOf ? { duplicateOf } : {}) },
        deps.program,
      ),
    );
    return true;
  } catch (error) {
    deps.log.warn('Staff notification not sent', {
      applicationId: submission.id,
      errorName: error instanceof Error ? error.name : 'UnknownError',
    });
    return false;
  }
}
