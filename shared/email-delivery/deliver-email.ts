import type { ApplicationRepository, Environment } from '../applications/application-ports.js';
import {
  CONFIRMATION_LEASE_MS,
  DAILY_CONFIRMATION_LIMIT,
  DAILY_SLOT_LIFETIME_MS,
  nextAttemptAfterFailure,
} from '../applications/confirmation-schedule.js';
import { earlierApplicationOf } from '../applications/duplicates.js';
import type { Fingerprints } from '../applications/fingerprints.js';
import { type EmailState, introductionOf, type OutboxEmail } from '../applications/outbox.js';
import type { Submission } from '../applications/submission.js';
import { LOG_EVENTS } from '../platform/observability/log-events.js';
import type {
  OperationalLog,
  OperationalMetrics,
} from '../platform/observability/operational-ports.js';
import { sameAddress } from '../platform/text/email-address.js';
import type {
  EmailOutbox,
  EmailRef,
  Mailer,
  OutgoingEmail,
  ProgramDetails,
} from './delivery-ports.js';
import { renderConfirmationEmail } from './emails/confirmation-email.js';
import { renderIntroductionEmail } from './emails/introduction-email.js';
import { renderStaffNotice } from './emails/staff-notice-email.js';
import { renderStaffNotification } from './emails/staff-notification-email.js';

/** What delivering an email needs. */
export interface DeliveryDependencies {
  repository: ApplicationRepository;
  outbox: EmailOutbox;
  mailer: Mailer;
  environment: Environment;
  log: OperationalLog;
  program: ProgramDetails;
  metrics?: OperationalMetrics;
  /** Keyed hashes of addresses: the applicant's guard, the daily quota. */
  fingerprints: Fingerprints;
  /**
   * The link an applicant manages their application with, for their confirmation; absent
   * when the service has no public address or link secret configured.
   */
  applicantLink?: (submission: Submission) => Promise<string | undefined>;
}

/**
 * The match an introduction belongs to is over: one side withdrew, was erased, or staff
 * ended it. Nobody is introduced to someone who has left.
 */
class MatchEnded extends Error {
  override name = 'MatchEnded';
}

/** Too late to start the send: it and the write recording it might not finish in time. */
class OutOfTime extends Error {
  override name = 'OutOfTime';
}

/**
 * What became of one delivery: the email's new state, skipped (not ours to send now), or
 * deferred (handed back unsent: too late to start the send).
 */
export type DeliveryOutcome = EmailState | 'skipped' | 'deferred';

async function render(
  deps: DeliveryDependencies,
  ref: EmailRef,
  submission: Submission,
): Promise<OutgoingEmail> {
  if (ref.kind === 'confirmation') {
    const manageUrl = await deps.applicantLink?.(submission);
    return renderConfirmationEmail(submission, deps.program, manageUrl);
  }
  const introduction = introductionOf(ref.kind);
  if (introduction) {
    const other = await deps.repository.findSubmission(introduction.otherId);
    if (other?.status !== 'matched' || submission.status !== 'matched') throw new MatchEnded();
    // The introduction of one match only: after it ended and the pair was matched again,
    // the new match has introductions of its own, so this one must not go as well.
    if (introduction.matchId) {
      const match = await deps.repository.findMatch(submission.id, introduction.otherId);
      if (match?.matchId !== introduction.matchId) throw new MatchEnded();
    }
    return renderIntroductionEmail(submission, other, deps.program);
  }
  const ids = await deps.repository.findApplicationIds(
    await deps.fingerprints.applicantKey(submission.type, submission.application.email),
  );
  const duplicateOf = earlierApplicationOf(ids, submission.id);
  return renderStaffNotification(
    { ...submission, ...(duplicateOf ? { duplicateOf } : {}) },
    deps.program,
  );
}

function renderEmail(
  deps: DeliveryDependencies,
  ref: EmailRef,
  email: OutboxEmail,
  submission: Submission | undefined,
): Promise<OutgoingEmail> {
  if (email.notice) return Promise.resolve(renderStaffNotice(email.notice, deps.program));
  // Only a notice is delivered without its application (checked by the caller).
  return render(deps, ref, submission as Submission);
}

/**
 * Delivers one outbox email at most once: claims it (a conditional write; another sender,
 * a stream replay or the sweeper then skips it), checks the recipient has not bounced or
 * complained (staff's own address excepted: it is alarmed on, never suppressed), takes a confirmation's daily slot before its first send, sends, and marks it
 * sent. Never throws for a failed send: the email stays pending with its next attempt
 * scheduled (or, out of attempts, failed and counted), logged by id and error name only.
 * Storage errors do throw, so the stream retries the record. With `sendBy`, a send is not
 * started after that moment (the reads before it ran long): the email is handed back,
 * unsent and not counted, for the next sweep.
 */
export async function deliverEmail(
  deps: DeliveryDependencies,
  ref: EmailRef,
  options: { dueOnly: boolean; sendBy?: Date },
): Promise<DeliveryOutcome> {
  const { outbox, environment, log } = deps;
  const now = environment.now();
  const leaseUntil = new Date(now.getTime() + CONFIRMATION_LEASE_MS);
  const email = await outbox.claim(ref, now, leaseUntil, {
    ...(options.dueOnly ? { dueBy: now } : {}),
  });
  if (!email) return 'skipped';
  // A staff notice carries its own facts (its application may be erased by now).
  const submission = email.notice
    ? undefined
    : await deps.repository.findSubmission(ref.applicationId);
  // Erasure deletes the outbox items with the application, so this is a race lost cleanly.
  if (!email.notice && !submission) return 'skipped';

  const details = { applicationId: ref.applicationId, email: ref.kind };
  let messageId: string;
  try {
    const outgoing = await renderEmail(deps, ref, email, submission);
    // The program's own inbox is never silenced by the suppression list: a bounce or
    // complaint naming it raises an alarm instead (recordDeliveryProblem).
    const suppressed = sameAddress(outgoing.to, deps.program.staffEmail)
      ? undefined
      : await outbox.suppressionOf(outgoing.to);
    if (suppressed) {
      await outbox.markSuppressed(ref, environment.now(), suppressed);
      log.warn(LOG_EVENTS.emailToSuppressedAddress, details);
      return 'suppressed';
    }
    if (ref.kind === 'confirmation' && submission && !email.slotTaken) {
      const slot = await outbox.takeDailySlot(ref, {
        emailKey: await deps.fingerprints.emailKey(submission.application.email),
        day: submission.createdAt.slice(0, 10),
        limit: DAILY_CONFIRMATION_LIMIT,
        expiresAt: new Date(Date.parse(submission.createdAt) + DAILY_SLOT_LIFETIME_MS),
      });
      if (slot === 'limit_reached') {
        await outbox.markSuppressed(ref, environment.now(), 'daily_limit');
        log.warn(LOG_EVENTS.confirmationSuppressed, details);
        return 'suppressed';
      }
    }
    // The last moment to decide: once SES has the email, only the outbox's record of it
    // stops it going again, so the send starts only if that record can follow in time.
    if (options.sendBy && environment.now() > options.sendBy) throw new OutOfTime();
    messageId = (await deps.mailer.send(outgoing)).messageId;
  } catch (error) {
    if (error instanceof MatchEnded) {
      await outbox.markSuppressed(ref, environment.now(), 'match_ended');
      return 'suppressed';
    }
    if (error instanceof OutOfTime) {
      await outbox.release(ref, leaseUntil);
      return 'deferred';
    }
    const errorName = error instanceof Error ? error.name : 'UnknownError';
    const failedAttempts = email.attempts + 1;
    const retryAt = nextAttemptAfterFailure(failedAttempts, environment.now());
    log.warn(retryAt ? LOG_EVENTS.confirmationNotSent : LOG_EVENTS.confirmationFailed, {
      ...details,
      errorName,
      attempts: failedAttempts,
    });
    if (!retryAt) deps.metrics?.confirmationGaveUp();
    await outbox.recordFailure(ref, environment.now(), errorName, retryAt);
    return retryAt ? 'pending' : 'failed';
  }
  // The email has gone: recording it must not count as a failed send. A write that keeps
  // failing throws (the stream retries the record), and the lease keeps others off meanwhile.
  await recordSent(() => outbox.markSent(ref, messageId, environment.now()));
  return 'sent';
}

const RECORD_SENT_ATTEMPTS = 3;

async function recordSent(write: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return;
    } catch (error) {
      if (attempt >= RECORD_SENT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
