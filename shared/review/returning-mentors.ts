import type { Cycle } from '../applications/cycles.js';
import type { InvitationFacts } from '../applications/outbox.js';
import type { ReviewStatus } from '../applications/review-workflow.js';
import { mapWithBoundedConcurrency } from '../platform/bounded-concurrency.js';
import { normalizedAddress } from '../platform/text/email-address.js';
import { cycleBefore } from './carry-over.js';

/**
 * The earlier cycle's mentors who are asked back: everyone who applied to mentor in it and
 * neither withdrew nor was declined (matched or not: a mentor left without a mentee is as
 * welcome as one who had two).
 */
const NOT_INVITED: readonly ReviewStatus[] = ['declined', 'withdrawn'];

/** A mentor's application in a cycle, as inviting them back reads it. */
export interface MentorApplicationSummary {
  id: string;
  email: string;
  status: ReviewStatus;
  createdAt: string;
}

/** Storage for invitations. */
export interface InvitationStore {
  /** The mentor applications of a cycle. */
  mentorApplicationsIn(cycleId: string): Promise<MentorApplicationSummary[]>;
  /**
   * Saves the invitation (an outbox email on the mentor's earlier application) unless it
   * was saved before: `already_invited` then, and `gone` if the application was erased.
   */
  invite(
    applicationId: string,
    facts: InvitationFacts,
  ): Promise<'invited' | 'already_invited' | 'gone'>;
}

/** What inviting a cycle's mentors back did. */
export interface InvitationSummary {
  /** The cycle whose mentors were invited; null when there is none before this one. */
  from: string | null;
  invited: number;
  /** Invited into this cycle before: no second email. */
  alreadyInvited: number;
  /** Already applied to mentor in this cycle on their own: not invited. */
  alreadyApplied: number;
}

/** Invitations go out while a cycle still takes applications; after that a link would not work. */
export class CycleClosedForInvitations extends Error {
  override name = 'CycleClosedForInvitations';
}

/**
 * The mentors to invite into a cycle: one application per address (the latest) of the
 * earlier cycle's mentors not declined or withdrawn, less those who applied in this cycle.
 */
export function mentorsToInvite(
  earlier: readonly MentorApplicationSummary[],
  current: readonly MentorApplicationSummary[],
): MentorApplicationSummary[] {
  const applied = new Set(current.map((mentor) => normalizedAddress(mentor.email)));
  const latest = new Map<string, MentorApplicationSummary>();
  for (const mentor of earlier) {
    if (NOT_INVITED.includes(mentor.status)) continue;
    const address = normalizedAddress(mentor.email);
    if (applied.has(address)) continue;
    const known = latest.get(address);
    if (!known || known.createdAt < mentor.createdAt) latest.set(address, mentor);
  }
  return [...latest.values()];
}

/**
 * Invites the mentors of the cycle before `cycle` to take part in it: each gets one email
 * (an outbox item, so it goes exactly once, however often admins ask) with a signed link to
 * a page of their earlier answers.
 */
export async function inviteReturningMentors(
  deps: { store: InvitationStore; now: () => Date },
  request: { cycles: readonly Cycle[]; cycle: Cycle },
): Promise<InvitationSummary> {
  const { cycle } = request;
  const now = deps.now();
  if (Date.parse(cycle.closesAt) <= now.getTime()) {
    throw new CycleClosedForInvitations(`Applications for ${cycle.name} have closed.`);
  }
  const from = cycleBefore(request.cycles, cycle);
  if (!from) return { from: null, invited: 0, alreadyInvited: 0, alreadyApplied: 0 };
  const [earlier, current] = await Promise.all([
    deps.store.mentorApplicationsIn(from.id),
    deps.store.mentorApplicationsIn(cycle.id),
  ]);
  const invitees = mentorsToInvite(earlier, current);
  const facts: InvitationFacts = {
    cycleId: cycle.id,
    cycleName: cycle.name,
    closesAt: cycle.closesAt,
    invitedAt: now.toISOString(),
  };
  // Ten at a time, as carrying over does: a few hundred mentors finish well within the timeout.
  const outcomes = await mapWithBoundedConcurrency(invitees, 10, (mentor) =>
    deps.store.invite(mentor.id, facts),
  );
  const eligible = earlier.filter((mentor) => !NOT_INVITED.includes(mentor.status));
  const addresses = new Set(eligible.map((mentor) => normalizedAddress(mentor.email)));
  return {
    from: from.id,
    invited: outcomes.filter((outcome) => outcome === 'invited').length,
    alreadyInvited: outcomes.filter((outcome) => outcome === 'already_invited').length,
    alreadyApplied: addresses.size - invitees.length,
  };
}
