import type { ReviewStatus } from './review-workflow.js';
import type { ApplicationType } from './schemas/application-types.js';

/** A match that ended because one side left, as staff are told of it. */
export interface EndedMatch {
  withId: string;
  withReference: string;
  withRole: ApplicationType;
  /** Where the other person stands now: back in the pool, or still matched with others. */
  nowStatus: ReviewStatus;
  /**
   * A colleague's (secondary) match that ended with it: with the leaving person themself,
   * or, when a primary mentor left, the colleague brought in for their mentee
   * `forReference` (that match ends with the primary one).
   */
  colleague?: { forReference?: string };
}

/**
 * What staff are told when an applicant acts on their own application. It holds no personal
 * data (references, roles, statuses), so it can outlive an erased application and be sent
 * after it: the email is rendered from these facts alone.
 */
export interface StaffNotice {
  action: 'withdrew' | 'deleted';
  reference: string;
  type: ApplicationType;
  at: string;
  /** The status it had before the applicant acted. */
  previousStatus: ReviewStatus;
  endedMatches: EndedMatch[];
}

/** The notice of an applicant's action on `submission` at `at` (storage adds ended matches). */
export function staffNoticeOf(
  action: StaffNotice['action'],
  submission: { reference: string; type: ApplicationType; status: ReviewStatus },
  at: string,
): StaffNotice {
  return {
    action,
    reference: submission.reference,
    type: submission.type,
    at,
    previousStatus: submission.status,
    endedMatches: [],
  };
}
