import { describe, expect, it } from 'vitest';
import { DAILY_CONFIRMATION_LIMIT } from '../../shared/applications/confirmation-schedule.js';
import { type EmailKind, introductionKind } from '../../shared/applications/outbox.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import { deliverEmail } from '../../shared/email-delivery/deliver-email.js';
import {
  readDeliveryProblem,
  recordDeliveryProblem,
} from '../../shared/email-delivery/delivery-problems.js';
import { retryPendingConfirmations } from '../../shared/email-delivery/retry-confirmations.js';
import { submitApplication } from '../../shared/intake/submit-application.js';
import { LOG_EVENTS } from '../../shared/platform/observability/log-events.js';
import { aMentorApplication } from '../support/builders.js';
import { testFingerprints } from '../support/fingerprints.js';
import {
  fixedEnvironment,
  InMemoryApplicationRepository,
  RecordingLog,
  RecordingMailer,
} from '../support/in-memory-ports.js';

function setUp() {
  const repository = new InMemoryApplicationRepository();
  const { outbox } = repository;
  const mailer = new RecordingMailer();
  const log = new RecordingLog();
  const environment = fixedEnvironment();
  const program = { programName: 'LACMA Mentoring Program', staffEmail: 'staff@ladocs.example' };
  let gaveUp = 0;
  const deps = {
    repository,
    outbox,
    mailer,
    log,
    environment,
    program,
    metrics: { confirmationGaveUp: () => void gaveUp++ },
    fingerprints: testFingerprints,
  };
  const save = async (overrides: Record<string, unknown> = {}) => {
    const result = await submitApplication(
      deps,
      'mentor',
      mentorApplicationSchema.parse(aMentorApplication(overrides)),
      { notifyStaff: true },
    );
    if (result.kind !== 'created') throw new Error('expected a new submission');
    return result.submission;
  };
  const deliver = (applicationId: string, kind: EmailKind = 'confirmation') =>
    deliverEmail(deps, { applicationId, kind }, { dueOnly: false });
  return {
    repository,
    outbox,
    mailer,
    log,
    environment,
    deps,
    save,
    deliver,
    gaveUp: () => gaveUp,
  };
}

describe('deliverEmail', () => {
  it('sends the confirmation to the applicant and the summary to staff, each once, however often it is asked', async () => {
    const { mailer, outbox, save, deliver } = setUp();
    const submission = await save();

    const outcomes = [
      await deliver(submission.id, 'confirmation'),
      await deliver(submission.id, 'staffNotification'),
      await deliver(submission.id, 'confirmation'),
      await deliver(submission.id, 'staffNotification'),
    ];

    expect(outcomes).toEqual(['sent', 'sent', 'skipped', 'skipped']);
    expect(mailer.sent.map((email) => email.to)).toEqual([
      submission.application.email,
      'staff@ladocs.example',
    ]);
    expect(outbox.email({ applicationId: submission.id, kind: 'confirmation' })).toMatchObject({
      state: 'sent',
      attempts: 1,
      messageId: 'message-1',
    });
  });

  it('skips an email another sender holds', async () => {
    const { outbox, environment, save, deliver, mailer } = setUp();
    const submission = await save();
    const ref = { applicationId: submission.id, kind: 'confirmation' as const };
    await outbox.claim(ref, environment.now(), {
      id: 'another-sender',
      until: new Date(environment.now().getTime() + 30_000),
    });

    expect(await deliver(submission.id)).toBe('skipped');
    expect(mailer.sent).toEqual([]);
  });

  it('leaves a failed send pending for the sweeper, logging only the id and error name', async () => {
    const { outbox, mailer, log, save, deliver } = setUp();
    mailer.failWith = Object.assign(new Error('connect ECONNREFUSED'), { name: 'NetworkingError' });
    const submission = await save({ firstName: 'Privatename' });

    const outcome = await deliver(submission.id);

    expect(outcome).toBe('pending');
    expect(outbox.email({ applicationId: submission.id, kind: 'confirmation' })).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: 'NetworkingError',
      dueAt: '2026-03-20T17:01:00.000Z',
    });
    expect(log.lines).toEqual([
      {
        message: 'Confirmation not sent; left pending for retry',
        details: {
          applicationId: submission.id,
          email: 'confirmation',
          errorName: 'NetworkingError',
          attempts: 1,
        },
      },
    ]);
  });

  it(`sends at most ${DAILY_CONFIRMATION_LIMIT} confirmations to one address per UTC day; later ones are saved but suppressed`, async () => {
    const { mailer, environment, save, deliver, outbox } = setUp();
    const email = 'prolific@example.org';
    const states = [];
    for (let capacity = 1; capacity <= 4; capacity++) {
      states.push(await deliver((await save({ email, capacity })).id));
    }
    environment.advance(24 * 60 * 60 * 1000);
    const nextDay = await deliver((await save({ email, capacity: 5 })).id);

    expect(states).toEqual(['sent', 'sent', 'sent', 'suppressed']);
    expect(nextDay).toBe('sent');
    expect(mailer.sent.filter((sent) => sent.to === email)).toHaveLength(4);
    const suppressed = [...outbox.emails.values()].find((each) => each.state === 'suppressed');
    expect(suppressed?.suppressedBecause).toBe('daily_limit');
  });

  it('takes the day’s slot once: a retry after a failed send does not take another', async () => {
    const { outbox, mailer, environment, save, deliver } = setUp();
    mailer.failWith = new Error('down');
    const submission = await save({ email: 'retry@example.org' });
    await deliver(submission.id);
    mailer.failWith = undefined;
    environment.advance(60_000);

    expect(await deliver(submission.id)).toBe('sent');
    expect([...outbox.quota.values()]).toEqual([1]);
  });

  it('sends nothing more to an address that bounced for good or complained', async () => {
    const { outbox, mailer, save, deliver } = setUp();
    const submission = await save({ email: 'bounced@example.org' });
    const problem = readDeliveryProblem(
      JSON.stringify({
        eventType: 'Bounce',
        bounce: {
          bounceType: 'Permanent',
          bouncedRecipients: [{ emailAddress: 'bounced@example.org' }],
        },
        mail: { messageId: 'm-1' },
      }),
    );
    if (problem) await outbox.recordDeliveryProblem(problem);

    expect(await deliver(submission.id)).toBe('suppressed');
    expect(mailer.sent).toEqual([]);
    expect(outbox.email({ applicationId: submission.id, kind: 'confirmation' })).toMatchObject({
      state: 'suppressed',
      suppressedBecause: 'bounced',
    });
  });

  it('records why an address is suppressed: a complaint says complained, not bounced', async () => {
    const { outbox, save, deliver } = setUp();
    const submission = await save({ email: 'annoyed@example.org' });
    const problem = readDeliveryProblem(
      JSON.stringify({
        eventType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: 'annoyed@example.org' }] },
        mail: { messageId: 'm-2' },
      }),
    );
    if (problem) await outbox.recordDeliveryProblem(problem);

    expect(await deliver(submission.id)).toBe('suppressed');
    expect(outbox.email({ applicationId: submission.id, kind: 'confirmation' })).toMatchObject({
      state: 'suppressed',
      suppressedBecause: 'complained',
    });
  });

  it('keeps sending to staff when their address is on the suppression list', async () => {
    const { outbox, mailer, save, deliver } = setUp();
    const submission = await save();
    await outbox.recordDeliveryProblem({
      kind: 'complained',
      messageId: 'm-3',
      addresses: ['Staff@LADOCS.example'],
    });

    expect(await deliver(submission.id, 'staffNotification')).toBe('sent');
    expect(mailer.sent.map((email) => email.to)).toEqual(['staff@ladocs.example']);
  });

  it('gives up after five attempts, counting it once', async () => {
    const { mailer, environment, save, deliver, deps, gaveUp, outbox } = setUp();
    mailer.failWith = new Error('down');
    const submission = await save();
    await deliver(submission.id);
    const outcomes = [];
    for (let attempt = 2; attempt <= 5; attempt++) {
      environment.advance(10 * 60_000);
      const report = await retryPendingConfirmations(deps, { batchSize: 10 });
      outcomes.push(report.failed);
    }

    // The confirmation's first attempt was the stream sender's; the staff summary's the sweeper's.
    expect(outcomes).toEqual([0, 0, 0, 1]);
    expect(gaveUp()).toBe(1);
    expect(outbox.email({ applicationId: submission.id, kind: 'confirmation' })).toMatchObject({
      state: 'failed',
      attempts: 5,
    });
    expect(outbox.email({ applicationId: submission.id, kind: 'staffNotification' }).state).toBe(
      'pending',
    );
  });
});

describe('the sweeper', () => {
  it('sends only what is due: nothing during the grace period the stream sender has', async () => {
    const { deps, environment, save, mailer } = setUp();
    await save();

    const early = await retryPendingConfirmations(deps, { batchSize: 10 });
    environment.advance(2 * 60_000);
    const later = await retryPendingConfirmations(deps, { batchSize: 10 });

    expect(early.sent).toBe(0);
    expect(later.sent).toBe(2);
    expect(mailer.sent).toHaveLength(2);
  });
});

describe('the sweeper against its deadline', () => {
  // The function has 10 s; SES may take 3 s and the write recording the outcome 3.1 s.
  const SEND_AND_RECORD_MS = 6100;
  const timedOut = Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });

  /** Three applications (six emails) due to the sweeper, and a sweep with 9.5 s to go. */
  async function sixDueEmails() {
    const setup = setUp();
    for (const n of [1, 2, 3]) await setup.save({ email: `due-${n}@example.org` });
    setup.environment.advance(3 * 60_000);
    const time = {
      deadline: new Date(setup.environment.now().getTime() + 9500),
      sendAndRecordMs: SEND_AND_RECORD_MS,
    };
    const states = () => [...setup.outbox.emails.values()];
    return { ...setup, time, states };
  }

  it('with SES hanging, starts no send it might not finish in time: the rest stay pending, untouched, for the next run', async () => {
    const { deps, environment, time, states, log } = await sixDueEmails();
    // Every send hangs for SES's whole request timeout, then fails.
    const hungSes = {
      send: async () => {
        environment.advance(3000);
        throw timedOut;
      },
    };

    const report = await retryPendingConfirmations(
      { ...deps, mailer: hungSes },
      { batchSize: 50, time },
    );

    // At 0 s and 3 s a send and its record fit before the deadline; at 6 s one would not.
    expect(report).toMatchObject({ pending: 2, deferred: 4, sent: 0, failed: 0 });
    expect(environment.now().getTime()).toBeLessThanOrEqual(time.deadline.getTime());
    const tried = states().filter((email) => email.attempts === 1);
    const left = states().filter((email) => email.attempts === 0);
    expect(tried).toHaveLength(2);
    expect(left).toHaveLength(4);
    for (const email of states()) {
      expect(email.state).toBe('pending');
      expect(email.leaseUntil).toBeUndefined();
    }
    expect(log.lines.at(-1)).toEqual({
      message: LOG_EVENTS.sweepOutOfTime,
      details: { deferred: 4 },
    });
  });

  it('hands back an email whose reading ran long, unsent and not counted, instead of sending it too late', async () => {
    const { deps, environment, time, states, mailer, repository } = await sixDueEmails();
    // DynamoDB is slow for one read: 4 s, after which no send and its record fit any more.
    let slow = true;
    const slowRepository = Object.assign(Object.create(repository), {
      findSubmission: async (id: string) => {
        if (slow) environment.advance(4000);
        slow = false;
        return repository.findSubmission(id);
      },
    });

    const report = await retryPendingConfirmations(
      { ...deps, repository: slowRepository },
      { batchSize: 50, time },
    );

    expect(report).toMatchObject({ sent: 0, deferred: 6 });
    expect(mailer.sent).toEqual([]);
    for (const email of states()) {
      expect(email).toMatchObject({ state: 'pending', attempts: 0 });
      expect(email.leaseUntil).toBeUndefined();
    }
  });

  it('with SES answering, sends everything due well inside the time', async () => {
    const { deps, time, mailer } = await sixDueEmails();

    const report = await retryPendingConfirmations(deps, { batchSize: 50, time });

    expect(report).toMatchObject({ sent: 6, deferred: 0 });
    expect(mailer.sent).toHaveLength(6);
  });
});

describe('introductions', () => {
  it('introduces two matched people, and nobody to someone who left the match before it went out', async () => {
    const { repository, outbox, mailer, save, deliver } = setUp();
    // Roles do not matter to the rule: both saved as mentors for brevity.
    const mentor = await save();
    const mentee = await save({ email: 'second@example.org', firstName: 'Sam' });
    const matched = (id: string) => {
      const submission = repository.submissions.get(id);
      if (submission) submission.status = 'matched';
    };
    matched(mentor.id);
    matched(mentee.id);
    const introduce = (from: string, to: string) => {
      outbox.emails.set(`${from}#introduction:${to}`, {
        applicationId: from,
        kind: `introduction:${to}`,
        state: 'pending',
        attempts: 0,
      });
      return deliver(from, `introduction:${to}`);
    };

    expect(await introduce(mentor.id, mentee.id)).toBe('sent');
    expect(mailer.sent.at(-1)?.to).toBe(mentor.application.email);

    // The mentee withdraws before their own introduction is sent.
    const leaving = repository.submissions.get(mentee.id);
    if (leaving) leaving.status = 'withdrawn';
    const sentBefore = mailer.sent.length;
    expect(await introduce(mentee.id, mentor.id)).toBe('suppressed');
    expect(
      outbox.email({ applicationId: mentee.id, kind: `introduction:${mentor.id}` }),
    ).toMatchObject({
      state: 'suppressed',
      suppressedBecause: 'match_ended',
    });
    // And the other side is not told about the person who left, either.
    outbox.emails.delete(`${mentor.id}#introduction:${mentee.id}`);
    expect(await introduce(mentor.id, mentee.id)).toBe('suppressed');
    expect(mailer.sent).toHaveLength(sentBefore);
  });

  it('introduces for its own match only: matched again, the pair gets the new match’s introduction, not also the old one', async () => {
    const { repository, outbox, mailer, save, deliver } = setUp();
    const mentor = await save();
    const mentee = await save({ email: 'second@example.org', firstName: 'Sam' });
    const matchWith = (id: string, withId: string, matchId: string) => {
      const submission = repository.submissions.get(id);
      if (!submission) return;
      submission.status = 'matched';
      submission.matches = [
        {
          withId,
          withRole: 'mentor',
          approvedAt: '2026-03-20T17:00:00.000Z',
          approvedBy: { sub: 'ada', email: 'ada@ladocs.example' },
          score: 80,
          runId: 'run-1',
          matchId,
        },
      ];
    };
    const pending = (from: string, to: string, matchId: string) => {
      const kind = introductionKind(to, matchId);
      outbox.emails.set(`${from}#${kind}`, {
        applicationId: from,
        kind,
        state: 'pending',
        attempts: 0,
      });
      return kind;
    };
    // The first match's introduction was still pending (SES was down) when the match ended
    // and the pair was matched again.
    const first = pending(mentee.id, mentor.id, 'match-1');
    matchWith(mentee.id, mentor.id, 'match-2');
    matchWith(mentor.id, mentee.id, 'match-2');
    const second = pending(mentee.id, mentor.id, 'match-2');

    expect(await deliver(mentee.id, first)).toBe('suppressed');
    expect(outbox.email({ applicationId: mentee.id, kind: first })).toMatchObject({
      suppressedBecause: 'match_ended',
    });
    expect(await deliver(mentee.id, second)).toBe('sent');
    expect(mailer.sent.map((email) => email.to)).toEqual([mentee.application.email]);
  });
});

describe('reading SES bounces and complaints', () => {
  it('reduces each recipient to its address, as SES may report it with a display name', () => {
    const problem = readDeliveryProblem(
      JSON.stringify({
        eventType: 'Bounce',
        bounce: {
          bounceType: 'Permanent',
          bouncedRecipients: [
            { emailAddress: 'Some One <Some.One@Example.ORG>' },
            { emailAddress: '"Doe, <Jane>" <jane@example.org> ' },
            { emailAddress: ' plain@Example.org' },
          ],
        },
        mail: { messageId: 'm-4' },
      }),
    );

    expect(problem?.addresses).toEqual([
      'some.one@example.org',
      'jane@example.org',
      'plain@example.org',
    ]);
  });
});

describe('recordDeliveryProblem', () => {
  function recorder() {
    const outbox = new InMemoryApplicationRepository().outbox;
    const log = new RecordingLog();
    const counted: string[] = [];
    const deps = {
      outbox,
      log,
      now: () => new Date('2026-03-20T17:00:00.000Z'),
      staffEmail: 'staff@ladocs.example',
      metrics: {
        confirmationGaveUp: () => undefined,
        deliveryProblem: (kind: string) => void counted.push(kind),
        staffAddressProblem: (kind: string) => void counted.push(`staff ${kind}`),
      },
    };
    return { outbox, log, counted, deps };
  }

  it('never suppresses the staff address: it counts and logs the problem for the alarm', async () => {
    const { outbox, log, counted, deps } = recorder();

    await recordDeliveryProblem(deps, {
      kind: 'complained',
      messageId: 'm-5',
      addresses: ['staff@ladocs.example'],
    });

    expect(await outbox.suppressionOf('staff@ladocs.example')).toBeUndefined();
    expect(counted).toEqual(['complaint', 'staff complaint']);
    expect(log.lines).toEqual([
      {
        message: LOG_EVENTS.staffAddressProblem,
        details: { problem: 'complained', messageId: 'm-5' },
      },
    ]);
  });

  it('suppresses an applicant’s address, with its reason, and raises no staff alarm', async () => {
    const { outbox, counted, deps } = recorder();

    await recordDeliveryProblem(deps, {
      kind: 'bounced',
      messageId: 'm-6',
      addresses: ['gone@example.org'],
    });

    expect(await outbox.suppressionOf('gone@example.org')).toBe('bounced');
    expect(counted).toEqual(['bounce']);
  });
});
