import { describe, expect, it } from 'vitest';
import type { Cycle } from '../../shared/applications/cycles.js';
import {
  invitationLinkExpiry,
  invitationLinkUrl,
  signInvitationLink,
  verifyInvitationLink,
} from '../../shared/applications/invitation-link.js';
import type { InvitationFacts } from '../../shared/applications/outbox.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import type { Submission } from '../../shared/applications/submission.js';
import { renderInvitationEmail } from '../../shared/email-delivery/emails/invitation-email.js';
import {
  CycleClosedForInvitations,
  type InvitationStore,
  inviteReturningMentors,
  type MentorApplicationSummary,
  mentorsToInvite,
} from '../../shared/review/returning-mentors.js';
import {
  signApplicantLink,
  verifyApplicantLink,
} from '../../shared/self-service/applicant-link.js';
import { aMentorApplication } from '../support/builders.js';

const SECRET = 'a-key-of-at-least-thirty-two-characters-for-tests';
const ID = '01J00000000000000000000000';
const NOW = new Date('2027-01-20T12:00:00.000Z');
const CLOSES = new Date('2027-02-15T08:00:00.000Z');
const facts: InvitationFacts = {
  cycleId: 'cycle-2027',
  cycleName: '2027 Mentoring Program',
  closesAt: CLOSES.toISOString(),
  invitedAt: NOW.toISOString(),
};

describe('invitation links', () => {
  it('name the earlier application and the cycle, and work until the close plus its grace', () => {
    const expiresAt = invitationLinkExpiry(facts);
    expect(expiresAt.getTime() - CLOSES.getTime()).toBe(30 * 60_000);
    const url = invitationLinkUrl('https://api.example/', SECRET, ID, facts);
    const token = String(new URL(url).searchParams.get('token'));
    expect(url.startsWith('https://api.example/returning-mentor?token=')).toBe(true);
    expect(verifyInvitationLink(SECRET, token, NOW)).toEqual({
      applicationId: ID,
      cycleId: 'cycle-2027',
      expiresAt: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000),
    });
    expect(verifyInvitationLink(SECRET, token, expiresAt)).toBe('expired');
  });

  it('refuse another cycle on the same signature, another key, and a changed character', () => {
    const token = signInvitationLink(SECRET, {
      applicationId: ID,
      cycleId: 'cycle-2027',
      expiresAt: CLOSES,
    });
    const [id, , seconds, signature] = token.split('.');
    expect(verifyInvitationLink(SECRET, `${id}.cycle-2028.${seconds}.${signature}`, NOW)).toBe(
      'forged',
    );
    expect(verifyInvitationLink(`${SECRET}!`, token, NOW)).toBe('forged');
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(verifyInvitationLink(SECRET, `${token.slice(0, -1)}${last}`, NOW)).toBe('forged');
  });

  it('never pass for the applicant page’s link, nor it for them, under one key', () => {
    const applicant = signApplicantLink(SECRET, ID, CLOSES);
    const [, seconds, signature] = applicant.split('.');
    expect(verifyInvitationLink(SECRET, `${ID}.cycle-2027.${seconds}.${signature}`, NOW)).toBe(
      'forged',
    );
    const invitation = signInvitationLink(SECRET, {
      applicationId: ID,
      cycleId: 'x',
      expiresAt: CLOSES,
    });
    const [, , invitationSeconds, invitationSignature] = invitation.split('.');
    expect(
      verifyApplicantLink(SECRET, `${ID}.${invitationSeconds}.${invitationSignature}`, NOW),
    ).toBe('forged');
  });

  it('call anything not shaped like a token malformed', () => {
    for (const token of [
      undefined,
      42,
      '',
      `${ID}.cycle.1`,
      `not-an-id.cycle.1.${'a'.repeat(43)}`,
    ]) {
      expect(verifyInvitationLink(SECRET, token, NOW)).toBe('malformed');
    }
  });
});

const mentor = (
  id: string,
  email: string,
  status: MentorApplicationSummary['status'] = 'matched',
  createdAt = '2026-01-20T00:00:00.000Z',
): MentorApplicationSummary => ({ id, email, status, createdAt });

describe('who is invited back', () => {
  it('one per address (the latest application), not the declined or withdrawn, nor who applied already', () => {
    const earlier = [
      mentor('a1', 'Ada@Example.org', 'matched', '2026-01-20T00:00:00.000Z'),
      mentor('a2', 'ada@example.org', 'under_review', '2026-01-25T00:00:00.000Z'),
      mentor('b', 'ben@example.org', 'declined'),
      mentor('c', 'cy@example.org', 'withdrawn'),
      mentor('d', 'dee@example.org', 'waitlisted'),
      mentor('e', 'eve@example.org', 'received'),
    ];
    const current = [mentor('e-new', 'EVE@example.org', 'received')];
    expect(
      mentorsToInvite(earlier, current)
        .map((each) => each.id)
        .sort(),
    ).toEqual(['a2', 'd']);
  });
});

/** Invitations kept in memory: each application invited into a cycle at most once. */
class InvitationsInMemory implements InvitationStore {
  readonly invited = new Map<string, InvitationFacts>();
  constructor(private readonly byCycle: Record<string, MentorApplicationSummary[]>) {}
  async mentorApplicationsIn(cycleId: string) {
    return this.byCycle[cycleId] ?? [];
  }
  async invite(applicationId: string, given: InvitationFacts) {
    const key = `${applicationId}/${given.cycleId}`;
    if (this.invited.has(key)) return 'already_invited' as const;
    this.invited.set(key, given);
    return 'invited' as const;
  }
}

const cycle = (id: string, opensAt: string, closesAt: string): Cycle => ({
  id,
  name: `${id} Mentoring Program`,
  opensAt,
  closesAt,
  version: 1,
});
const lastYear = cycle('2026', '2026-01-15T17:00:00.000Z', '2026-02-15T08:00:00.000Z');
const thisYear = cycle('2027', '2027-01-15T17:00:00.000Z', CLOSES.toISOString());

describe('inviting returning mentors', () => {
  it('invites the cycle before’s mentors with the cycle as it stands, and counts a second ask', async () => {
    const store = new InvitationsInMemory({
      '2026': [mentor('a', 'ada@example.org'), mentor('b', 'ben@example.org', 'declined')],
      '2027': [],
    });
    const deps = { store, now: () => NOW };
    const request = { cycles: [thisYear, lastYear], cycle: thisYear };

    expect(await inviteReturningMentors(deps, request)).toEqual({
      from: '2026',
      invited: 1,
      alreadyInvited: 0,
      alreadyApplied: 0,
    });
    expect(await inviteReturningMentors(deps, request)).toMatchObject({
      invited: 0,
      alreadyInvited: 1,
    });
    expect([...store.invited.values()]).toEqual([
      {
        cycleId: '2027',
        cycleName: '2027 Mentoring Program',
        closesAt: CLOSES.toISOString(),
        invitedAt: NOW.toISOString(),
      },
    ]);
  });

  it('says there is nobody to invite from without a cycle before, and refuses once closed', async () => {
    const store = new InvitationsInMemory({});
    expect(
      await inviteReturningMentors(
        { store, now: () => NOW },
        { cycles: [thisYear], cycle: thisYear },
      ),
    ).toEqual({ from: null, invited: 0, alreadyInvited: 0, alreadyApplied: 0 });
    await expect(
      inviteReturningMentors(
        { store, now: () => CLOSES },
        { cycles: [lastYear, thisYear], cycle: thisYear },
      ),
    ).rejects.toBeInstanceOf(CycleClosedForInvitations);
  });
});

describe('the invitation email', () => {
  const submission: Submission = {
    id: ID,
    reference: 'LM-TEST-0001',
    type: 'mentor',
    status: 'matched',
    createdAt: '2026-01-20T00:00:00.000Z',
    application: mentorApplicationSchema.parse(
      aMentorApplication({
        firstName: 'Ada',
        statement: 'A private statement that stays out of email.',
      }),
    ),
    confirmation: { state: 'sent', attempts: 1 },
    version: 2,
  };
  const program = { programName: 'LACMA Mentoring Program', staffEmail: 'staff@ladocs.example' };

  it('asks them back with one escaped link, the close in Los Angeles time, and no free-text answer', () => {
    const link = 'https://api.example/returning-mentor?token=abc&x=<y>';
    const email = renderInvitationEmail(submission, facts, program, link);

    expect(email.to).toBe(submission.application.email);
    expect(email.subject).toBe(
      'LACMA Mentoring Program: will you mentor again in 2027 Mentoring Program?',
    );
    expect(email.text).toContain(link);
    expect(email.text).toContain('February 15, 2027 at 12:00 AM PST');
    expect(email.html).toContain(
      'href="https://api.example/returning-mentor?token=abc&amp;x=&lt;y>"',
    );
    expect(email.html).toContain('Dear Ada,');
    expect(`${email.text}${email.html}`).not.toContain('private statement');
  });

  it('without a public address, asks them to apply again instead of giving a dead link', () => {
    const email = renderInvitationEmail(submission, facts, program, undefined);
    expect(email.text).toContain('apply again before applications close');
    expect(email.html).not.toContain('returning-mentor');
  });
});
