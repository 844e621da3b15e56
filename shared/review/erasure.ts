import {
  colleagueIntroductionKind,
  EMAIL_KINDS,
  type EmailKind,
  introductionKind,
  type OutboxEmail,
  staffNoticeEmail,
} from '../applications/outbox.js';
import type { StaffNotice } from '../applications/staff-notice.js';
import type { Actor, ErasedSubmission, Submission } from '../applications/submission.js';
import type { MatchEndingPlan } from '../matching/index.js';

/**
 * What stays of an erased application: that it existed (its id, role and when it came) and
 * who erased it when. Nothing personal: no answers, address, reference, notes or history.
 */
export function tombstoneOf(submission: Submission, actor: Actor, at: string): ErasedSubmission {
  return {
    id: submission.id,
    type: submission.type,
    createdAt: submission.createdAt,
    status: 'erased',
    erasedAt: at,
    erasedBy: actor,
  };
}

/**
 * What erasing one application writes, in one transaction: the tombstone replaces the
 * application whole (every personal field and index attribute goes), its guards go (its
 * reference, its name entries, its replay guard, and its id from its applicant's list: the
 * list keeps the applicant's other applications, and the day's email count stays), its
 * unsent emails go, its matches end, and the notice to staff, if any, is queued.
 */
export interface Erasure {
  /** The application as read: its reference and answers address its guards. */
  submission: Submission;
  tombstone: ErasedSubmission;
  /** The tombstone is written only if the application is still at this version. */
  expectedVersion: number;
  /** Every email to this person not yet sent: its own kinds and its introductions to its matches. */
  unsentEmails: EmailKind[];
  /** Each goes unless a sender holds it beyond this instant (it may be sending it right now). */
  unlessLeasedAfter: string;
  /** Its matches, ended: each other side back to review (or still matched with others). */
  ending: MatchEndingPlan;
  /** The notice to staff, when the applicant asked: facts only, with the matches ended. */
  notice?: OutboxEmail;
}

/**
 * Plans the erasure of `submission`, as read, by its `tombstone` at `now`, ending its
 * matches as `ending` says (read from the other sides), with the notice to staff if any.
 */
export function planErasure(
  submission: Submission,
  tombstone: ErasedSubmission,
  now: Date,
  ending: MatchEndingPlan,
  notice?: StaffNotice,
): Erasure {
  return {
    submission,
    tombstone,
    expectedVersion: submission.version,
    // Its introductions to its matches are emails to this person: unsent ones go too.
    unsentEmails: [
      ...EMAIL_KINDS,
      ...(submission.matches ?? []).flatMap((match): EmailKind[] => {
        if (!match.secondary) return [introductionKind(match.withId, match.matchId)];
        // A colleague's match was introduced by colleague introductions of its own.
        return match.matchId ? [colleagueIntroductionKind(match.withId, match.matchId)] : [];
      }),
    ],
    unlessLeasedAfter: now.toISOString(),
    ending,
    ...(notice
      ? { notice: staffNoticeEmail(submission.id, { ...notice, endedMatches: ending.ended }) }
      : {}),
  };
}
