import type { ApplicationType } from '../schemas/application-types.js';
import type { Receipt, Submission } from './submission.js';

/** A submission to save, with the guard keys that make saving it idempotent. */
export interface NewSubmission {
  submission: Submission;
  contentKey: string;
  applicantKey: string;
  /** When an identical resubmission stops being answered with this receipt. */
  replayUntil: Date;
  /** Take one of the address's daily confirmation slots in the same write, or fail with `daily_limit`. */
  dailySlot?: { emailKey: string; day: string; limit: number; expiresAt: Date };
}

/** What became of an attempt to save. */
export type CreateOutcome =
  | { kind: 'created' }
  | { kind: 'replayed'; receipt: Receipt }
  | {
      kind: 'retry';
      reason:
        | 'reference_taken'
        | 'applicant_exists'
        | 'applicant_changed'
        | 'daily_limit'
        | 'conflict';
    };

/** Storage for applications: the domain's view of the table. */
export interface ApplicationRepository {
  /** The id of the first application for this applicant key, if any. */
  findFirstApplicationId(applicantKey: string): Promise<string | undefined>;
  /** Saves a submission and its guards atomically, or nothing at all. */
  create(input: NewSubmission): Promise<CreateOutcome>;
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
