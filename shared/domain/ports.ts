import type { ApplicationType } from '../schemas/application-types.js';
import type { Receipt, Submission } from './submission.js';

/** A submission to save, with the guard keys that make saving it idempotent. */
export interface NewSubmission {
  submission: Submission;
  contentKey: string;
  applicantKey: string;
  /** When an identical resubmission stops being answered with this receipt. */
  replayUntil: Date;
  /** A single-use form token to spend in the same write, or fail with `token_used`. */
  formToken?: SingleUseToken;
}

/** A form token's one-time nonce, remembered until the token expires. */
export interface SingleUseToken {
  nonce: string;
  expiresAt: Date;
}

/** What became of an attempt to save. */
export type CreateOutcome =
  | { kind: 'created' }
  | { kind: 'replayed'; receipt: Receipt }
  | { kind: 'token_used' }
  | { kind: 'retry'; reason: 'reference_taken' | 'conflict' };

/** One of an address's confirmation slots for a UTC day. */
export interface DailySlot {
  emailKey: string;
  day: string;
  limit: number;
  expiresAt: Date;
}

/** Storage for applications: the domain's view of the table. */
export interface ApplicationRepository {
  /** Ids of every application on file for this applicant key (one person, one role). */
  findApplicationIds(applicantKey: string): Promise<string[]>;
  /**
   * Saves a submission and its guards atomically, or nothing at all. A repeat applicant's
   * save is the same single write as a first one, so timing cannot tell who applied before.
   */
  create(input: NewSubmission): Promise<CreateOutcome>;
  /**
   * Takes one of the address's confirmation slots for a submission's pending confirmation,
   * once, in one write: `limit_reached` when the day's slots are spent, `not_pending` when
   * the confirmation is no longer waiting (erased, already slotted).
   */
  takeDailySlot(id: string, slot: DailySlot): Promise<'taken' | 'limit_reached' | 'not_pending'>;
  /** Records that a pending confirmation will not be sent (the daily limit), out of the queue. */
  markConfirmationSuppressed(id: string, at: Date): Promise<void>;
  /** Records a confirmation as sent. */
  markConfirmationSent(id: string, messageId: string, at: Date): Promise<void>;
  /**
   * Records a failed attempt: pending again from `retryAt`, or, when `retryAt` is null,
   * failed for good and out of the retry queue.
   */
  recordConfirmationFailure(
    id: string,
    at: Date,
    errorName: string,
    retryAt: Date | null,
  ): Promise<void>;
  /** Ids of submissions whose confirmation is pending and due by `now`, oldest first. */
  findDueConfirmations(now: Date, limit: number): Promise<string[]>;
  /**
   * Takes a due, pending confirmation for sending until `leaseUntil`, unless another run
   * holds it or it is no longer pending (sent, failed, erased). Returns the submission.
   */
  claimConfirmation(id: string, now: Date, leaseUntil: Date): Promise<Submission | undefined>;
}

/** Counts operations care about. */
export interface OperationalMetrics {
  /** A confirmation used up its attempts and will not be sent. */
  confirmationGaveUp(): void;
}

/** A rendered email, ready to send. */
export interface OutgoingEmail {
  to: string;
  /** Replies go here instead of the sender's usual Reply-To. */
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends email. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** What the domain may say in logs: identifiers and error names, never applicant data. */
export interface OperationalLog {
  warn(message: string, details: Record<string, string | number>): void;
}

/** Time and identifiers, passed in so the domain stays deterministic under test. */
export interface Environment {
  now(): Date;
  newId(): string;
  newReference(): string;
}

/** The program details that go into a confirmation. */
export interface ProgramDetails {
  programName: string;
  staffEmail: string;
}

/** Re-exported for adapters. */
export type { ApplicationType };
