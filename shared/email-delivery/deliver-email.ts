import type { ApplicationRepository, Environment } from '../applications/application-ports.js';
import {
  CONFIRMATION_LEASE_MS,
  DAILY_CONFIRMATION_LIMIT,
  DAILY_SLOT_LIFETIME_MS,
  nextAttemptAfterFailure,
} from '../applications/confirmation-schedule.js';
import { earlierApplicationOf } from '../applications/duplicates.js';
import type { Fingerprints } from '../applications/fingerprints.js';
import {
  type CheckInFacts,
  type ColleagueFacts,
  type EmailState,
  type EvaluationFacts,
  type InvitationFacts,
  introductionOf,
  invitationCycleOf,
  isCheckInKind,
  isColleagueIntroductionKind,
  isEvaluationKind,
  isStaffNoticeKind,
  recognitionLetterCycleOf,
  type SuppressionReason,
} from '../applications/outbox.js';
import type { Submission } from '../applications/submission.js';
import { LOG_EVENTS } from '../platform/observability/log-events.js';
import type {
  OperationalLog,
  OperationalMetrics,
} from '../platform/observability/operational-ports.js';
import { sameAddress } from '../platform/text/email-address.js';
import { type IssuedLetters, letterFileName } from '../recognition/index.js';
import type {
  Claim,
  DailySlot,
  EmailOutbox,
  EmailRef,
  Mailer,
  OutgoingEmail,
  ProgramDetails,
} from './delivery-ports.js';
import { renderCheckInEmail } from './emails/check-in-email.js';
import {
  type ColleaguePeople,
  renderColleagueIntroductionEmail,
} from './emails/colleague-introduction-email.js';
import { renderConfirmationEmail } from './emails/confirmation-email.js';
import { renderEvaluationEmail } from './emails/evaluation-email.js';
import { renderIntroductionEmail } from './emails/introduction-email.js';
import { renderInvitationEmail } from './emails/invitation-email.js';
import { renderRecognitionLetterEmail } from './emails/recognition-letter-email.js';
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
  /** The link in a mentor's invitation into a new cycle; absent as `applicantLink` is. */
  invitationLink?: (applicationId: string, facts: InvitationFacts) => Promise<string | undefined>;
  /** The link in a check-in email to its page; absent as `applicantLink` is. */
  checkInLink?: (applicationId: string, facts: CheckInFacts) => Promise<string | undefined>;
  /** The link in an end-of-cycle evaluation; absent as `applicantLink` is. */
  evaluationLink?: (applicationId: string, facts: EvaluationFacts) => Promise<string | undefined>;
  /** Issued letters of recognition: a letter's email attaches the PDF issued. */
  letters?: IssuedLetters;
}

/**
 * The match an introduction belongs to is over: one side withdrew, was erased, or staff
 * ended it. Nobody is introduced to someone who has left.
 */
class MatchEnded extends Error {
  override name = 'MatchEnded';
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
  const letterCycle = recognitionLetterCycleOf(ref.kind);
  if (letterCycle) {
    // Written in one transaction with its email, and erased with the mentor: never absent
    // while the email is there, unless something is badly wrong (it then stays pending).
    const letter = await deps.letters?.storedLetter(submission.id, letterCycle);
    if (!letter) throw new Error(`A letter's email without its letter: ${ref.kind}`);
    return renderRecognitionLetterEmail(submission, letter, deps.program, letterFileName(letter));
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

/**
 * The three people of a colleague's introduction, read now, while the colleague's match
 * stands (the recipient's view of it is this match, and the mentee and colleague are still
 * matched); undefined once it has ended, or anyone has left.
 */
async function colleagueInPlace(
  deps: DeliveryDependencies,
  recipient: Submission,
  facts: ColleagueFacts,
): Promise<ColleaguePeople | undefined> {
  const otherId = recipient.id === facts.menteeId ? facts.colleagueId : facts.menteeId;
  const match = await deps.repository.findMatch(recipient.id, otherId);
  if (recipient.status !== 'matched' || match?.matchId !== facts.matchId) return undefined;
  const found = await deps.repository.findSubmissions([
    facts.menteeId,
    facts.colleagueId,
    facts.primaryMentorId,
  ]);
  const mentee = found.get(facts.menteeId);
  const colleague = found.get(facts.colleagueId);
  const primaryMentor = found.get(facts.primaryMentorId);
  if (!mentee || !colleague || !primaryMentor) return undefined;
  if (mentee.status !== 'matched' || colleague.status !== 'matched') return undefined;
  return { mentee, colleague, primaryMentor };
}

/** `port` with some of its methods answered otherwise; the rest are its own, on itself. */
function answering<T extends object>(port: T, overrides: Partial<T>): T {
  // Its methods are inherited, so `this` in them still finds the port's own fields.
  return Object.assign(Object.create(port) as T, overrides);
}

/**
 * The dependencies for delivering a batch of emails (one stream batch), with what every
 * delivery reads before its claim read once for all of them: the applications in one read,
 * then the recipients' suppression entries in another. Anything not read ahead (another
 * application, an address rendered differently) is read as usual. Nothing is claimed or
 * written: each email is still claimed on its own, so exactly-once is unchanged.
 */
export async function withReadsAhead(
  deps: DeliveryDependencies,
  refs: readonly EmailRef[],
): Promise<DeliveryDependencies> {
  const ids = refs.filter((ref) => !isStaffNoticeKind(ref.kind)).map((ref) => ref.applicationId);
  if (ids.length === 0) return deps;
  const submissions = await deps.repository.findSubmissions(ids);
  const recipients = [
    ...new Set(
      refs
        .filter((ref) => ref.kind === 'confirmation')
        .map((ref) => submissions.get(ref.applicationId)?.application.email)
        .filter((address): address is string => address !== undefined)
        .filter((address) => !sameAddress(address, deps.program.staffEmail)),
    ),
  ];
  const suppressions =
    recipients.length > 0 ? await deps.outbox.suppressionsOf(recipients) : new Map();
  const read = new Set(ids);
  const checked = new Set(recipients);
  const { repository, outbox } = deps;
  return {
    ...deps,
    repository: answering(repository, {
      findSubmission: async (id) =>
        read.has(id) ? submissions.get(id) : repository.findSubmission(id),
    }),
    outbox: answering(outbox, {
      suppressionOf: async (address) =>
        checked.has(address) ? suppressions.get(address) : outbox.suppressionOf(address),
    }),
  };
}

/** What is known before the email is claimed: everything read, nothing written. */
interface Prepared {
  submission?: Submission;
  /** The rendered email; a staff notice is rendered from its outbox item, once claimed. */
  outgoing?: OutgoingEmail;
  /** Why it must not go: a listed address, or an introduction to a match that ended. */
  suppressed?: SuppressionReason;
  dailySlot?: DailySlot;
}

/**
 * The reads of a delivery, all before the claim: a storage error here throws with nothing
 * held and no attempt counted, so the stream's retry (or the next sweep) starts afresh.
 * Undefined when the application is gone (erased: its outbox items went with it).
 */
async function prepare(deps: DeliveryDependencies, ref: EmailRef): Promise<Prepared | undefined> {
  // A staff notice carries its own facts (its application may be erased by now).
  if (isStaffNoticeKind(ref.kind)) return {};
  const submission = await deps.repository.findSubmission(ref.applicationId);
  if (!submission) return undefined;
  // An invitation, a check-in, an evaluation or a colleague's introduction is rendered from
  // its outbox item's facts, once claimed.
  if (
    invitationCycleOf(ref.kind) ||
    isCheckInKind(ref.kind) ||
    isEvaluationKind(ref.kind) ||
    isColleagueIntroductionKind(ref.kind)
  ) {
    return {
      submission,
      suppressed: await deps.outbox.suppressionOf(submission.application.email),
    };
  }
  let outgoing: OutgoingEmail;
  try {
    outgoing = await render(deps, ref, submission);
  } catch (error) {
    if (error instanceof MatchEnded) return { submission, suppressed: 'match_ended' };
    throw error;
  }
  // The program's own inbox is never silenced by the suppression list: a bounce or
  // complaint naming it raises an alarm instead (recordDeliveryProblem).
  const suppressed = sameAddress(outgoing.to, deps.program.staffEmail)
    ? undefined
    : await deps.outbox.suppressionOf(outgoing.to);
  if (suppressed || ref.kind !== 'confirmation') return { submission, outgoing, suppressed };
  return {
    submission,
    outgoing,
    dailySlot: {
      emailKey: await deps.fingerprints.emailKey(submission.application.email),
      day: submission.createdAt.slice(0, 10),
      limit: DAILY_CONFIRMATION_LIMIT,
      expiresAt: new Date(Date.parse(submission.createdAt) + DAILY_SLOT_LIFETIME_MS),
    },
  };
}

/**
 * Delivers one outbox email at most once. It reads first (the application, the rendered
 * email, whether the recipient bounced or complained: staff's own address excepted, it is
 * alarmed on, never suppressed), then claims it in one conditional write under a lease of
 * its own (another sender, a stream replay or the sweeper then skips it), taking a
 * confirmation's daily slot in the same write before its first send; then sends, and marks
 * it sent. Never throws for a failed send: the email stays pending with its next attempt
 * scheduled (or, out of attempts, failed and counted), logged by id and error name only.
 * Storage errors do throw, so the stream retries the record, and an email held but not sent
 * is handed back first, so that retry can take it at once. With `sendBy`, a send is not
 * started after that moment (the reads before it ran long): the email is handed back,
 * unsent and not counted, for the next sweep.
 */
export async function deliverEmail(
  deps: DeliveryDependencies,
  ref: EmailRef,
  options: { dueOnly: boolean; sendBy?: Date },
): Promise<DeliveryOutcome> {
  const { outbox, environment, log } = deps;
  const prepared = await prepare(deps, ref);
  if (!prepared) return 'skipped';
  const now = environment.now();
  const lease = { id: environment.newId(), until: new Date(now.getTime() + CONFIRMATION_LEASE_MS) };
  const handBack = () => outbox.release(ref, lease).catch(() => undefined);
  let claim: Claim | undefined;
  try {
    claim = await outbox.claim(ref, now, lease, {
      ...(options.dueOnly ? { dueBy: now } : {}),
      ...(prepared.dailySlot ? { dailySlot: prepared.dailySlot } : {}),
    });
  } catch (error) {
    // It may have been applied before the call failed: then it is ours to hand back.
    await handBack();
    throw error;
  }
  if (!claim) return 'skipped';
  const { email } = claim;

  const details = { applicationId: ref.applicationId, email: ref.kind };
  let outgoing: OutgoingEmail;
  try {
    if (prepared.suppressed) {
      await outbox.markSuppressed(ref, environment.now(), prepared.suppressed);
      if (prepared.suppressed !== 'match_ended')
        log.warn(LOG_EVENTS.emailToSuppressedAddress, details);
      return 'suppressed';
    }
    if (claim.dailySlot === 'limit_reached') {
      await outbox.markSuppressed(ref, environment.now(), 'daily_limit');
      log.warn(LOG_EVENTS.confirmationSuppressed, details);
      return 'suppressed';
    }
    if (prepared.outgoing) outgoing = prepared.outgoing;
    else if (email.notice) outgoing = renderStaffNotice(email.notice, deps.program);
    else if (email.invitation && prepared.submission) {
      const { submission } = prepared;
      const returnUrl = await deps.invitationLink?.(submission.id, email.invitation);
      outgoing = renderInvitationEmail(submission, email.invitation, deps.program, returnUrl);
    } else if (email.checkIn && prepared.submission) {
      const { submission } = prepared;
      // An ended match gets nothing more, however its check-in was queued before.
      const match = await deps.repository.findMatch(submission.id, email.checkIn.withId);
      if (submission.status !== 'matched' || match?.matchId !== email.checkIn.matchId) {
        await outbox.markSuppressed(ref, environment.now(), 'match_ended');
        return 'suppressed';
      }
      const checkInUrl = await deps.checkInLink?.(submission.id, email.checkIn);
      outgoing = renderCheckInEmail(submission, email.checkIn, deps.program, checkInUrl);
    } else if (email.colleague && prepared.submission) {
      const people = await colleagueInPlace(deps, prepared.submission, email.colleague);
      if (!people) {
        await outbox.markSuppressed(ref, environment.now(), 'match_ended');
        return 'suppressed';
      }
      outgoing = renderColleagueIntroductionEmail(
        prepared.submission,
        people,
        email.colleague,
        deps.program,
      );
    } else if (email.evaluation && prepared.submission) {
      const { submission } = prepared;
      const evaluationUrl = await deps.evaluationLink?.(submission.id, email.evaluation);
      outgoing = renderEvaluationEmail(submission, email.evaluation, deps.program, evaluationUrl);
    } else throw new Error(`An email without its facts: ${ref.kind}`);
  } catch (error) {
    await handBack();
    throw error;
  }
  // The last moment to decide: once SES has the email, only the outbox's record of it
  // stops it going again, so the send starts only if that record can follow in time.
  if (options.sendBy && environment.now() > options.sendBy) {
    await outbox.release(ref, lease);
    return 'deferred';
  }
  let messageId: string;
  try {
    messageId = (await deps.mailer.send(outgoing)).messageId;
  } catch (error) {
    const errorName = error instanceof Error ? error.name : 'UnknownError';
    const failedAttempts = email.attempts + 1;
    const retryAt = nextAttemptAfterFailure(failedAttempts, environment.now());
    log.warn(retryAt ? LOG_EVENTS.confirmationNotSent : LOG_EVENTS.confirmationFailed, {
      ...details,
      errorName,
      attempts: failedAttempts,
    });
    if (!retryAt) deps.metrics?.confirmationGaveUp();
    try {
      await outbox.recordFailure(ref, environment.now(), errorName, retryAt);
    } catch (recordError) {
      // Nothing went: handing it back lets the stream's retry try again at once.
      await handBack();
      throw recordError;
    }
    return retryAt ? 'pending' : 'failed';
  }
  // The email has gone: recording it must not count as a failed send, and it is never
  // handed back. A write that keeps failing throws (the stream retries the record, whose
  // claim then skips it), and the lease keeps others off meanwhile.
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
