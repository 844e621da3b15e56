import { dueToSweeperAt, introductionKind, type OutboxEmail } from '../applications/outbox.js';
import type { Actor, AuditEntry, MatchView } from '../applications/submission.js';
import { type ApprovalSide, approvalRefusal } from './approval.js';
import type { ApprovalAttempt, ApprovalBatch } from './matching-ports.js';
import type { SuggestedPair } from './optimal-matching.js';

/** A side of a pair as approval read it, with the version its write is conditioned on. */
export interface ReadSide extends ApprovalSide {
  version: number;
}

/** What approval read of a pair: the mentee's match now, and both applications (absent when gone or erased). */
export interface PairRead {
  matchedMentorId?: string;
  mentee?: ReadSide;
  mentor?: ReadSide;
}

/** A side's move to `matched`, if it is still at `expectedVersion`, with its history entry. */
export interface SideJoining {
  id: string;
  expectedVersion: number;
  entry: AuditEntry;
}

/**
 * What approving one pair writes, in one transaction with the batch's others: the mentee's
 * guard naming the mentor (only if the mentee has none), both applications to `matched`
 * (the mentor's count of mentees up by one, within their capacity), the match as each side
 * shows it, and an introduction to each.
 */
export interface PairApproval {
  pair: SuggestedPair;
  runId: string;
  mentee: SideJoining;
  mentor: SideJoining;
  /** The match as the mentee's, then the mentor's application shows it. */
  views: [{ applicationId: string; view: MatchView }, { applicationId: string; view: MatchView }];
  /** The introduction to the mentee, then to the mentor: new outbox emails. */
  introductions: [OutboxEmail, OutboxEmail];
}

/** A batch's outcome per pair, in order, and the approvals to write together. */
export interface ApprovalPlan {
  attempts: ApprovalAttempt[];
  approvals: PairApproval[];
}

/** The history entry of a side matched with `withId`, moving from `from`. */
function approvedEntry(at: string, by: Actor, withId: string, from: string): AuditEntry {
  return {
    at,
    by,
    changes: {
      ...(from !== 'matched' ? { status: { from: from as 'under_review', to: 'matched' } } : {}),
      match: { event: 'approved', with: withId },
    },
  };
}

/**
 * Decides a batch from what was just read of each pair (`reads`, in the batch's order):
 * each pair is approved or refused (approvalRefusal), and each approved pair becomes a
 * PairApproval. Nothing is written for a refused pair, so approving a pair again changes
 * and sends nothing.
 */
export function planApproval(batch: ApprovalBatch, reads: readonly PairRead[]): ApprovalPlan {
  const approvedAt = batch.at.toISOString();
  const dueAt = dueToSweeperAt(batch.at);
  const plan: ApprovalPlan = { attempts: [], approvals: [] };
  for (const [index, pair] of batch.pairs.entries()) {
    const read = reads[index] ?? {};
    const refusal = approvalRefusal(pair, read);
    plan.attempts.push(refusal ?? 'approved');
    const { mentee, mentor } = read;
    if (refusal || !mentee || !mentor) continue;
    const matchId = batch.matchIds[index];
    if (!matchId) throw new Error('Each pair needs a match id');
    const view = (withId: string, withRole: 'mentor' | 'mentee'): MatchView => ({
      withId,
      withRole,
      approvedAt,
      approvedBy: batch.actor,
      score: pair.score,
      runId: batch.runId,
      matchId,
    });
    // Keyed by this match's id: a pair matched again after its match ended is introduced
    // again by new items (the stream sees INSERTs and sends them at once), and the first
    // match's items keep their own history. Approving the same pair twice never gets
    // here: the consistent read refuses it as already_approved, and the mentee's guard
    // would cancel the transaction anyway, so nothing is sent twice.
    const introduction = (applicationId: string, otherId: string): OutboxEmail => ({
      applicationId,
      kind: introductionKind(otherId, matchId),
      state: 'pending',
      attempts: 0,
      dueAt,
    });
    plan.approvals.push({
      pair,
      runId: batch.runId,
      mentee: {
        id: pair.menteeId,
        expectedVersion: mentee.version,
        entry: approvedEntry(approvedAt, batch.actor, pair.mentorId, mentee.status),
      },
      mentor: {
        id: pair.mentorId,
        expectedVersion: mentor.version,
        entry: approvedEntry(approvedAt, batch.actor, pair.menteeId, mentor.status),
      },
      views: [
        { applicationId: pair.menteeId, view: view(pair.mentorId, 'mentor') },
        { applicationId: pair.mentorId, view: view(pair.menteeId, 'mentee') },
      ],
      introductions: [
        introduction(pair.menteeId, pair.mentorId),
        introduction(pair.mentorId, pair.menteeId),
      ],
    });
  }
  return plan;
}
