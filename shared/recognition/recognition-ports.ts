import type { OutboxEmail } from '../applications/outbox.js';
import type { StoredLetter } from './letter.js';
import type { MentorRecord } from './mentor-record.js';

/** Storage for letters of recognition. */
export interface RecognitionStore {
  /** The mentors of a cycle whose application says they completed it. */
  completedMentorsOf(cycleId: string): Promise<MentorRecord[]>;
  /** One application as letters read it; undefined when there is none (or it was erased). */
  mentorRecord(id: string): Promise<MentorRecord | undefined>;
  /**
   * Saves a letter, and its email when the mentor consented, in one transaction, only while
   * the application is still the completed mentor of the letter's cycle (`changed_meanwhile`
   * otherwise) and no letter of that cycle is there (`already_issued`): nothing is written
   * then, so a mentor gets one letter and one email per cycle however often it is asked.
   */
  saveLetter(
    letter: StoredLetter,
    email: OutboxEmail | undefined,
  ): Promise<'issued' | 'already_issued' | 'changed_meanwhile'>;
  /**
   * Queues the email of a letter issued before the mentor consented, under the same
   * conditions; `already_queued` when it was queued before.
   */
  queueLetterEmail(
    mentorId: string,
    cycleId: string,
    email: OutboxEmail,
  ): Promise<'queued' | 'already_queued' | 'changed_meanwhile'>;
  /** An issued letter with its PDF, or undefined. */
  storedLetter(mentorId: string, cycleId: string): Promise<StoredLetter | undefined>;
}

/** The issued letter's PDF and facts, as the email of a letter reads them. */
export type IssuedLetters = Pick<RecognitionStore, 'storedLetter'>;
