import type { Cycle } from '../applications/cycles.js';
import {
  COMPLETED_STATUS,
  type IssuedLetter,
  type LetterEmailStatus,
  type LetterFacts,
} from './letter.js';

/** A match the mentor saw through to the end of the cycle (one ended early is not kept). */
export interface CompletedMatch {
  matchId: string;
  menteeId: string;
  completedAt: string;
}

/** One check-in answer of the mentor's: how many times they had met, so far, in a match. */
export interface ReportedMeetings {
  matchId: string;
  meetings: number;
}

/** A mentor's application and what their partition holds about the cycle's end. */
export interface MentorRecord {
  id: string;
  reference: string;
  type: string;
  status: string;
  cycleId?: string;
  firstName: string;
  lastName: string;
  credential?: string;
  completedMatches: CompletedMatch[];
  reportedMeetings: ReportedMeetings[];
  /** The mentor said yes to "May we email you a letter of recognition?" at the evaluation. */
  consentsToEmail: boolean;
  letter?: IssuedLetter;
  letterEmail?: LetterEmailStatus;
}

/** Why a mentor gets no letter for a cycle. */
export type NotEligibleReason =
  | 'not_a_mentor'
  | 'other_cycle'
  | 'not_completed'
  /** Completed, but no match was seen through (each ended early): nothing to recognise. */
  | 'no_completed_match';

const NOT_ELIGIBLE_WORDS: Record<NotEligibleReason, string> = {
  not_a_mentor: 'This application is not a mentor’s.',
  other_cycle: 'This mentor applied in another cycle.',
  not_completed: 'This mentor has not completed the cycle.',
  no_completed_match:
    'None of this mentor’s matches was completed, so there is nothing to recognise.',
};

/** Why a mentor gets no letter, in words an admin reads. */
export function notEligibleMessage(reason: NotEligibleReason): string {
  return NOT_ELIGIBLE_WORDS[reason];
}

/** Why this mentor gets no letter for `cycleId`, or undefined when they do. */
export function whyNotEligible(
  record: MentorRecord,
  cycleId: string,
): NotEligibleReason | undefined {
  if (record.type !== 'mentor') return 'not_a_mentor';
  if (record.cycleId !== cycleId) return 'other_cycle';
  if (record.status !== COMPLETED_STATUS) return 'not_completed';
  if (record.completedMatches.length === 0) return 'no_completed_match';
  return undefined;
}

/** The mentor's credential as it follows a name: MD and DO; "other" is not a credential. */
const POSTNOMINALS = new Set(['MD', 'DO']);

/** The name a letter addresses: first and last as they gave them, then ", MD" or ", DO". */
export function letterName(record: Pick<MentorRecord, 'firstName' | 'lastName' | 'credential'>) {
  const name = `${record.firstName} ${record.lastName}`;
  return record.credential && POSTNOMINALS.has(record.credential)
    ? `${name}, ${record.credential}`
    : name;
}

/**
 * The facts a letter states: the mentees whose match was completed, and the meetings the
 * mentor reported over them. Check-ins ask "times met since the match" (a running count),
 * so each match counts its highest answer, not the sum of its answers; matches ended early
 * count for nothing.
 */
export function letterFactsOf(
  record: MentorRecord,
  cycle: Pick<Cycle, 'id' | 'name'>,
): LetterFacts {
  const completed = new Set(record.completedMatches.map((match) => match.matchId));
  const highest = new Map<string, number>();
  for (const answer of record.reportedMeetings) {
    if (!completed.has(answer.matchId) || !Number.isFinite(answer.meetings)) continue;
    highest.set(answer.matchId, Math.max(highest.get(answer.matchId) ?? 0, answer.meetings));
  }
  return {
    mentorId: record.id,
    mentorName: letterName(record),
    cycleId: cycle.id,
    cycleName: cycle.name,
    mentees: completed.size,
    meetings: [...highest.values()].reduce((sum, meetings) => sum + Math.max(0, meetings), 0),
  };
}
