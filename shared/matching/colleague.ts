import {
  type ColleagueFacts,
  colleagueIntroductionEmail,
  type OutboxEmail,
} from '../applications/outbox.js';
import { SPECIALTIES } from '../applications/schemas/choices.js';
import type { Actor, AuditEntry, MatchView, Submission } from '../applications/submission.js';
import { COLLEAGUES_PER_MENTEE } from './colleague-limits.js';
import type { ColleagueEndingOutcome } from './match-ending.js';
import type { MatchingSettings } from './matching-settings.js';
import type { SideJoining } from './pair-approval.js';
import { compilePairRules, type Reason } from './pair-rules.js';
import { menteeProfileOf, mentorProfileOf, POOL_STATUSES, placesLeft } from './pool.js';

/** A mentor as a colleague for a matched mentee: the pair rules' verdict and reasons. */
export interface ColleagueCandidate {
  mentorId: string;
  name: string;
  /** The mentor's specialty, in words. */
  specialty: string;
  /** Mentees they could still take, colleague matches counted. */
  placesLeft: number;
  eligible: boolean;
  score: number;
  reasons: Reason[];
  /** The must-criterion that rules the pair out, in words. */
  ruledOutBecause?: string;
  /** When staff named the specialty the need is for: whether this mentor practises it. */
  hasSpecialty?: boolean;
}

/** A match of the mentee as a colleague's rules read it: with whom, by which match. */
export interface MatchRef {
  mentorId: string;
  matchId: string;
}

/**
 * What bringing in a colleague reads: the mentee, their primary match (absent when they
 * are not matched) and colleague now, the mentors who might be the colleague (the
 * mentee's cycle's, or just the one asked for), their counts of mentees, the settings.
 */
export interface ColleagueSituation {
  mentee: Submission;
  primary?: MatchRef;
  colleague?: MatchRef;
  mentors: readonly Submission[];
  matchCounts: ReadonlyMap<string, number>;
  settings: MatchingSettings;
}

/** Why a colleague cannot be brought in (each a 4xx with its own code). */
export type ColleagueRefusalCode =
  | 'not_matched'
  | 'mentor_not_found'
  | 'primary_mentor'
  | 'already_colleague'
  | 'has_colleague'
  | 'excluded'
  | 'not_in_pool'
  | 'colleague_full'
  | 'not_eligible';

/** A refusal, with words staff can act on. */
export interface ColleagueRefusal {
  code: ColleagueRefusalCode;
  message: string;
}

const statusAllowsColleague = (status: string) =>
  (POOL_STATUSES as readonly string[]).includes(status) || status === 'matched';

/**
 * Why `mentor` is never a candidate, or undefined when the rules decide: not in the
 * mentee's cycle, not in the pool nor matched, the primary mentor, the colleague already,
 * left out for the mentee when a match of theirs ended, or with no place left.
 */
function leftOut(situation: ColleagueSituation, mentor: Submission): ColleagueRefusal | undefined {
  const { mentee, primary, colleague, matchCounts } = situation;
  if (mentor.type !== 'mentor') {
    return { code: 'mentor_not_found', message: 'That application is not a mentor’s.' };
  }
  if (mentor.id === primary?.mentorId) {
    return {
      code: 'primary_mentor',
      message: 'That is the mentee’s own mentor: choose another mentor as the colleague.',
    };
  }
  if (mentor.id === colleague?.mentorId) {
    return {
      code: 'already_colleague',
      message: 'That mentor is already the mentee’s colleague.',
    };
  }
  if (mentee.excludedMentors?.some((left) => left.mentorId === mentor.id)) {
    return {
      code: 'excluded',
      message:
        'Staff ended a match between these two and left this mentor out for the mentee: choose another mentor.',
    };
  }
  if (mentor.cycleId !== mentee.cycleId || !statusAllowsColleague(mentor.status)) {
    return {
      code: 'not_in_pool',
      message:
        'That mentor is not taking part in the mentee’s cycle now (only mentors under review, waitlisted or matched in that cycle can be colleagues).',
    };
  }
  if (placesLeft(mentor, matchCounts) < 1) {
    return {
      code: 'colleague_full',
      message:
        'That mentor has no place left: their mentees (colleague matches included) already fill the number they said they would take.',
    };
  }
  return undefined;
}

/** The pair rules over the mentee and the mentors not left out, compiled once. */
function rulesOver(situation: ColleagueSituation, mentors: readonly Submission[]) {
  const pool = {
    mentees: [menteeProfileOf(situation.mentee)],
    mentors: mentors.map((mentor) =>
      mentorProfileOf(mentor, placesLeft(mentor, situation.matchCounts)),
    ),
  };
  return { pool, rules: compilePairRules(pool, situation.settings) };
}

/**
 * The mentors who could be a matched mentee's colleague, ranked by the pair rules and
 * scores that matching uses (the saved settings), each with its reasons: eligible ones
 * first, then (when staff named the specialty the need is for) those who practise it, then
 * by score. Mentors left out (leftOut) are not listed at all. Empty when the mentee is not
 * matched.
 */
export function rankColleagues(
  situation: ColleagueSituation,
  specialty?: string,
): ColleagueCandidate[] {
  if (!situation.primary) return [];
  const mentors = situation.mentors.filter((mentor) => !leftOut(situation, mentor));
  const { pool, rules } = rulesOver(situation, mentors);
  return pool.mentors
    .map((mentor, mentorAt): ColleagueCandidate => {
      const broken = rules.check(0, mentorAt);
      return {
        mentorId: mentor.id,
        name: mentor.name,
        specialty: SPECIALTIES[mentor.specialty as keyof typeof SPECIALTIES] ?? mentor.specialty,
        placesLeft: mentor.capacity,
        eligible: !broken,
        ...rules.explain(0, mentorAt),
        ...(broken ? { ruledOutBecause: rules.describeIneligibility(broken, 0, mentorAt) } : {}),
        ...(specialty ? { hasSpecialty: mentor.specialty === specialty } : {}),
      };
    })
    .sort(
      (a, b) =>
        Number(b.eligible) - Number(a.eligible) ||
        Number(b.hasSpecialty ?? false) - Number(a.hasSpecialty ?? false) ||
        b.score - a.score ||
        a.name.localeCompare(b.name),
    );
}

/** What staff ask for: which mentor, for what need (and the specialty it is for, if any). */
export interface ColleagueRequest {
  mentorId: string;
  need: string;
  specialty?: string;
}

/** A side's write as the colleague comes in: conditioned on the version read. */
/**
 * What bringing in a colleague writes, in one transaction: the mentee's history entry (the
 * mentee stays matched, their guard the primary's), the colleague to `matched` with one
 * more mentee (within their capacity, compared in the write), the primary match's two
 * views naming the colleague (only if they name none: one at a time), the colleague
 * match's two views, and an introduction to the mentee and to the colleague only.
 */
export interface ColleaguePlan {
  menteeId: string;
  primary: MatchRef;
  matchId: string;
  score: number;
  mentee: SideJoining;
  colleague: SideJoining;
  /** The colleague match as the mentee's, then the colleague's application shows it. */
  views: [{ applicationId: string; view: MatchView }, { applicationId: string; view: MatchView }];
  /** The introduction to the mentee, then to the colleague: new outbox emails. */
  introductions: [OutboxEmail, OutboxEmail];
}

/** A plan to write, or why not. */
export type ColleagueDecision = { plan: ColleaguePlan } | { refusal: ColleagueRefusal };

/**
 * Decides bringing in `request.mentorId` as the mentee's colleague from what was just read
 * (the situation holds that one mentor): refused (not matched, a colleague already, the
 * primary mentor, left out, full, or a must-criterion broken), or planned as one write.
 */
export function planColleague(
  situation: ColleagueSituation,
  request: ColleagueRequest,
  at: Date,
  actor: Actor,
  matchId: string,
): ColleagueDecision {
  const { mentee, primary, colleague } = situation;
  if (!primary || mentee.status !== 'matched') {
    return {
      refusal: {
        code: 'not_matched',
        message: 'The mentee has no match now: a colleague joins a match in place.',
      },
    };
  }
  const mentor = situation.mentors.find((each) => each.id === request.mentorId);
  if (!mentor) {
    return {
      refusal: { code: 'mentor_not_found', message: 'No mentor application with that id.' },
    };
  }
  // Another colleague already in place refuses any mentor but the primary or that one.
  const left = leftOut(situation, mentor);
  if (left && (left.code === 'primary_mentor' || left.code === 'already_colleague')) {
    return { refusal: left };
  }
  if (colleague) {
    return {
      refusal: {
        code: 'has_colleague',
        message: `The mentee has a colleague already (${COLLEAGUES_PER_MENTEE} at a time): end that colleague’s match first.`,
      },
    };
  }
  if (left) return { refusal: left };
  const { rules } = rulesOver(situation, [mentor]);
  const broken = rules.check(0, 0);
  if (broken) {
    return {
      refusal: {
        code: 'not_eligible',
        message: `The matching rules rule this pair out: ${rules.describeIneligibility(broken, 0, 0)}.`,
      },
    };
  }
  const score = rules.points(0, 0);
  const approvedAt = at.toISOString();
  const facts: ColleagueFacts = {
    matchId,
    menteeId: mentee.id,
    colleagueId: mentor.id,
    primaryMentorId: primary.mentorId,
    need: request.need,
    ...(request.specialty ? { specialty: request.specialty } : {}),
  };
  const view = (withId: string, withRole: 'mentor' | 'mentee'): MatchView => ({
    withId,
    withRole,
    approvedAt,
    approvedBy: actor,
    score,
    matchId,
    secondary: true,
    need: request.need,
    ...(request.specialty ? { specialty: request.specialty } : {}),
    primaryMentorId: primary.mentorId,
  });
  const entry = (withId: string, from?: string): AuditEntry => ({
    at: approvedAt,
    by: actor,
    changes: {
      ...(from && from !== 'matched'
        ? { status: { from: from as 'under_review', to: 'matched' as const } }
        : {}),
      match: { event: 'colleague', with: withId, need: request.need },
    },
  });
  return {
    plan: {
      menteeId: mentee.id,
      primary,
      matchId,
      score,
      mentee: { id: mentee.id, expectedVersion: mentee.version, entry: entry(mentor.id) },
      colleague: {
        id: mentor.id,
        expectedVersion: mentor.version,
        entry: entry(mentee.id, mentor.status),
      },
      views: [
        { applicationId: mentee.id, view: view(mentor.id, 'mentor') },
        { applicationId: mentor.id, view: view(mentee.id, 'mentee') },
      ],
      // The primary mentor gets none: the colleague joins for a need, introduced to the
      // mentee, and both emails name the primary mentor.
      introductions: [
        colleagueIntroductionEmail(mentee.id, facts, at),
        colleagueIntroductionEmail(mentor.id, facts, at),
      ],
    },
  };
}

/** What bringing in a colleague did, as the API answers it. */
export interface ColleagueOutcome {
  menteeId: string;
  mentorId: string;
  primaryMentorId: string;
  matchId: string;
  need: string;
  specialty?: string;
  score: number;
  /** The colleague's status now: always matched. */
  mentorStatus: 'matched';
}

/** The outcome of a plan, once written. */
export function colleagueOutcome(plan: ColleaguePlan, request: ColleagueRequest): ColleagueOutcome {
  return {
    menteeId: plan.menteeId,
    mentorId: plan.colleague.id,
    primaryMentorId: plan.primary.mentorId,
    matchId: plan.matchId,
    need: request.need,
    ...(request.specialty ? { specialty: request.specialty } : {}),
    score: plan.score,
    mentorStatus: 'matched',
  };
}

/** Storage for colleagues' matches. */
export interface ColleagueStore {
  /** The mentee with every mentor of their cycle, for ranking; undefined: no such mentee. */
  situation(menteeId: string): Promise<ColleagueSituation | undefined>;
  /**
   * Reads the mentee and the mentor asked for, decides (planColleague) and writes the plan
   * in one transaction; read and decided again when a concurrent change cancels it, a few
   * times, then `changed_meanwhile`.
   */
  bringIn(
    menteeId: string,
    request: ColleagueRequest,
    at: Date,
    actor: Actor,
    matchId: string,
  ): Promise<ColleagueOutcome | ColleagueRefusal | 'mentee_not_found' | 'changed_meanwhile'>;
  /** Ends the mentee's match with their colleague `mentorId` only (staffEndsColleague). */
  endColleague(
    menteeId: string,
    mentorId: string,
    at: Date,
    actor: Actor,
  ): Promise<ColleagueEndingOutcome | 'no_colleague' | 'changed_meanwhile'>;
}

/** The candidates for a mentee's colleague, as the API answers them. */
export interface ColleagueCandidates {
  menteeId: string;
  /** The mentee's primary match; null when the mentee is not matched (then no candidates). */
  primary: MatchRef | null;
  /** The colleague now, if any: a second one is refused until that match ends. */
  colleague: MatchRef | null;
  candidates: ColleagueCandidate[];
}

/** The ranked candidates for a mentee's colleague, or undefined when there is no such mentee. */
export async function colleagueCandidatesFor(
  store: Pick<ColleagueStore, 'situation'>,
  menteeId: string,
  specialty?: string,
): Promise<ColleagueCandidates | undefined> {
  const situation = await store.situation(menteeId);
  if (!situation) return undefined;
  return {
    menteeId,
    primary: situation.primary ?? null,
    colleague: situation.colleague ?? null,
    candidates: rankColleagues(situation, specialty),
  };
}
