import type { Cycle } from '../applications/cycles.js';
import { MATCH_END_REASONS, type MatchEndReason } from '../applications/match-end-reasons.js';
import type { ReviewStatus } from '../applications/review-workflow.js';
import type { AuditEntry } from '../applications/submission.js';
import { type Evaluation, GAIN_LABELS, type Gain, TAKE_PART_AGAIN } from './evaluation.js';

/** One check-in answer, as the report counts it. */
export interface ReportedCheckIn {
  matchId: string;
  number: number;
  rating: number;
  meetings: number;
}

/** One person of the cycle as the report reads them: their record and what they said. */
export interface OutcomesPerson {
  id: string;
  reference: string;
  type: 'mentor' | 'mentee';
  status: ReviewStatus;
  name: string;
  history: readonly AuditEntry[];
  /** The number of each check-in they were sent (its first email, not the reminder), by match. */
  checkInsSent: ReadonlyArray<{ matchId: string; number: number }>;
  checkIns: readonly ReportedCheckIn[];
  /** Their match views: in place, or completed (ended ones are gone). */
  matchCount: number;
  evaluationAsked: boolean;
  evaluation?: Evaluation;
}

/** Why matches ended before the cycle's end: staff's reasons, or a side that left. */
export type EndingCause = MatchEndReason | 'left';

export const ENDING_CAUSES: Record<EndingCause, string> = {
  ...MATCH_END_REASONS,
  left: 'The other side left the program',
};

/** A share, or null when there was nothing to share (no division by zero shown as 0 %). */
const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const average = (values: readonly number[]) =>
  values.length > 0 ? values.reduce((sum, value) => sum + value, 0) / values.length : null;

/** What came of a cycle, for the association's board. */
export interface OutcomesReport {
  cycle: { id: string; name: string; completedAt?: string } | null;
  matches: {
    /** Every approval, a rematch included. */
    made: number;
    inPlace: number;
    completed: number;
    endedEarly: number;
    endedEarlyBy: Array<{ cause: EndingCause; label: string; matches: number }>;
  };
  /** Per check-in: how many people were asked and how many answered. */
  checkIns: Array<{ number: number; asked: number; answered: number; responseRate: number | null }>;
  /** Per check-in: the average rating (1 to 5) each side gave. */
  ratings: Array<{
    number: number;
    mentees: { answers: number; average: number | null };
    mentors: { answers: number; average: number | null };
  }>;
  /** Each mentor who had a match: their mentees and the meetings they reported. */
  mentorMeetings: Array<{
    mentorId: string;
    reference: string;
    name: string;
    mentees: number;
    meetings: number;
  }>;
  evaluations: {
    asked: number;
    answered: number;
    responseRate: number | null;
    takePartAgain: Array<{ answer: keyof typeof TAKE_PART_AGAIN; label: string; people: number }>;
    /** Mentees' answers: would they recommend their mentor. */
    recommendMentor: { yes: number; no: number };
    gained: Array<{ gain: Gain; label: string; people: number }>;
  };
}

/** The meetings a person reported per match: the highest count they gave (it is cumulative). */
export function meetingsByMatch(checkIns: readonly ReportedCheckIn[]): Map<string, number> {
  const byMatch = new Map<string, number>();
  for (const { matchId, meetings } of checkIns) {
    byMatch.set(matchId, Math.max(byMatch.get(matchId) ?? 0, meetings));
  }
  return byMatch;
}

/**
 * The outcomes of a cycle from its people: matches from the mentees' histories (each
 * approval, completion and early ending is an entry there), check-ins and ratings from the
 * answers beside each application, meetings from the mentors' own answers, and the
 * evaluations. Erased people are gone from every figure, as they are from the table.
 */
export function outcomesReport(
  cycle: Pick<Cycle, 'id' | 'name' | 'completedAt'> | null,
  people: readonly OutcomesPerson[],
): OutcomesReport {
  const mentees = people.filter((person) => person.type === 'mentee');
  const entries = mentees.flatMap((person) => person.history);
  // The mentees' own matches: a colleague's (secondary) match is a second mentor beside one.
  const events = (event: string) =>
    entries.filter(
      (entry) => entry.changes.match?.event === event && !entry.changes.match.secondary,
    );
  const endings = events('ended');
  const endedBy = (cause: EndingCause) =>
    endings.filter((entry) => (entry.changes.match?.reason ?? 'left') === cause).length;

  const numbers = [
    ...new Set(
      people.flatMap((person) => [
        ...person.checkInsSent.map((sent) => sent.number),
        ...person.checkIns.map((answer) => answer.number),
      ]),
    ),
  ].sort((a, b) => a - b);
  const asked = (number: number) =>
    people.reduce((sum, person) => {
      // An answer proves the check-in reached them, whatever its email's state says.
      const keys = new Set([
        ...person.checkInsSent.filter((sent) => sent.number === number).map((s) => s.matchId),
        ...person.checkIns.filter((answer) => answer.number === number).map((a) => a.matchId),
      ]);
      return sum + keys.size;
    }, 0);
  const answersTo = (number: number, side?: 'mentor' | 'mentee') =>
    people
      .filter((person) => !side || person.type === side)
      .flatMap((person) => person.checkIns.filter((answer) => answer.number === number));

  const evaluated = people.filter((person) => person.evaluation);
  const evaluations = evaluated.map((person) => person.evaluation as Evaluation);
  const recommendations = evaluations.filter((each) => each.recommendMentor !== undefined);

  return {
    cycle: cycle
      ? {
          id: cycle.id,
          name: cycle.name,
          ...(cycle.completedAt ? { completedAt: cycle.completedAt } : {}),
        }
      : null,
    matches: {
      made: events('approved').length,
      inPlace: mentees.filter((person) => person.status === 'matched').length,
      completed: events('completed').length,
      endedEarly: endings.length,
      endedEarlyBy: (Object.keys(ENDING_CAUSES) as EndingCause[]).map((cause) => ({
        cause,
        label: ENDING_CAUSES[cause],
        matches: endedBy(cause),
      })),
    },
    checkIns: numbers.map((number) => {
      const answered = answersTo(number).length;
      const count = asked(number);
      return { number, asked: count, answered, responseRate: share(answered, count) };
    }),
    ratings: numbers.map((number) => {
      const side = (type: 'mentor' | 'mentee') => {
        const ratings = answersTo(number, type).map((answer) => answer.rating);
        return { answers: ratings.length, average: average(ratings) };
      };
      return { number, mentees: side('mentee'), mentors: side('mentor') };
    }),
    mentorMeetings: people
      .filter((person) => person.type === 'mentor')
      .filter((person) => person.matchCount > 0 || person.checkIns.length > 0)
      .map((person) => ({
        mentorId: person.id,
        reference: person.reference,
        name: person.name,
        mentees: person.matchCount,
        meetings: [...meetingsByMatch(person.checkIns).values()].reduce((a, b) => a + b, 0),
      }))
      .sort((a, b) => b.meetings - a.meetings || a.name.localeCompare(b.name)),
    evaluations: {
      asked: people.filter((person) => person.evaluationAsked).length,
      answered: evaluated.length,
      responseRate: share(
        evaluated.length,
        people.filter((person) => person.evaluationAsked).length,
      ),
      takePartAgain: (Object.keys(TAKE_PART_AGAIN) as Array<keyof typeof TAKE_PART_AGAIN>).map(
        (answer) => ({
          answer,
          label: TAKE_PART_AGAIN[answer],
          people: evaluations.filter((each) => each.takePartAgain === answer).length,
        }),
      ),
      recommendMentor: {
        yes: recommendations.filter((each) => each.recommendMentor).length,
        no: recommendations.filter((each) => !each.recommendMentor).length,
      },
      gained: (Object.keys(GAIN_LABELS) as Gain[]).map((gain) => ({
        gain,
        label: GAIN_LABELS[gain],
        people: evaluations.filter((each) => each.gained.includes(gain)).length,
      })),
    },
  };
}
