import { renderStaffNotification } from '../email/staff-notification-email.js';
import type { Mailer, OperationalLog, ProgramDetails } from './ports.js';
import type { Submission } from './submission.js';

/** Emails program staff about a new application. Never throws: staff can still list it. */
export async function notifyStaff(
  deps: { mailer: Mailer; log: OperationalLog; program: ProgramDetails },
  submission: Submission,
): Promise<boolean> {
  try {
    await deps.mailer.send(renderStaffNotification(submission, deps.program));
    return true;
  } catch (error) {
    deps.log.warn('Staff notification not sent', {
      applicationId: submission.id,
      errorName: error instanceof Error ? error.name : 'UnknownError',
    });
    return false;
  }
}
