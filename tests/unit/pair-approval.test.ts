import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/applications/submission.js';
import type { ApprovalBatch } from '../../shared/matching/matching-ports.js';
import type { SuggestedPair } from '../../shared/matching/optimal-matching.js';
import { type PairRead, planApproval } from '../../shared/matching/pair-approval.js';

const admin: Actor = { sub: 'admin-1', email: 'admin-1@ladocs.org' };
const at = new Date('2026-05-04T17:00:00.000Z');

const aPair = (menteeId: string, mentorId: string): SuggestedPair => ({
  menteeId,
  mentorId,
  score: 72,
  reasons: [],
});

const aBatch = (pairs: SuggestedPair[]): ApprovalBatch => ({
  runId: 'run-1',
  pairs,
  matchIds: pairs.map((_, index) => `match-${index + 1}`),
  at,
  actor: admin,
});

const freshRead: PairRead = {
  mentee: { status: 'under_review', version: 3 },
  mentor: { status: 'waitlisted', version: 7, capacity: 2 },
};

describe('planning the approval of a batch', () => {
  it('approves a fresh pair: both sides to matched at the versions read, views and introductions', () => {
    const plan = planApproval(aBatch([aPair('E', 'M')]), [freshRead]);

    expect(plan.attempts).toEqual(['approved']);
    expect(plan.approvals).toHaveLength(1);
    const [approval] = plan.approvals;
    expect(approval?.runId).toBe('run-1');
    expect(approval?.mentee).toEqual({
      id: 'E',
      expectedVersion: 3,
      entry: {
        at: at.toISOString(),
        by: admin,
        changes: {
          status: { from: 'under_review', to: 'matched' },
          match: { event: 'approved', with: 'M' },
        },
      },
    });
    expect(approval?.mentor).toEqual({
      id: 'M',
      expectedVersion: 7,
      entry: {
        at: at.toISOString(),
        by: admin,
        changes: {
          status: { from: 'waitlisted', to: 'matched' },
          match: { event: 'approved', with: 'E' },
        },
      },
    });
    const view = { approvedAt: at.toISOString(), approvedBy: admin, score: 72, runId: 'run-1' };
    expect(approval?.views).toEqual([
      {
        applicationId: 'E',
        view: { withId: 'M', withRole: 'mentor', ...view, matchId: 'match-1' },
      },
      {
        applicationId: 'M',
        view: { withId: 'E', withRole: 'mentee', ...view, matchId: 'match-1' },
      },
    ]);
    expect(
      approval?.introductions.map(({ applicationId, kind, state, attempts }) => ({
        applicationId,
        kind,
        state,
        attempts,
      })),
    ).toEqual([
      { applicationId: 'E', kind: 'introduction:M:match-1', state: 'pending', attempts: 0 },
      { applicationId: 'M', kind: 'introduction:E:match-1', state: 'pending', attempts: 0 },
    ]);
    // Due to the sweeper only after the grace period: the stream's sender goes first.
    for (const email of approval?.introductions ?? []) {
      expect(Date.parse(email.dueAt ?? '')).toBeGreaterThan(at.getTime());
    }
  });

  it('records no status change for a mentor already matched with others', () => {
    const plan = planApproval(aBatch([aPair('E', 'M')]), [
      { ...freshRead, mentor: { status: 'matched', version: 9, matchCount: 1, capacity: 2 } },
    ]);

    expect(plan.approvals[0]?.mentor.entry.changes).toEqual({
      match: { event: 'approved', with: 'E' },
    });
  });

  it('approving a pair again is a no-op: already approved, nothing to write', () => {
    const plan = planApproval(aBatch([aPair('E', 'M')]), [
      {
        matchedMentorId: 'M',
        mentee: { status: 'matched', version: 4 },
        mentor: { status: 'matched', version: 8, matchCount: 1, capacity: 2 },
      },
    ]);

    expect(plan).toEqual({ attempts: ['already_approved'], approvals: [] });
  });

  it('writes nothing for a mentor who is full', () => {
    const plan = planApproval(aBatch([aPair('E', 'M')]), [
      { ...freshRead, mentor: { status: 'matched', version: 8, matchCount: 2, capacity: 2 } },
    ]);

    expect(plan).toEqual({ attempts: ['mentor_full'], approvals: [] });
  });

  it('writes nothing for a side that left the pool or is gone', () => {
    const plan = planApproval(aBatch([aPair('E1', 'M1'), aPair('E2', 'M2')]), [
      { ...freshRead, mentee: { status: 'withdrawn', version: 5 } },
      { mentee: freshRead.mentee },
    ]);

    expect(plan).toEqual({ attempts: ['not_in_pool', 'not_in_pool'], approvals: [] });
  });

  it('answers each pair in order and writes only the approvable ones, each with its own match id', () => {
    const plan = planApproval(aBatch([aPair('E1', 'M1'), aPair('E2', 'M2'), aPair('E3', 'M3')]), [
      freshRead,
      { matchedMentorId: 'M9', mentee: { status: 'matched', version: 2 } },
      freshRead,
    ]);

    expect(plan.attempts).toEqual(['approved', 'mentee_taken', 'approved']);
    expect(
      plan.approvals.map((approval) => [approval.pair.menteeId, approval.views[0].view.matchId]),
    ).toEqual([
      ['E1', 'match-1'],
      ['E3', 'match-3'],
    ]);
  });

  it('refuses to approve a pair without a match id', () => {
    const batch = { ...aBatch([aPair('E', 'M')]), matchIds: [] };
    expect(() => planApproval(batch, [freshRead])).toThrow('Each pair needs a match id');
  });
});
