import type { OutboxEmail } from './outbox.js';
import type { MatchView, Receipt, Submission } from './submission.js';

/** A submission to save, with the guard keys that make saving it idempotent. */
export interface NewSubmission {
  submission: Submission;
  contentKey: string;
  applicantKey: string;
  /** When an identical resubmission stops being answered with this receipt. */
  replayUntil: Date;
  /** A single-use form token to spend in the same write, or fail with `token_used`. */
  formToken?: SingleUseToken;
  /** The outbox items saved with it: the emails it causes, sent after the answer. */
  emails: OutboxEmail[];
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

/** Storage for applications: the domain's view of the table. */
export interface ApplicationRepository {
  /** Ids of every application on file for this applicant key (one person, one role). */
  findApplicationIds(applicantKey: string): Promise<string[]>;
  /**
   * Saves a submission, its guards and its outbox emails atomically, or nothing at all. A
   * repeat applicant's save is the same single write as a first one, so timing cannot tell
   * who applied before.
   */
  create(input: NewSubmission): Promise<CreateOutcome>;
  /** A live (not erased) submission, read consistently. */
  findSubmission(id: string): Promise<Submission | undefined>;
  /** `findSubmission` for many ids in one read: the live ones, by id. */
  findSubmissions(ids: readonly string[]): Promise<Map<string, Submission>>;
  /** An application's current match with `withId`, read consistently; none once it ended. */
  findMatch(applicationId: string, withId: string): Promise<MatchView | undefined>;
}

/** Time and identifiers, passed in so the domain stays deterministic under test. */
export interface Environment {
  now(): Date;
  newId(): string;
  newReference(): string;
}
