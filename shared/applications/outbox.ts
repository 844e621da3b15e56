import { CONFIRMATION_GRACE_MS } from './confirmation-schedule.js';
import type { StaffNotice } from './staff-notice.js';

/** The emails an application causes, each its own outbox item with its own state. */
export const EMAIL_KINDS = ['confirmation', 'staffNotification'] as const;

/**
 * An introduction to the person an application was matched with: by that person's id and
 * the match's own id (`introduction:<otherId>:<matchId>`; before match ids were kept, by the
 * person's id alone).
 */
export type IntroductionKind = `introduction:${string}`;

/**
 * An invitation to a mentor of an earlier cycle to take part in a new one
 * (`invitation:<cycleId>`): on their earlier application, so one per mentor per cycle.
 */
export type InvitationKind = `invitation:${string}`;

/** The kind of the invitation into `cycleId`. */
export function invitationKind(cycleId: string): InvitationKind {
  return `invitation:${cycleId}`;
}

/** The cycle an invitation invites into; undefined for another kind. */
export function invitationCycleOf(kind: EmailKind): string | undefined {
  return kind.startsWith('invitation:') ? kind.slice('invitation:'.length) : undefined;
}

/**
 * What an invitation says, kept on its outbox item: the cycle as it stood when the
 * invitation was made, so every rendering of it (a retry, the sweeper) is the same email.
 */
export interface InvitationFacts {
  cycleId: string;
  cycleName: string;
  /** When the cycle's window closes: the link works until then, with the closing grace. */
  closesAt: string;
  invitedAt: string;
}

/**
 * A check-in on a match (`checkIn:<matchId>:<number>`), or its one reminder
 * (`checkInReminder:<matchId>:<number>`): on each side's application, so each person gets
 * each at most once.
 */
export type CheckInKind = `checkIn:${string}` | `checkInReminder:${string}`;

/**
 * What a check-in email says, kept on its outbox item: which match and check-in, and until
 * when it can be answered (the next check-in's day, or 60 days after the last one's).
 */
export interface CheckInFacts {
  matchId: string;
  /** The other side of the match: the email checks the match still stands before it goes. */
  withId: string;
  number: number;
  /** How many check-ins the schedule has for this match. */
  of: number;
  dueAt: string;
  answerableUntil: string;
  reminder: boolean;
}

/** The kind of a check-in email, or of its reminder. */
export function checkInKind(facts: Pick<CheckInFacts, 'matchId' | 'number' | 'reminder'>) {
  return `${facts.reminder ? 'checkInReminder' : 'checkIn'}:${facts.matchId}:${facts.number}` as CheckInKind;
}

/** Whether an email is a check-in or a check-in's reminder. */
export function isCheckInKind(kind: EmailKind): kind is CheckInKind {
  return kind.startsWith('checkIn:') || kind.startsWith('checkInReminder:');
}

/** The outbox item of a check-in (or its reminder), due to the sweeper after the grace period. */
export function checkInEmail(applicationId: string, facts: CheckInFacts, now: Date): OutboxEmail {
  return {
    applicationId,
    kind: checkInKind(facts),
    state: 'pending',
    attempts: 0,
    dueAt: dueToSweeperAt(now),
    checkIn: facts,
  };
}

/**
 * The introduction of a colleague brought in as a second mentor
 * (`colleagueIntroduction:<otherId>:<matchId>`): to the mentee (other: the colleague) and to
 * the colleague (other: the mentee) only; the primary mentor gets none. Keyed by the
 * colleague match's own id, as introductions are, so a colleague brought in again later is
 * introduced again by new items.
 */
export type ColleagueIntroductionKind = `colleagueIntroduction:${string}`;

/** The kind of a colleague's introduction to `otherId`, for one colleague match. */
export function colleagueIntroductionKind(
  otherId: string,
  matchId: string,
): ColleagueIntroductionKind {
  return `colleagueIntroduction:${otherId}:${matchId}`;
}

/** Whether an email is a colleague's introduction. */
export function isColleagueIntroductionKind(kind: EmailKind): kind is ColleagueIntroductionKind {
  return kind.startsWith('colleagueIntroduction:');
}

/**
 * What a colleague's introduction says, kept on its outbox item (so a retry or the sweeper
 * sends the same email): who is introduced to whom, the primary mentor both are told of,
 * and the need as staff stated it. The email checks the colleague match still stands.
 */
export interface ColleagueFacts {
  matchId: string;
  menteeId: string;
  colleagueId: string;
  primaryMentorId: string;
  need: string;
  /** The specialty the need asked for, when staff named one. */
  specialty?: string;
}

/** The outbox item of a colleague's introduction to `otherId`, due to the sweeper after the grace period. */
export function colleagueIntroductionEmail(
  applicationId: string,
  facts: ColleagueFacts,
  now: Date,
): OutboxEmail {
  const otherId = applicationId === facts.menteeId ? facts.colleagueId : facts.menteeId;
  return {
    applicationId,
    kind: colleagueIntroductionKind(otherId, facts.matchId),
    state: 'pending',
    attempts: 0,
    dueAt: dueToSweeperAt(now),
    colleague: facts,
  };
}

/**
 * A person's evaluation of the cycle their match completed (`evaluation:<cycleId>`): one
 * per application, so each person is asked once however often completion runs.
 */
export type EvaluationKind = `evaluation:${string}`;

/** What an evaluation email says, kept on its outbox item. */
export interface EvaluationFacts {
  cycleId: string;
  cycleName: string;
  /** A mentee is also asked whether they would recommend their mentor. */
  role: 'mentor' | 'mentee';
  completedAt: string;
  /** The link works, and answers can be changed, until then. */
  answerableUntil: string;
}

/** How long after the cycle's completion its evaluation can be answered. */
export const EVALUATION_OPEN_DAYS = 30;

/** The kind of the evaluation of `cycleId`. */
export function evaluationKind(cycleId: string): EvaluationKind {
  return `evaluation:${cycleId}`;
}

/** Whether an email is an end-of-cycle evaluation. */
export function isEvaluationKind(kind: EmailKind): kind is EvaluationKind {
  return kind.startsWith('evaluation:');
}

/** The outbox item of an evaluation, due to the sweeper after the grace period. */
export function evaluationEmail(applicationId: string, facts: EvaluationFacts): OutboxEmail {
  return {
    applicationId,
    kind: evaluationKind(facts.cycleId),
    state: 'pending',
    attempts: 0,
    dueAt: dueToSweeperAt(facts.completedAt),
    evaluation: facts,
  };
}

/**
 * A mentor's letter of recognition for a cycle, emailed with their consent
 * (`recognitionLetter:<cycleId>`): on their application, so one per mentor per cycle.
 */
export type RecognitionLetterKind = `recognitionLetter:${string}`;

/** The kind of the email carrying a mentor's letter for `cycleId`. */
export function recognitionLetterKind(cycleId: string): RecognitionLetterKind {
  return `recognitionLetter:${cycleId}`;
}

/** The cycle whose letter an email carries; undefined for another kind. */
export function recognitionLetterCycleOf(kind: EmailKind): string | undefined {
  return kind.startsWith('recognitionLetter:')
    ? kind.slice('recognitionLetter:'.length)
    : undefined;
}

/**
 * What a letter's email names, kept on its outbox item: which cycle's letter (the letter
 * itself, with its PDF, is read from the mentor's letter item when it goes).
 */
export interface RecognitionLetterFacts {
  cycleId: string;
  issuedAt: string;
}

/** The outbox item of a letter's email, due to the sweeper after the grace period. */
export function recognitionLetterEmail(
  mentorId: string,
  facts: RecognitionLetterFacts,
  now: Date,
): OutboxEmail {
  return {
    applicationId: mentorId,
    kind: recognitionLetterKind(facts.cycleId),
    state: 'pending',
    attempts: 0,
    dueAt: dueToSweeperAt(now),
    recognitionLetter: facts,
  };
}

/** A notice to staff that the applicant withdrew or deleted their application themselves. */
export type StaffNoticeKind = 'withdrawalNotice' | 'deletionNotice';

/** Whether an email is a notice to staff (rendered from its own outbox item). */
export function isStaffNoticeKind(kind: EmailKind): kind is StaffNoticeKind {
  return kind === 'withdrawalNotice' || kind === 'deletionNotice';
}

/** The notice kind for an applicant's action. */
export function staffNoticeKind(action: StaffNotice['action']): StaffNoticeKind {
  return action === 'withdrew' ? 'withdrawalNotice' : 'deletionNotice';
}

/**
 * Which email: the applicant's confirmation, the summary to program staff, an
 * introduction to a match (or to a colleague brought in as a second mentor), a notice to
 * staff of what the applicant did, an invitation to a mentor to take part again, a check-in,
 * or a mentor's letter of recognition.
 */
export type EmailKind =
  | (typeof EMAIL_KINDS)[number]
  | IntroductionKind
  | StaffNoticeKind
  | InvitationKind
  | CheckInKind
  | ColleagueIntroductionKind
  | EvaluationKind
  | RecognitionLetterKind;

/**
 * The kind of the introduction to `otherId` for one match. Each approval has its own match
 * id, so a pair matched again after its match ended gets a new outbox item (a new key: the
 * stream sees an INSERT), never a rewrite of the first one's. Without a match id: the key
 * of an introduction written before match ids were kept.
 */
export function introductionKind(otherId: string, matchId: string | undefined): IntroductionKind {
  return matchId ? `introduction:${otherId}:${matchId}` : `introduction:${otherId}`;
}

/** Who an introduction introduces, and for which match; undefined for another kind. */
export function introductionOf(kind: EmailKind): { otherId: string; matchId?: string } | undefined {
  if (!kind.startsWith('introduction:')) return undefined;
  const [otherId = '', matchId] = kind.slice('introduction:'.length).split(':');
  return matchId ? { otherId, matchId } : { otherId };
}

/**
 * Why an email will never be sent: the address's daily limit, an address that bounced or
 * complained, or (for an introduction) a match that ended before it went out.
 */
export type SuppressionReason = 'daily_limit' | 'bounced' | 'complained' | 'match_ended';

/**
 * Where an email stands: waiting (pending), sent, given up after its attempts (failed),
 * never to be sent (suppressed), or sent and then bounced for good or complained about.
 */
export type EmailState = 'pending' | 'sent' | 'failed' | 'suppressed' | 'bounced' | 'complained';

/** One email in the outbox, as the senders and staff see it. */
export interface OutboxEmail {
  applicationId: string;
  kind: EmailKind;
  state: EmailState;
  attempts: number;
  /** When it is next due for the sweeper. */
  dueAt?: string;
  /** Until when a sender holds it; erasure waits for the send to finish. */
  leaseUntil?: string;
  /** A confirmation's daily slot, taken once before its first send. */
  slotTaken?: boolean;
  messageId?: string;
  lastAttemptAt?: string;
  lastError?: string;
  suppressedBecause?: SuppressionReason;
  /** A staff notice's facts: the email is rendered from them, not from the application. */
  notice?: StaffNotice;
  /** An invitation's cycle, rendered with the mentor's application. */
  invitation?: InvitationFacts;
  /** A check-in's match and number, rendered with the person's application. */
  checkIn?: CheckInFacts;
  /** A colleague's introduction: who, for which need, beside which primary mentor. */
  colleague?: ColleagueFacts;
  /** An end-of-cycle evaluation's cycle, rendered with the person's application. */
  evaluation?: EvaluationFacts;
  /** A letter of recognition's cycle: the letter and its PDF are read when it goes. */
  recognitionLetter?: RecognitionLetterFacts;
}

/**
 * When an email saved at `savedAt` becomes due to the sweeper: after the grace period, so
 * the sweeper never races the stream-driven sender that handles it first.
 */
export function dueToSweeperAt(savedAt: Date | string): string {
  return new Date(new Date(savedAt).getTime() + CONFIRMATION_GRACE_MS).toISOString();
}

/** The outbox item of a notice to staff, due to the sweeper after the grace period. */
export function staffNoticeEmail(applicationId: string, notice: StaffNotice): OutboxEmail {
  return {
    applicationId,
    kind: staffNoticeKind(notice.action),
    state: 'pending',
    attempts: 0,
    dueAt: dueToSweeperAt(notice.at),
    notice,
  };
}

/** The outbox item of an invitation into a cycle, due to the sweeper after the grace period. */
export function invitationEmail(applicationId: string, facts: InvitationFacts): OutboxEmail {
  return {
    applicationId,
    kind: invitationKind(facts.cycleId),
    state: 'pending',
    attempts: 0,
    dueAt: dueToSweeperAt(facts.invitedAt),
    invitation: facts,
  };
}

/**
 * The outbox items a new application is saved with: its confirmation and, when staff
 * notifications are on, the staff summary. They are due to the sweeper only after a grace
 * period, so it never races the stream-driven sender that handles them first.
 */
export function newOutboxEmails(
  // Only what scheduling needs: the submission module itself builds on this one's states.
  submission: { id: string; createdAt: string },
  options: { notifyStaff: boolean },
): OutboxEmail[] {
  const dueAt = dueToSweeperAt(submission.createdAt);
  const kinds: EmailKind[] = options.notifyStaff
    ? ['confirmation', 'staffNotification']
    : ['confirmation'];
  return kinds.map((kind) => ({
    applicationId: submission.id,
    kind,
    state: 'pending',
    attempts: 0,
    dueAt,
  }));
}
