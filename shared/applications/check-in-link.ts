import {
  type LinkRefusal,
  signatureMatches,
  signFields,
} from '../platform/signing/signed-fields.js';
import type { CheckInFacts } from './outbox.js';
import { isSubmissionId } from './submission.js';

/**
 * The link in a check-in email: it names the person's application, the match and which
 * check-in, signed with the applicant-link key under a purpose of its own (so it never
 * passes for another kind of link). It works until the check-in can no longer be answered.
 */
const PURPOSE = 'check-in/v1';

/** The path of the check-in page; the token goes in its query. */
export const CHECK_IN_PATH = '/check-in';

/** A check-in link that checks out: whose answer, to which check-in of which match, until when. */
export interface AcceptedCheckIn {
  applicationId: string;
  matchId: string;
  number: number;
  expiresAt: Date;
}

const fieldsOf = (applicationId: string, matchId: string, number: number, seconds: number) => [
  applicationId,
  matchId,
  String(number),
  String(seconds),
];

/** The token of a check-in link: deterministic, so a reminder carries the same one. */
export function signCheckInLink(secret: string, checkIn: AcceptedCheckIn): string {
  const { applicationId, matchId, number } = checkIn;
  const seconds = Math.floor(checkIn.expiresAt.getTime() / 1000);
  const signature = signFields(secret, PURPOSE, fieldsOf(applicationId, matchId, number, seconds));
  return `${applicationId}.${matchId}.${number}.${seconds}.${signature}`;
}

/** Checks a check-in link's token: ours (in constant time), well formed, and not expired. */
export function verifyCheckInLink(
  secret: string,
  token: unknown,
  now: Date,
): AcceptedCheckIn | LinkRefusal {
  if (typeof token !== 'string') return 'malformed';
  const match = /^([0-9A-Z]{26})\.([\w-]{1,64})\.(\d{1,2})\.(\d{1,12})\.([\w-]{43})$/.exec(token);
  if (!match?.[1] || !match[2] || !match[3] || !match[4] || !match[5]) return 'malformed';
  const [, applicationId, matchId, numberText, secondsText, given] = match;
  if (!isSubmissionId(applicationId)) return 'malformed';
  const number = Number(numberText);
  const seconds = Number(secondsText);
  if (
    !signatureMatches(secret, PURPOSE, fieldsOf(applicationId, matchId, number, seconds), given)
  ) {
    return 'forged';
  }
  const expiresAt = new Date(seconds * 1000);
  if (now.getTime() >= expiresAt.getTime()) return 'expired';
  return { applicationId, matchId, number, expiresAt };
}

/** A check-in email's link: the check-in page on `baseUrl`. */
export function checkInLinkUrl(
  baseUrl: string,
  secret: string,
  applicationId: string,
  facts: CheckInFacts,
): string {
  const token = signCheckInLink(secret, {
    applicationId,
    matchId: facts.matchId,
    number: facts.number,
    expiresAt: new Date(facts.answerableUntil),
  });
  return `${baseUrl.replace(/\/+$/, '')}${CHECK_IN_PATH}?token=${token}`;
}
