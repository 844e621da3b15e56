import { describe, expect, it } from 'vitest';
import { approvalRefusal, nextApprovalBatch } from '../../shared/matching/approval.js';
import type {
  ApprovalAttempt,
  MatchingRepository,
  MatchingRun,
} from '../../shared/matching/matching-ports.js';
import { approveRun } from '../../shared/matching/matching-service.js';
import { DEFAULT_MATCHING_SETTINGS } from '../../shared/matching/matching-settings.js';
import type { SuggestedPair } from '../../shared/matching/optimal-matching.js';
import type { PairKey } from '../../shared/matching/pool.js';

const pair = { mentorId: 'M', menteeId: 'E' };
const inReview = { status: 'under_review' };
const roomyMentor = { status: 'matched', matchCount: 1, capacity: 2 };

describe('approvalRefusal', () => {
  it('approves a pair both of whom are in the pool, the mentor with room', () => {
    expect(approvalRefusal(pair, { mentee: inReview, mentor: roomyMentor })).toBeUndefined();
    expect(
      approvalRefusal(pair, {
        mentee: { status: 'waitlisted' },
        mentor: { ...inReview, capacity: 1 },
      }),
    ).toBeUndefined();
  });

  it('says a mentor who left the pool is not in it, even when their count is at capacity', () => {
    for (const status of ['withdrawn', 'declined', 'received']) {
      expect(
        approvalRefusal(pair, {
          mentee: inReview,
          mentor: { status, matchCount: 2, capacity: 2 },
        }),
        status,
      ).toBe('not_in_pool');
    }
    expect(approvalRefusal(pair, { mentee: inReview })).toBe('not_in_pool');
  });

  it('says a mentor in the pool without room is full', () => {
    expect(
      approvalRefusal(pair, { mentee: inReview, mentor: { ...roomyMentor, matchCount: 2 } }),
    ).toBe('mentor_full');
  });

  it('says a mentee who left, or was matched by hand, is not in the pool', () => {
    for (const status of ['withdrawn', 'matched', 'declined']) {
      expect(approvalRefusal(pair, { mentee: { status }, mentor: roomyMentor }), status).toBe(
        'not_in_pool',
      );
    }
    expect(approvalRefusal(pair, { mentor: roomyMentor })).toBe('not_in_pool');
  });

  it('reads the mentee’s match first: this mentor again is already approved, another is taken', () => {
    const matched = { status: 'matched' };
    expect(approvalRefusal(pair, { matchedMentorId: 'M', mentee: matched })).toBe(
      'already_approved',
    );
    expect(approvalRefusal(pair, { matchedMentorId: 'X', mentee: matched })).toBe('mentee_taken');
  });
});

describe('nextApprovalBatch', () => {
  it('takes pairs in order up to the size, a mentor’s later pairs waiting for another batch', () => {
    const pending = [
      { mentorId: 'A', menteeId: '1' },
      { mentorId: 'A', menteeId: '2' },
      { mentorId: 'B', menteeId: '3' },
      { mentorId: 'C', menteeId: '4' },
    ];
    expect(nextApprovalBatch(pending, 2)).toEqual([pending[0], pending[2]]);
    expect(nextApprovalBatch(pending, 14)).toEqual([pending[0], pending[2], pending[3]]);
  });
});

/** A repository that approves in memory, with a clock each batch moves on. */
function approvingInMemory(options: { batchMs: number; heldUp?: Set<string> }) {
  let now = Date.parse('2026-04-01T12:00:00Z');
  const approved = new Map<string, string>();
  const batches: PairKey[][] = [];
  const repository: Pick<MatchingRepository, 'approvalBatchSize' | 'approvePairs' | 'findRun'> = {
    approvalBatchSize: 3,
    findRun: async (id) => run(id),
    approvePairs: async ({ pairs }) => {
      batches.push(pairs.map(({ mentorId, menteeId }) => ({ mentorId, menteeId })));
      now += options.batchMs;
      return pairs.map((pair): ApprovalAttempt => {
        if (options.heldUp?.has(pair.menteeId)) return 'retry';
        const mentor = approved.get(pair.menteeId);
        if (mentor) return mentor === pair.mentorId ? 'already_approved' : 'mentee_taken';
        approved.set(pair.menteeId, pair.mentorId);
        return 'approved';
      });
    },
  };
  const pairs: SuggestedPair[] = Array.from({ length: 10 }, (_, index) => ({
    mentorId: `M${index % 4}`,
    menteeId: `E${index}`,
    score: 50,
    reasons: [],
  }));
  const run = (id: string): MatchingRun => ({
    id,
    createdAt: '2026-04-01T11:00:00Z',
    createdBy: { sub: 'casey' },
    pinned: [],
    excluded: [],
    pairs,
    unmatched: [],
    metrics: {} as MatchingRun['metrics'],
    settingsVersion: DEFAULT_MATCHING_SETTINGS.version,
  });
  const deps = {
    repository: repository as MatchingRepository,
    addressProblems: { find: async () => new Map() },
    now: () => new Date(now),
    newId: () => 'run',
    calendar: { list: async () => [] },
  };
  const until = (ms: number) => new Date(now + ms);
  return { deps, batches, approved, until };
}

const actor = { sub: 'ada' };

describe('approveRun', () => {
  it('approves batch by batch until its time is up, and says how many pairs remain', async () => {
    const { deps, batches, until } = approvingInMemory({ batchMs: 400 });

    const report = await approveRun(deps, { runId: 'R', actor, until: until(1000) });

    // Batches start at 0, 400 and 800 ms; by 1200 ms the time is spent.
    expect(batches).toHaveLength(3);
    for (const batch of batches) {
      expect(new Set(batch.map((pair) => pair.mentorId)).size).toBe(batch.length);
    }
    expect(report.outcomes).toHaveLength(9);
    expect(report.outcomes.every((pair) => pair.outcome === 'approved')).toBe(true);
    expect(report.remaining).toBe(1);
  });

  it('always approves one batch, however little time is left, so each request moves on', async () => {
    const { deps, until } = approvingInMemory({ batchMs: 400 });

    const report = await approveRun(deps, { runId: 'R', actor, until: until(-5000) });

    expect(report.outcomes).toHaveLength(3);
    expect(report.remaining).toBe(7);
  });

  it('continues where it stopped when asked again: approved pairs read as already approved', async () => {
    const { deps, approved, until } = approvingInMemory({ batchMs: 400 });
    await approveRun(deps, { runId: 'R', actor, until: until(0) });

    const again = await approveRun(deps, { runId: 'R', actor, until: until(60_000) });

    expect(again.remaining).toBe(0);
    expect(again.outcomes.map((pair) => pair.outcome)).toEqual([
      ...Array(3).fill('already_approved'),
      ...Array(7).fill('approved'),
    ]);
    expect(approved.size).toBe(10);
  });

  it('leaves a pair that concurrent changes keep holding up for the next request', async () => {
    const { deps, batches, until } = approvingInMemory({ batchMs: 1, heldUp: new Set(['E0']) });

    const report = await approveRun(deps, { runId: 'R', actor, until: until(60_000) });

    expect(report.remaining).toBe(1);
    expect(report.outcomes.map((pair) => pair.menteeId)).not.toContain('E0');
    expect(batches.filter((batch) => batch.some((pair) => pair.menteeId === 'E0'))).toHaveLength(3);
  });

  it('approves and counts a pair asked for twice once', async () => {
    const { deps, until } = approvingInMemory({ batchMs: 1 });
    const twice = [
      { mentorId: 'M0', menteeId: 'E0' },
      { mentorId: 'M0', menteeId: 'E0' },
    ];

    const report = await approveRun(deps, { runId: 'R', pairs: twice, actor, until: until(1000) });

    expect(report).toEqual({ outcomes: [{ ...twice[0], outcome: 'approved' }], remaining: 0 });
  });
});
