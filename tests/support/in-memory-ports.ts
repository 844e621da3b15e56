import type {
  ApplicationRepository,
  CreateOutcome,
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
  readonly applicants = new Map<string, string>();
  readonly quota = new Map<string, number>();
  /** Outcomes to return before doing real work, to play races and collisions. */
  readonly scriptedOutcomes: CreateOutcome[] = [];

  async findFirstApplicationId(applicantKey: string) {
    return this.applicants.get(applicantKey);
  }

  async create({
    submission,
    contentKey,
    applicantKey,
    replayUntil,
    dailySlot,
  }: NewSubmission): Promise<CreateOutcome> {
    const scripted = this.scriptedOutcomes.shift();
    if (scripted) return scripted;
    const replay = this.replays.get(contentKey);
    if (replay && replay.until > new Date(submission.createdAt))
      return { kind: 'replayed', receipt: replay.receipt };
    if (this.references.has(submission.reference))
      return { kind: 'retry', reason: 'reference_taken' };
    const first = this.applicants.get(applicantKey);
    if (!submission.duplicateOf && first) return { kind: 'retry', reason: 'applicant_exists' };
    if (submission.duplicateOf && first !== submission.duplicateOf)
      return { kind: 'retry', reason: 'applicant_changed' };
    if (dailySlot) {
      const key = `${dailySlot.emailKey}#${dailySlot.day}`;
      const used = this.quota.get(key) ?? 0;
      if (used >= dailySlot.limit) return { kind: 'retry', reason: 'daily_limit' };
      this.quota.set(key, used + 1);
    }
    this.submissions.set(submission.id, structuredClone(submission));
    this.references.add(submission.reference);
    const { id, reference, type, createdAt } = submission;
    this.replays.set(contentKey, {
      receipt: { id, reference, type, status: 'received', receivedAt: createdAt },
      until: replayUntil,
    });
    if (!first) this.applicants.set(applicantKey, id);
    return { kind: 'created' };
  }

  async markConfirmationSent(id: string) {
    this.confirmation(id).state = 'sent';
    this.confirmation(id).attempts += 1;
  }

  async recordConfirmationFailure(id: string, at: Date, _errorName: string, retryAt: Date | null) {
    const confirmation = this.confirmation(id);
    confirmation.attempts += 1;
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
