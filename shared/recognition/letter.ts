import type { EmailState } from '../applications/outbox.js';

/**
 * The review status the end of the cycle gives a mentor who saw it through (the contract
 * with the cycle's completion, which adds it to the review workflow): only they get a
 * letter. Read from the stored item, so this feature does not depend on the workflow's list.
 */
export const COMPLETED_STATUS = 'completed';

/** What a letter says about one mentor in one cycle: the facts it is written from. */
export interface LetterFacts {
  mentorId: string;
  /** The mentor's name as they gave it, with their credential (MD, DO) when they gave one. */
  mentorName: string;
  cycleId: string;
  cycleName: string;
  /** Mentees whose match the mentor saw through to the cycle's end. */
  mentees: number;
  /** Meetings the mentor reported over those matches (the highest count in each). */
  meetings: number;
}

/** A letter as issued: its facts frozen at that moment, who issued it and when. */
export interface IssuedLetter extends LetterFacts {
  issuedAt: string;
  /** The admin who issued it (email, else sub). */
  issuedBy: string;
}

/** An issued letter with its PDF, as the download and the email take it. */
export interface StoredLetter extends IssuedLetter {
  pdf: Uint8Array;
}

/** Where a letter's email stands, when one was queued. */
export interface LetterEmailStatus {
  state: EmailState;
}
