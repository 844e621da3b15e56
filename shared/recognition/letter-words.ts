import { formatLosAngelesDate } from '../platform/text/los-angeles-time.js';
import { counted } from '../platform/text/plural-words.js';
import type { IssuedLetter } from './letter.js';

/** Who recognises the mentor: the association, by its full name. */
export const ASSOCIATION = 'Los Angeles County Medical Association';

/** A letter's words, in reading order: the renderer lays them out, the email quotes them. */
export interface LetterWords {
  association: string;
  program: string;
  /** The day it was issued, in Los Angeles. */
  date: string;
  title: string;
  /** "… recognizes", the name on a line of its own, then what for. */
  recognizes: string;
  name: string;
  forWhat: string;
  /** What the mentor did: mentees, and the meetings reported when there were any. */
  paragraphs: string[];
  closing: string[];
}

/**
 * What the mentor did, in a sentence: "mentored 2 mentees through the cycle and reported 7
 * meetings with them". With no meeting reported the meetings are left out rather than
 * stated as none: a mentor who did not answer the check-ins may well have met.
 */
export function achievementSentence(
  letter: Pick<IssuedLetter, 'mentorName' | 'mentees' | 'meetings'>,
) {
  const mentored = `${letter.mentorName} mentored ${counted(letter.mentees, { one: 'mentee', other: 'mentees' })} through the cycle`;
  return letter.meetings > 0
    ? `${mentored} and reported ${counted(letter.meetings, { one: 'meeting', other: 'meetings' })} with them.`
    : `${mentored}.`;
}

/** The words of a mentor's letter of recognition for one cycle, as issued. */
export function letterWords(letter: IssuedLetter): LetterWords {
  return {
    association: ASSOCIATION,
    program: 'Mentoring Program',
    date: formatLosAngelesDate(letter.issuedAt),
    title: 'Letter of Recognition',
    recognizes: `The ${ASSOCIATION} recognizes`,
    name: letter.mentorName,
    forWhat: `for mentoring in the ${letter.cycleName}.`,
    paragraphs: [
      achievementSentence(letter),
      'Mentors give medical students, residents and young physicians what no course can: their time, their experience and a colleague to turn to. The Association thanks you for yours, and for the physicians you have helped on their way.',
    ],
    closing: ['With our thanks,', 'The Mentoring Program', ASSOCIATION],
  };
}

/**
 * The file name a letter downloads and is attached as: ASCII only (accents folded, anything
 * else a dash), so every browser and mail client keeps it: `letter-of-recognition-jose-nunez-
 * 2026-mentoring-program.pdf`. A name with nothing ASCII in it (王小明) leaves its part out.
 */
export function letterFileName(letter: Pick<IssuedLetter, 'mentorName' | 'cycleName'>): string {
  const slug = (text: string) =>
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '');
  const parts = ['letter-of-recognition', slug(letter.mentorName), slug(letter.cycleName)];
  return `${parts.filter(Boolean).join('-')}.pdf`;
}
