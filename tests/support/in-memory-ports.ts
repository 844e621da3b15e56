import type {
  ApplicationRepository,
  CreateOutcome,
  Environment,
  NewSubmission,
} from '../../shared/applications/application-ports.js';
import type { OutboxEmail, SuppressionReason } from '../../shared/applications/outbox.js';
import type { Receipt, Submission } from '../../shared/applications/submission.js';
import type {
  Claim,
  DailySlot,
  EmailOutbox,
  EmailRef,
  Lease,
  Mailer,
  OutgoingEmail,
} from '../../shared/email-delivery/delivery-ports.js';
import type { DeliveryProblem } from '../../shared/email-delivery/delivery-problems.js';
import type { OperationalLog } from '../../shared/platform/observability/operational-ports.js';
import { normalizedAddress } from '../../shared/platform/text/email-address.js';

/** The repository port kept in memory, with the same guard rules as the DynamoDB adapter. */
export class InMemoryApplicationRepository implements ApplicationRepository {
  readonly submissions = new Map<string, Submission>();
  readonly references = new Set<string>();
  readonly replays = new Map<string, { receipt: Receipt; until: Date }>();
  readonly applicants = new Map<string, Set<string>>();
  readonly spentTokens = new Map<string, Date>();
  /** Outcomes to return before doing real work, to play races and collisions. */
  readonly scriptedOutcomes: CreateOutcome[] = [];

  /** Its outbox: what create saves beside each submission. */
  constructor(readonly outbox = new InMemoryEmailOutbox()) {}

  async findApplicationIds(applicantKey: string) {
    return [...(this.applicants.get(applicantKey) ?? [])];
  }

  async findSubmission(id: string) {
    const found = this.submissions.get(id);
    return found ? structuredClone(found) : undefined;
  }

  async findSubmissions(ids: readonly string[]) {
    const found = new Map<string, Submission>();
    for (const id of ids) {
      const submission = await this.findSubmission(id);
      if (submission) found.set(id, submission);
    }
    return found;
  }

  async findMatch(applicationId: string, withId: string) {
    const match = this.submissions.get(applicationId)?.matches?.find((m) => m.withId === withId);
    return match ? structuredClone(match) : undefined;
  }

  async create({
    submission,
    contentKey,
    applicantKey,
    replayUntil,
    formToken,
    emails,
  }: NewSubmission): Promise<CreateOutcome> {
    const scripted = this.scriptedOutcomes.shift();
    if (scripted) return scripted;
    const now = new Date(submission.createdAt);
    const replay = this.replays.get(contentKey);
    if (replay && replay.until > now) return { kind: 'replayed', receipt: replay.receipt };
    const spentUntil = formToken && this.spentTokens.get(formToken.nonce);
    if (spentUntil && spentUntil > now) return { kind: 'token_used' };
    if (this.references.has(submission.reference))
      return { kind: 'retry', reason: 'reference_taken' };
    this.submissions.set(submission.id, structuredClone(submission));
    this.references.add(submission.reference);
    const { id, reference, type, createdAt } = submission;
    this.replays.set(contentKey, {
      receipt: { id, reference, type, status: 'received', receivedAt: createdAt },
      until: replayUntil,
    });
    this.applicants.set(applicantKey, new Set([...(this.applicants.get(applicantKey) ?? []), id]));
    if (formToken) this.spentTokens.set(formToken.nonce, formToken.expiresAt);
    for (const email of emails) this.outbox.emails.set(refKey(email), structuredClone(email));
    return { kind: 'created' };
  }
}

const refKey = (ref: EmailRef) => `${ref.applicationId}#${ref.kind}`;

/** The outbox port kept in memory, with the adapter's claim, lease and slot rules. */
export class InMemoryEmailOutbox implements EmailOutbox {
  readonly emails = new Map<string, OutboxEmail>();
  readonly quota = new Map<string, number>();
  readonly suppressed = new Map<string, DeliveryProblem['kind']>();
  readonly problems: DeliveryProblem[] = [];

  email(ref: EmailRef): OutboxEmail {
    const email = this.emails.get(refKey(ref));
    if (!email) throw new Error(`no email ${refKey(ref)}`);
    return email;
  }

  /** Which lease holds each email: the adapter keeps it beside the email as `leaseId`. */
  readonly leaseIds = new Map<string, string>();

  async claim(
    ref: EmailRef,
    now: Date,
    lease: Lease,
    options: { dueBy?: Date; dailySlot?: DailySlot } = {},
  ): Promise<Claim | undefined> {
    const email = this.emails.get(refKey(ref));
    if (email?.state !== 'pending') return undefined;
    const ours = this.leaseIds.get(refKey(ref)) === lease.id;
    if (email.leaseUntil && new Date(email.leaseUntil) >= now && !ours) return undefined;
    if (options.dueBy && email.dueAt && new Date(email.dueAt) > options.dueBy) return undefined;
    email.leaseUntil = lease.until.toISOString();
    this.leaseIds.set(refKey(ref), lease.id);
    if (!options.dailySlot || email.slotTaken) return { email: structuredClone(email) };
    const dailySlot = this.takeDailySlot(email, options.dailySlot);
    return { email: structuredClone(email), dailySlot };
  }

  async release(ref: EmailRef, lease: Lease) {
    const email = this.emails.get(refKey(ref));
    if (email?.state === 'pending' && this.leaseIds.get(refKey(ref)) === lease.id) {
      delete email.leaseUntil;
      this.leaseIds.delete(refKey(ref));
    }
  }

  private finish(ref: EmailRef, change: Partial<OutboxEmail>) {
    const email = this.email(ref);
    if (email.state !== 'pending') throw new Error('not pending');
    Object.assign(email, change);
    delete email.leaseUntil;
    delete email.dueAt;
  }

  async markSent(ref: EmailRef, messageId: string, at: Date) {
    const attempts = this.email(ref).attempts + 1;
    this.finish(ref, { state: 'sent', messageId, attempts, lastAttemptAt: at.toISOString() });
  }

  async recordFailure(ref: EmailRef, at: Date, errorName: string, retryAt: Date | null) {
    const email = this.email(ref);
    const change = {
      attempts: email.attempts + 1,
      lastError: errorName,
      lastAttemptAt: at.toISOString(),
    };
    if (retryAt === null) {
      this.finish(ref, { ...change, state: 'failed' });
      return;
    }
    Object.assign(email, change, { dueAt: retryAt.toISOString() });
    delete email.leaseUntil;
  }

  async markSuppressed(ref: EmailRef, at: Date, reason: SuppressionReason) {
    this.finish(ref, {
      state: 'suppressed',
      suppressedBecause: reason,
      lastAttemptAt: at.toISOString(),
    });
  }

  private takeDailySlot(email: OutboxEmail, slot: DailySlot) {
    const key = `${slot.emailKey}#${slot.day}`;
    const used = this.quota.get(key) ?? 0;
    if (used >= slot.limit) return 'limit_reached' as const;
    if (email.slotTaken) throw new Error('slot taken twice');
    this.quota.set(key, used + 1);
    email.slotTaken = true;
    return 'taken' as const;
  }

  async findDue(now: Date, limit: number) {
    return [...this.emails.values()]
      .filter(
        (email) => email.state === 'pending' && (!email.dueAt || new Date(email.dueAt) <= now),
      )
      .slice(0, limit)
      .map(({ applicationId, kind }) => ({ applicationId, kind }));
  }

  async suppressionOf(address: string) {
    return this.suppressed.get(normalizedAddress(address));
  }

  async suppressionsOf(addresses: readonly string[]) {
    const found = new Map<string, DeliveryProblem['kind']>();
    for (const address of addresses) {
      const kind = this.suppressed.get(normalizedAddress(address));
      if (kind) found.set(address, kind);
    }
    return found;
  }

  async recordDeliveryProblem(problem: DeliveryProblem) {
    this.problems.push(problem);
    for (const address of problem.addresses) {
      this.suppressed.set(normalizedAddress(address), problem.kind);
    }
  }
}

/** A mailer that keeps what it sends, or fails with `failWith`. */
export class RecordingMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  failWith: Error | undefined;

  async send(email: OutgoingEmail) {
    if (this.failWith) throw this.failWith;
    this.sent.push(email);
    return { messageId: `message-${this.sent.length}` };
  }
}

/** A log that keeps its lines. */
export class RecordingLog implements OperationalLog {
  readonly lines: Array<{ message: string; details: Record<string, string | number> }> = [];

  warn(message: string, details: Record<string, string | number>) {
    this.lines.push({ message, details });
  }
}

/** A fixed clock and counters for ids and references. */
export function fixedEnvironment(now = new Date('2026-03-20T17:00:00.000Z')): Environment & {
  advance(ms: number): void;
} {
  let time = now.getTime();
  let ids = 0;
  let references = 0;
  return {
    now: () => new Date(time),
    newId: () => `id-${++ids}`,
    newReference: () => `LM-AAAA-${String(++references).padStart(4, '2')}`,
    advance: (ms) => {
      time += ms;
    },
  };
}
