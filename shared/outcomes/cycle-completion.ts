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

/**
 * A mentee whose match is in place at the cycle's end, as completion reads them: their
 * mentor, and the colleague brought in beside them, if any (its match completes with it).
 */
export interface MenteeInPlace {
  menteeId: string;
  mentorId: string;
  colleagueId?: string;
}

/** A colleague whose matches complete with a mentor's: their count as read, and for whom. */
export interface ColleagueGroup {
  mentorId: string;
  matchCount: number;
  menteeIds: string[];
}

/** A mentor with mentees to complete: their count of mentees as read, and those mentees. */
export interface MentorGroup {
  mentorId: string;
  /** The mentor's count of mentees when read (the write is conditioned on it). */
  matchCount: number;
  menteeIds: string[];
  /** The colleagues of those mentees, each once (one write may touch an item once). */
  colleagues?: ColleagueGroup[];
}

/** Groups the cycle's matches in place by mentor: each mentor's are completed in one write. */
export function groupByMentor(
  inPlace: readonly MenteeInPlace[],
  counts: ReadonlyMap<string, number>,
): MentorGroup[] {
  const groups = new Map<string, MentorGroup>();
  for (const { menteeId, mentorId, colleagueId } of inPlace) {
    const group = groups.get(mentorId) ?? {
      mentorId,
      matchCount: counts.get(mentorId) ?? 1,
      menteeIds: [],
    };
    group.menteeIds.push(menteeId);
    if (colleagueId) {
      group.colleagues ??= [];
      let colleague = group.colleagues.find((each) => each.mentorId === colleagueId);
      if (!colleague) {
        colleague = {
          mentorId: colleagueId,
          matchCount: counts.get(colleagueId) ?? 1,
          menteeIds: [],
        };
        group.colleagues.push(colleague);
      }
      colleague.menteeIds.push(menteeId);
    }
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

/** A mentor's side of a completion: their count moves from what was read. */
export type MentorCompleting = SideCompleting & { fromCount: number; toCount: number };

/**
 * What completing one mentor's matches writes, in one transaction: with the colleague
 * matches of those mentees (each colleague once, by all of theirs; the mentee's guard was
 * the primary's, so only the views are stamped).
 */
export interface GroupCompletion {
  mentor: MentorCompleting;
  mentees: SideCompleting[];
  /** The colleagues and, for each, the mentees whose colleague match completes. */
  colleagues: Array<MentorCompleting & { menteeIds: string[] }>;
  completedAt: string;
}

const completedEntry = (
  at: string,
  by: Actor,
  withId: string,
  to: string,
  secondary = false,
): AuditEntry => ({
  at,
  by,
  changes: {
    ...(to === 'completed' ? { status: { from: 'matched', to: 'completed' } } : {}),
    match: { event: 'completed', with: withId, ...(secondary ? { secondary: true as const } : {}) },
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
  // A mentor's count goes down by the mentees completed; with none left in place they are
  // completed too and asked to evaluate (a colleague's place counts like any other).
  const mentorSide = (mentorId: string, matchCount: number, menteeIds: readonly string[]) => {
    const toCount = Math.max(0, matchCount - menteeIds.length);
    const to = toCount === 0 ? 'completed' : 'matched';
    return {
      id: mentorId,
      // Only the last entry moves the status: each before it says one mentee completed.
      entries: menteeIds.map((menteeId, index) =>
        completedEntry(
          completedAt,
          by,
          menteeId,
          index === menteeIds.length - 1 ? to : 'matched',
          mentorId !== group.mentorId,
        ),
      ),
      to,
      fromCount: matchCount,
      toCount,
      ...(to === 'completed' ? { evaluation: evaluationEmail(mentorId, facts('mentor')) } : {}),
    } as const;
  };
  const colleagueOf = (menteeId: string) =>
    group.colleagues?.find((colleague) => colleague.menteeIds.includes(menteeId));
  return {
    completedAt,
    mentees: group.menteeIds.map((menteeId) => {
      const colleague = colleagueOf(menteeId);
      return {
        id: menteeId,
        entries: [
          completedEntry(completedAt, by, group.mentorId, 'completed'),
          ...(colleague
            ? [completedEntry(completedAt, by, colleague.mentorId, 'matched', true)]
            : []),
        ],
        to: 'completed',
        evaluation: evaluationEmail(menteeId, facts('mentee')),
      };
    }),
    mentor: mentorSide(group.mentorId, group.matchCount, group.menteeIds),
    colleagues: (group.colleagues ?? []).map((colleague) => ({
      ...mentorSide(colleague.mentorId, colleague.matchCount, colleague.menteeIds),
      menteeIds: colleague.menteeIds,
    })),
  };
}
