import type { LinkRefusal } from '../platform/signing/signed-fields.js';
import { type AcceptedCycleLink, cycleLinks } from './cycle-link.js';
import { CLOSING_GRACE_MS } from './cycles.js';
import type { InvitationFacts } from './outbox.js';

/**
 * The link in an invitation to take part again: it names the mentor's earlier application
 * and the cycle they are invited into, signed with the applicant-link key under a purpose
 * of its own (so it never passes for the link to the applicant's page, nor that for it).
 */
const PURPOSE = 'returning-mentor/v1';

/** The path of the returning mentor's page; the token goes in its query. */
export const RETURNING_MENTOR_PATH = '/returning-mentor';

/** An invitation link that checks out: whose earlier application, into which cycle, until when. */
export type AcceptedInvitation = AcceptedCycleLink;

/** Until when an invitation into a cycle works: its window's close, with the closing grace. */
export function invitationLinkExpiry(facts: Pick<InvitationFacts, 'closesAt'>): Date {
  return new Date(Date.parse(facts.closesAt) + CLOSING_GRACE_MS);
}

const links = cycleLinks(PURPOSE);

/** The token of an invitation link: deterministic, so every rendering carries the same one. */
export function signInvitationLink(secret: string, invitation: AcceptedInvitation): string {
  return links.sign(secret, invitation);
}

/** Checks an invitation link's token: ours (in constant time), well formed, and not expired. */
export function verifyInvitationLink(
  secret: string,
  token: unknown,
  now: Date,
): AcceptedInvitation | LinkRefusal {
  return links.verify(secret, token, now);
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
