import { type AcceptedCheckIn, verifyCheckInLink } from '../applications/check-in-link.js';
import type { LinkRefusal } from '../platform/signing/signed-fields.js';
import { type CheckInAnswer, type CheckInProblem, readCheckInForm } from './check-in-answer.js';

/** A person's side of a match at a check-in, as the page reads it. */
export interface CheckInRecord {
  /** Whether the match the link names still stands: an ended one takes no answers. */
  matchInPlace: boolean;
  answer?: CheckInAnswer;
}

/** Storage for the check-in page: the person's side of the match, and their answer. */
export interface CheckInAnswers {
  read(checkIn: AcceptedCheckIn): Promise<CheckInRecord | undefined>;
  save(checkIn: AcceptedCheckIn, answer: CheckInAnswer): Promise<void>;
}

/** What the check-in page needs. */
export interface CheckInPageDependencies {
  answers: CheckInAnswers;
  linkSecret: string;
  now: () => Date;
}

/** Where a check-in link leads. */
export type OpenedCheckIn =
  | { kind: 'refused'; reason: LinkRefusal }
  /** The application is gone, or the match has ended: nothing more is asked. */
  | { kind: 'ended' }
  | { kind: 'open'; checkIn: AcceptedCheckIn; answer?: CheckInAnswer };

/** Checks a check-in link and the match it names. */
export async function openCheckIn(
  deps: CheckInPageDependencies,
  token: unknown,
): Promise<OpenedCheckIn> {
  const checkIn = verifyCheckInLink(deps.linkSecret, token, deps.now());
  if (typeof checkIn === 'string') return { kind: 'refused', reason: checkIn };
  const record = await deps.answers.read(checkIn);
  if (!record?.matchInPlace) return { kind: 'ended' };
  return { kind: 'open', checkIn, ...(record.answer ? { answer: record.answer } : {}) };
}

/**
 * Saves the person's answer to the check-in, replacing an earlier one (it can be changed
 * until the link expires, when the next check-in opens).
 */
export async function answerCheckIn(
  deps: CheckInPageDependencies,
  opened: Extract<OpenedCheckIn, { kind: 'open' }>,
  form: Record<string, unknown>,
): Promise<
  { kind: 'saved'; answer: CheckInAnswer } | { kind: 'invalid'; problems: CheckInProblem[] }
> {
  const read = readCheckInForm(form, deps.now());
  if ('problems' in read) return { kind: 'invalid', problems: read.problems };
  await deps.answers.save(opened.checkIn, read.answer);
  return { kind: 'saved', answer: read.answer };
}
