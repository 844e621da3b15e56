import type { Cycle } from '../applications/cycles.js';
import {
  EVALUATION_OPEN_DAYS,
  type EvaluationFacts,
  evaluationEmail,
  type OutboxEmail,
} from '../applications/outbox.js';
import type { Actor, AuditEntry } from '../applications/submission.js';

/** What completing a cycle did: matches completed, and people asked to evaluate it. */
export interface CompletionCount {
  matches: number;
  evaluations: number;
  /** Mentors whose matches kept changing under the write: left for the next run. */
  skipped: number;
}

/** A mentee whose match is in place at the cycle's end, as completion reads them. */
export interface MenteeInPlace {
  menteeId: string;
  mentorId: string;
}

/** A mentor with mentees to complete: their count of mentees as read, and those mentees. */
export interface MentorGroup {
  mentorId: string;
  /** The mentor's count of mentees when read (the write is conditioned on it). */
  matchCount: number;
  menteeIds: string[];
}

/** Groups the cycle's matches in place by mentor: each mentor's are completed in one write. */
export function groupByMentor(
  inPlace: readonly MenteeInPlace[],
  counts: ReadonlyMap<string, number>,
): MentorGroup[] {
  const groups = new Map<string, MentorGroup>();
  for (const { menteeId, mentorId } of inPlace) {
    const group = groups.get(mentorId) ?? {
      mentorId,
      matchCount: counts.get(mentorId) ?? 1,
      menteeIds: [],
    };
    group.menteeIds.push(menteeId);
    groups.set(mentorId, group);
  }
  return [...groups.values()];
}

/** One side's completion: its history entry, and its evaluation email when it is done. */
export interface SideCompleting {
  id: string;
  entries: AuditEntry[];
  /** A mentor with mentees from elsewhere still in place stays matched. */
  to: 'completed' | 'matched';
  evaluation?: OutboxEmail;
}

/** What completing one mentor's matches writes, in one transaction. */
export interface GroupCompletion {
  mentor: SideCompleting & { fromCount: number; toCount: number };
  mentees: SideCompleting[];
  completedAt: string;
}

const completedEntry = (at: string, by: Actor, withId: string, to: string): AuditEntry => ({
  at,
  by,
  changes: {
    ...(to === 'completed' ? { status: { from: 'matched', to: 'completed' } } : {}),
    match: { event: 'completed', with: withId },
  },
});

/**
 * Completes a mentor's matches of the cycle: each mentee becomes completed and is asked to
 * evaluate the cycle; the mentor's count goes down by as many, and when none is left in
 * place they are completed and asked too. Each evaluation email is keyed by the cycle, so
 * nobody is asked twice.
 */
export function completeGroup(
  group: MentorGroup,
  cycle: Pick<Cycle, 'id' | 'name'>,
  at: Date,
  by: Actor,
): GroupCompletion {
  const completedAt = at.toISOString();
  const facts = (role: EvaluationFacts['role']): EvaluationFacts => ({
    cycleId: cycle.id,
    cycleName: cycle.name,
    role,
    completedAt,
    answerableUntil: new Date(at.getTime() + EVALUATION_OPEN_DAYS * 86_400_000).toISOString(),
  });
  const toCount = Math.max(0, group.matchCount - group.menteeIds.length);
  const mentorTo = toCount === 0 ? 'completed' : 'matched';
  return {
    completedAt,
    mentees: group.menteeIds.map((menteeId) => ({
      id: menteeId,
      entries: [completedEntry(completedAt, by, group.mentorId, 'completed')],
      to: 'completed',
      evaluation: evaluationEmail(menteeId, facts('mentee')),
    })),
    mentor: {
      id: group.mentorId,
      // Only the last entry moves the status: each before it says one mentee completed.
      entries: group.menteeIds.map((menteeId, index) =>
        completedEntry(
          completedAt,
          by,
          menteeId,
          index === group.menteeIds.length - 1 ? mentorTo : 'matched',
        ),
      ),
      to: mentorTo,
      fromCount: group.matchCount,
      toCount,
      ...(mentorTo === 'completed'
        ? { evaluation: evaluationEmail(group.mentorId, facts('mentor')) }
        : {}),
    },
  };
}
