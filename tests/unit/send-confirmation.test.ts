import { describe, expect, it } from 'vitest';
import { sendConfirmation } from '../../shared/domain/send-confirmation.js';
import { submitApplication } from '../../shared/domain/submit-application.js';
import { mentorApplicationSchema } from '../../shared/schemas/mentor.js';
import { aMentorApplication } from '../support/builders.js';
import {
  fixedEnvironment,
  InMemoryApplicationRepository,
  RecordingLog,
  RecordingMailer,
} from '../support/in-memory-ports.js';

function setUp() {
  const repository = new InMemoryApplicationRepository();
  const mailer = new RecordingMailer();
  const log = new RecordingLog();
  const environment = fixedEnvironment();
  const program = { programName: 'LACMA Mentoring Program', staffEmail: 'staff@ladocs.example' };
  const deps = { repository, mailer, log, environment, program };
  const saveAndSend = async (overrides: Record<string, unknown> = {}) => {
    const result = await submitApplication(
      deps,
      'mentor',
      mentorApplicationSchema.parse(aMentorApplication(overrides)),
    );
    if (result.kind !== 'created') throw new Error('expected a new submission');
    return {
      submission: result.submission,
      state: await sendConfirmation(deps, result.submission),
    };
  };
  return { repository, mailer, log, environment, saveAndSend };
}

describe('sendConfirmation', () => {
  it('sends the confirmation to the applicant and marks it sent', async () => {
    const { repository, mailer, saveAndSend } = setUp();

    const { submission, state } = await saveAndSend();

    expect(state).toBe('sent');
    expect(mailer.sent.map((email) => email.to)).toEqual([submission.application.email]);
    expect(repository.submissions.get(submission.id)?.confirmation.state).toBe('sent');
  });

  it('leaves the confirmation pending, logs only the id and error name, and does not throw when sending fails', async () => {
    const { repository, mailer, log, saveAndSend } = setUp();
    mailer.failWith = Object.assign(new Error('connect ECONNREFUSED'), { name: 'NetworkingError' });

    const { submission, state } = await saveAndSend({ firstName: 'Privatename' });

    expect(state).toBe('pending');
    expect(repository.submissions.get(submission.id)?.confirmation).toEqual({
      state: 'pending',
      attempts: 1,
    });
    expect(log.lines).toEqual([
      {
        message: 'Confirmation not sent; left pending for retry',
        details: { applicationId: submission.id, errorName: 'NetworkingError', attempts: 1 },
      },
    ]);
  });
});
