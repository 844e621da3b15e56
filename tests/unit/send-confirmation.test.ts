import { describe, expect, it } from 'vitest';
import { DAILY_CONFIRMATION_LIMIT } from '../../shared/domain/confirmation-schedule.js';
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
      slotTaken: true,
    });
    expect(log.lines).toEqual([
      {
        message: 'Confirmation not sent; left pending for retry',
        details: { applicationId: submission.id, errorName: 'NetworkingError', attempts: 1 },
      },
    ]);
  });

  it(`sends at most ${DAILY_CONFIRMATION_LIMIT} confirmations to one address per UTC day; later ones are saved but suppressed`, async () => {
    const { mailer, log, environment, saveAndSend } = setUp();
    const email = 'prolific@example.org';
    const states = [];
    for (let capacity = 1; capacity <= 4; capacity++) {
      states.push((await saveAndSend({ email, capacity })).state);
    }
    environment.advance(24 * 60 * 60 * 1000);
    const nextDay = await saveAndSend({ email, capacity: 5 });

    expect(states).toEqual(['sent', 'sent', 'sent', 'suppressed']);
    expect(nextDay.state).toBe('sent');
    expect(mailer.sent).toHaveLength(4);
    expect(log.lines.map((line) => line.message)).toEqual([
      'Confirmation suppressed: daily limit for this address reached',
    ]);
  });

  it('takes the day’s slot once: a retry after a failed send does not take another', async () => {
    const { repository, mailer, saveAndSend } = setUp();
    mailer.failWith = new Error('down');
    const { submission } = await saveAndSend({ email: 'retry@example.org' });
    mailer.failWith = undefined;
    const pending = repository.submissions.get(submission.id);
    if (!pending) throw new Error('not saved');

    const retried = await sendConfirmation(
      {
        repository,
        mailer,
        log: new RecordingLog(),
        environment: fixedEnvironment(),
        program: { programName: 'P', staffEmail: 's@x.org' },
      },
      structuredClone(pending),
    );

    expect(retried).toBe('sent');
    expect([...repository.quota.values()]).toEqual([1]);
  });
});
