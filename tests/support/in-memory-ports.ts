import type {
  ApplicationRepository,
  CreateOutcome,
  DailySlot,
  Environment,
  Mailer,
  NewSubmission,
  OperationalLog,
  OutgoingEmail,
} from '../../shared/domain/ports.js';
import type { Receipt, Submission } from '../../shared/domain/submission.js';

/** The repository port kept in memory, with the same guard rules as the DynamoDB adapter. */
export class InMemoryApplicationRepository implements ApplicationRepository {
  readonly submissions = new Map<string, Submission>();
  readonly references = new Set<string>();
  readonly replays = new Map<string, { receipt: Receipt; until: Date }>();
  readonly applicants = new Map<string, Set<string>>();
  readonly spentTokens = new Map<string, Date>();
  readonly quota = new Map<string, number>();
  /** Outcomes to return before doing real work, to play races and collisions. */
  readonly scriptedOutcomes: CreateOutcome[] = [];

  async findApplicationIds(applicantKey: string) {
    return [...(this.applicants.get(applicantKey) ?? [])];
  }

  async create({
    submission,
    contentKey,
    applicantKey,
    replayUntil,
    formToken,
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
    return { kind: 'created' };
  }

  async takeDailySlot(id: string, slot: DailySlot) {
    const confirmation = this.submissions.get(id)?.confirmation;
    if (confirmation?.state !== 'pending' || confirmation.slotTaken) return 'not_pending' as const;
    const key = `${slot.emailKey}#${slot.day}`;
    const used = this.quota.get(key) ?? 0;
    if (used >= slot.limit) return 'limit_reached' as const;
    this.quota.set(key, used + 1);
    confirmation.slotTaken = true;
    return 'taken' as const;
  }

  async markConfirmationSuppressed(id: string) {
    this.confirmation(id).state = 'suppressed';
    delete this.confirmation(id).leaseUntil;
  }

  async markConfirmationSent(id: string) {
    this.confirmation(id).state = 'sent';
    this.confirmation(id).attempts += 1;
    delete this.confirmation(id).leaseUntil;
  }

  async recordConfirmationFailure(id: string, at: Date, _errorName: string, retryAt: Date | null) {
    const confirmation = this.confirmation(id);
    confirmation.attempts += 1;
    delete confirmation.leaseUntil;
    if (retryAt === null) confirmation.state = 'failed';
    this.due.set(id, retryAt ?? at);
  }

  /** When each pending confirmation is next due (absent: due from the start). */
  readonly due = new Map<string, Date>();
  private readonly leases = new Map<string, Date>();

  async findDueConfirmations(now: Date, limit: number) {
    return [...this.submissions.values()]
      .filter(
        (s) => s.confirmation.state === 'pending' && (this.due.get(s.id) ?? new Date(0)) <= now,
      )
      .slice(0, limit)
      .map((s) => s.id);
  }

  async claimConfirmation(id: string, now: Date, leaseUntil: Date) {
    const submission = this.submissions.get(id);
    const lease = this.leases.get(id);
    if (submission?.confirmation.state !== 'pending' || (lease && lease > now)) return undefined;
    this.leases.set(id, leaseUntil);
    return structuredClone(submission);
  }

  private confirmation(id: string) {
    const submission = this.submissions.get(id);
    if (!submission) throw new Error(`no submission ${id}`);
    return submission.confirmation;
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
