import type { Actor } from '../platform/http/staff-auth.js';

export type { Actor };

import type { AddressProblem } from './address-problems.js';
import type { MatchEndReason } from './match-end-reasons.js';
import type { EmailState, SuppressionReason } from './outbox.js';
import type { ReviewStatus } from './review-workflow.js';
import type { Application, ApplicationType } from './schemas/application-types.js';

/** Where the applicant's confirmation email stands. */
export type ConfirmationState = EmailState;

/** What the applicant is told when their application is saved; replayed verbatim on resubmission. */
export interface Receipt {
  id: string;
  reference: string;
  type: ApplicationType;
  status: 'received';
  receivedAt: string;
}

/** A member of staff, as their token names them. */

/** One staff change to a submission: who, when, and what changed (notes are not copied). */
export interface AuditEntry {
  at: string;
  by: Actor;
  changes: {
    status?: { from: ReviewStatus; to: ReviewStatus };
    notes?: 'changed';
    /**
     * A match approved with, or ended with, the other application (by id), or a colleague
     * brought in as a second mentor for a stated need (see MatchView.secondary). An ending by
     * staff says why (`reason`; absent when the other side left on their own, and on
     * entries written before reasons were kept), whether the pair is left out of later runs
     * (`excluded`), and, on the mentee's entry, whether they went back with priority.
     */
    match?: {
      event: 'approved' | 'ended' | 'colleague' | 'completed';
      with: string;
      reason?: MatchEndReason;
      excluded?: true;
      priority?: true;
      /**
       * A colleague's (secondary) match: `colleague` when staff brought one in (with the
       * need they stated), or `ended` with `secondary` when it ended.
       */
      secondary?: true;
      need?: string;
    };
    /** Carried from one cycle into the next, with priority in matching (cycle ids). */
    cycle?: { from: string; to: string };
  };
  /**
   * A few words staff gave: for a bulk change, kept with each application's entry; for a
   * match ended for an `other` reason, with both sides' entries.
   */
  note?: string;
}

/** A saved application as the domain sees it. */
export interface Submission {
  id: string;
  reference: string;
  type: ApplicationType;
  status: ReviewStatus;
  createdAt: string;
  application: Application;
  /** The cycle it was received in, or carried into; absent when no cycle was set up. */
  cycleId?: string;
  /**
   * Matched first (the solver's first aim): a mentee carried over from an earlier cycle, or
   * returned to the pool when staff ended their match.
   */
  priority?: true;
  /**
   * A mentee's earlier mentors whom matching never suggests for them again (their match was
   * ended by staff, returning the mentee to the pool or as not a good fit).
   */
  excludedMentors?: ExcludedMentor[];
  /** The cycle it was carried over from. */
  carriedOverFrom?: string;
  /**
   * The earliest application on file from the same address for the same role, when this is
   * a later one. Derived when read (erasing one application does not break the others).
   */
  duplicateOf?: string;
  /** Where the applicant's confirmation stands (its outbox item, as staff see it). */
  confirmation: {
    state: ConfirmationState;
    attempts: number;
    messageId?: string;
    lastAttemptAt?: string;
    lastError?: string;
    suppressedBecause?: SuppressionReason;
  };
  version: number;
  updatedAt?: string;
  notes?: string;
  history?: AuditEntry[];
  /** When DynamoDB's TTL will delete it (declined and withdrawn applications only). */
  deleteAfter?: string;
  /**
   * The applications it is matched with: a mentee has at most one primary mentor and one
   * colleague (secondary); a mentor has their mentees and the mentees they are a colleague for.
   */
  matches?: MatchView[];
  /** Until when a sender holds one of its emails: it may be sending it right now. */
  sendingUntil?: string;
  /**
   * The applicant's address bounced or complained, so nothing reaches them (introductions
   * included). Only where staff read one application (showSubmission).
   */
  addressProblem?: AddressProblem;
}

/** A mentor left out of a mentee's later matching runs: whose match ended, when, and why. */
export interface ExcludedMentor {
  mentorId: string;
  endedAt: string;
  reason: MatchEndReason;
}

/** A match as staff see it on an application: with whom, since when, from which run. */
export interface MatchView {
  withId: string;
  withRole: ApplicationType;
  approvedAt: string;
  approvedBy: Actor;
  score: number;
  /** The run that suggested it; absent for a colleague, whom staff chose themselves. */
  runId?: string;
  /**
   * This approval's own id: its introductions are keyed by it, so a pair matched again is
   * introduced again by new emails. Absent on matches approved before it was kept.
   */
  matchId?: string;
  /**
   * A colleague brought in as a second mentor for a stated need (never from a run): the
   * mentee's primary mentor (`primaryMentorId`) stays their mentor, holds the mentee's
   * guard and has the check-ins; this match ends when the primary one does.
   */
  secondary?: true;
  /** What the colleague was brought in for, as staff said it (one line). */
  need?: string;
  /** The specialty the need asked for, when staff named one (a SPECIALTIES value). */
  specialty?: string;
  primaryMentorId?: string;
  /** On a primary match's two views: the colleague brought in for it now, if any. */
  colleague?: { mentorId: string; matchId: string };
  /** When the match ran to the end of its cycle; absent while it is in place. */
  completedAt?: string;
}

/** What stays of an erased submission: that it existed, and who erased it when. */
export interface ErasedSubmission {
  id: string;
  type: ApplicationType;
  createdAt: string;
  status: 'erased';
  erasedAt: string;
  erasedBy: Actor;
}

/** The receipt of a submission. */
export function receiptOf(submission: Submission): Receipt {
  return {
    id: submission.id,
    reference: submission.reference,
    type: submission.type,
    status: 'received',
    receivedAt: submission.createdAt,
  };
}

/** True for what is left of an erased submission (a tombstone), false for a live one or none. */
export function isErased(
  found: Submission | ErasedSubmission | undefined,
): found is ErasedSubmission {
  return found?.status === 'erased';
}

// Ids are ULIDs (systemEnvironment): 26 characters of Crockford's base32.
const SUBMISSION_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** True for a string shaped like a submission id; anything else names no submission. */
export function isSubmissionId(value: unknown): value is string {
  return typeof value === 'string' && SUBMISSION_ID.test(value);
}
