import {
  type LinkRefusal,
  signatureMatches,
  signFields,
} from '../platform/signing/signed-fields.js';
import { CLOSING_GRACE_MS } from './cycles.js';
import type { InvitationFacts } from './outbox.js';
import { isSubmissionId } from './submission.js';

/**
 * The link in an invitation to take part again: it names the mentor's earlier application
 * and the cycle they are invited into, signed with the applicant-link key under a purpose
 * of its own (so it never passes for the link to the applicant's page, nor that for it).
 */
const PURPOSE = 'returning-mentor/v1';

/** The path of the returning mentor's page; the token goes in its query. */
export const RETURNING_MENTOR_PATH = '/returning-mentor';

/** An invitation link that checks out: whose earlier application, into which cycle, until when. */
export interface AcceptedInvitation {
  applicationId: string;
  cycleId: string;
  expiresAt: Date;
}

/** Until when an invitation into a cycle works: its window's close, with the closing grace. */
export function invitationLinkExpiry(facts: Pick<InvitationFacts, 'closesAt'>): Date {
  return new Date(Date.parse(facts.closesAt) + CLOSING_GRACE_MS);
}

const signedFields = (applicationId: string, cycleId: string, seconds: number) => [
  applicationId,
  cycleId,
  String(seconds),
];

/** The token of an invitation link: deterministic, so every rendering carries the same one. */
export function signInvitationLink(
  secret: string,
  invitation: { applicationId: string; cycleId: string; expiresAt: Date },
): string {
  const { applicationId, cycleId } = invitation;
  const seconds = Math.floor(invitation.expiresAt.getTime() / 1000);
  const signature = signFields(secret, PURPOSE, signedFields(applicationId, cycleId, seconds));
  return `${applicationId}.${cycleId}.${seconds}.${signature}`;
}

/** Checks an invitation link's token: ours (in constant time), well formed, and not expired. */
export function verifyInvitationLink(
  secret: string,
  token: unknown,
  now: Date,
): AcceptedInvitation | LinkRefusal {
  if (typeof token !== 'string') return 'malformed';
  const match = /^([0-9A-Z]{26})\.([\w-]{1,64})\.(\d{1,12})\.([\w-]{43})$/.exec(token);
  if (!match?.[1] || !match[2] || !match[3] || !match[4] || !isSubmissionId(match[1])) {
    return 'malformed';
  }
  const [, applicationId, cycleId, secondsText, given] = match;
  const seconds = Number(secondsText);
  if (!signatureMatches(secret, PURPOSE, signedFields(applicationId, cycleId, seconds), given)) {
    return 'forged';
  }
  const expiresAt = new Date(seconds * 1000);
  if (now.getTime() >= expiresAt.getTime()) return 'expired';
  return { applicationId, cycleId, expiresAt };
}

/** The invitation's link: the returning mentor's page on `baseUrl`. */
export function invitationLinkUrl(
  baseUrl: string,
  secret: string,
  applicationId: string,
  facts: InvitationFacts,
): string {
  const token = signInvitationLink(secret, {
    applicationId,
    cycleId: facts.cycleId,
    expiresAt: invitationLinkExpiry(facts),
  });
  return `${baseUrl.replace(/\/+$/, '')}${RETURNING_MENTOR_PATH}?token=${token}`;
}
