import type { EmailKind, OutboxEmail, SuppressionReason } from '../applications/outbox.js';

/** A bounce for good or a complaint, as this service acts on it. */
export interface DeliveryProblem {
  kind: 'bounced' | 'complained';
  messageId: string;
  addresses: string[];
}

/** One of an address's confirmation slots for a UTC day. */
export interface DailySlot {
  emailKey: string;
  day: string;
  limit: number;
  expiresAt: Date;
}

/**
 * A sender's hold on one email: until when (others skip it meanwhile; erasure waits), and
 * an id only this delivery knows, so it alone can renew or hand back its hold.
 */
export interface Lease {
  id: string;
  until: Date;
}

/** A claimed email, and, when a daily slot was asked for, whether one was left. */
export interface Claim {
  email: OutboxEmail;
  dailySlot?: 'taken' | 'limit_reached';
}

/** Which email of which application: the address of one outbox item. */
export interface EmailRef {
  applicationId: string;
  kind: EmailKind;
}

/**
 * The outbox: one item per email to send, written with the application, each claimed
 * before it is sent and marked after, so every email goes out once.
 */
export interface EmailOutbox {
  /**
   * Takes a pending email for sending under `lease`, unless another sender holds it, it is
   * no longer pending (sent, given up, erased) or, with `dueBy`, not due yet. Asking again
   * with the same lease (the SDK retrying a write that timed out but was applied) takes it
   * again. With `dailySlot`, a confirmation without its slot takes one in the same write;
   * when the day's slots are spent it is still taken, with `dailySlot: 'limit_reached'`.
   */
  claim(
    ref: EmailRef,
    now: Date,
    lease: Lease,
    options?: { dueBy?: Date; dailySlot?: DailySlot },
  ): Promise<Claim | undefined>;
  /**
   * Hands back an email held under `lease` and not sent: no longer held, its attempts and
   * due time unchanged, so the next sender takes it. Never touches another sender's lease.
   */
  release(ref: EmailRef, lease: Lease): Promise<void>;
  /** Records it sent, with SES's message id (kept to match bounces), out of the queue. */
  markSent(ref: EmailRef, messageId: string, at: Date): Promise<void>;
  /** Pending again from `retryAt`, or, when `retryAt` is null, failed for good. */
  recordFailure(ref: EmailRef, at: Date, errorName: string, retryAt: Date | null): Promise<void>;
  /** Will not be sent: the address's daily limit, or an address that bounced or complained. */
  markSuppressed(ref: EmailRef, at: Date, reason: SuppressionReason): Promise<void>;
  /** Pending emails due by `now`, oldest first. */
  findDue(now: Date, limit: number): Promise<EmailRef[]>;
  /**
   * Why an address is on the suppression list (it bounced for good, or its owner
   * complained), or undefined when it is not: this service writes to a listed one no more.
   */
  suppressionOf(address: string): Promise<DeliveryProblem['kind'] | undefined>;
  /** `suppressionOf` for many addresses in one read: the listed ones, by the address given. */
  suppressionsOf(addresses: readonly string[]): Promise<Map<string, DeliveryProblem['kind']>>;
  /** Suppresses the addresses and marks the email the message was (bounced or complained). */
  recordDeliveryProblem(problem: DeliveryProblem, at: Date): Promise<void>;
}

/** A file sent with an email. */
export interface EmailAttachment {
  fileName: string;
  contentType: string;
  content: Uint8Array;
}

/** A rendered email, ready to send. */
export interface OutgoingEmail {
  to: string;
  /** Replies go here instead of the sender's usual Reply-To. */
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  /** Files it carries (a letter's PDF); an email with any is sent as raw MIME. */
  attachments?: EmailAttachment[];
}

/** Sends email. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** The program details that go into a confirmation. */
export interface ProgramDetails {
  programName: string;
  staffEmail: string;
}
