import { describe, expect, it } from 'vitest';
import { menteeApplicationSchema } from '../../shared/applications/schemas/mentee.js';
import type { StaffNotice } from '../../shared/applications/staff-notice.js';
import type { Submission } from '../../shared/applications/submission.js';
import { renderConfirmationEmail } from '../../shared/email-delivery/emails/confirmation-email.js';
import { renderStaffNotice } from '../../shared/email-delivery/emails/staff-notice-email.js';
import {
  APPLICANT_LINK_LIFETIME_DAYS,
  applicantLinkExpiry,
  applicantLinkUrl,
  signApplicantLink,
  verifyApplicantLink,
} from '../../shared/self-service/applicant-link.js';
import { aMenteeApplication } from '../support/builders.js';

const SECRET = 'a-key-of-at-least-thirty-two-characters-for-tests';
const ID = '01J00000000000000000000000';
const OTHER_ID = '01J00000000000000000000001';
const NOW = new Date('2026-12-01T12:00:00.000Z');
const LATER = new Date('2027-01-01T00:00:00.000Z');

describe('applicant links', () => {
  it('round-trips: the token names the one application and when it expires, nothing else', () => {
    const token = signApplicantLink(SECRET, ID, LATER);
    expect(token).toMatch(/^01J0{23}\.\d+\.[\w-]{43}$/);
    expect(verifyApplicantLink(SECRET, token, NOW)).toEqual({
      applicationId: ID,
      expiresAt: LATER,
    });
  });

  it('refuses a token signed with another key, or with any character changed', () => {
    const token = signApplicantLink(SECRET, ID, LATER);
    expect(verifyApplicantLink(`${SECRET}!`, token, NOW)).toBe('forged');
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(verifyApplicantLink(SECRET, `${token.slice(0, -1)}${last}`, NOW)).toBe('forged');
  });

  it("refuses one application's signature on another's id, and a later expiry on the old signature", () => {
    const [, seconds, signature] = signApplicantLink(SECRET, ID, LATER).split('.');
    expect(verifyApplicantLink(SECRET, `${OTHER_ID}.${seconds}.${signature}`, NOW)).toBe('forged');
    expect(verifyApplicantLink(SECRET, `${ID}.${Number(seconds) + 86_400}.${signature}`, NOW)).toBe(
      'forged',
    );
  });

  it('expires at its time, not a second later', () => {
    const token = signApplicantLink(SECRET, ID, LATER);
    expect(verifyApplicantLink(SECRET, token, new Date(LATER.getTime() - 1000))).toMatchObject({
      applicationId: ID,
    });
    expect(verifyApplicantLink(SECRET, token, LATER)).toBe('expired');
  });

  it('calls anything not shaped like a token malformed, before any crypto', () => {
    for (const token of [
      undefined,
      '',
      'abc',
      `${ID}.1.short`,
      `${ID.toLowerCase()}.1.${'a'.repeat(43)}`,
      `01I00000000000000000000000.1.${'a'.repeat(43)}`,
      42,
    ]) {
      expect(verifyApplicantLink(SECRET, token, NOW)).toBe('malformed');
    }
  });

  it(`works for ${APPLICANT_LINK_LIFETIME_DAYS} days from when the application was received`, () => {
    expect(applicantLinkExpiry('2026-01-01T00:00:00.000Z').toISOString()).toBe(
      '2026-04-01T00:00:00.000Z',
    );
    const url = applicantLinkUrl('https://api.example.org/', SECRET, {
      id: ID,
      createdAt: '2026-12-01T00:00:00.000Z',
    });
    expect(url).toMatch(/^https:\/\/api\.example\.org\/my-application\?token=01J/);
    expect(verifyApplicantLink(SECRET, new URL(url).searchParams.get('token'), NOW)).toMatchObject({
      applicationId: ID,
      expiresAt: new Date('2027-03-01T00:00:00.000Z'),
    });
  });
});

const program = { programName: 'LACMA Mentoring Program', staffEmail: 'mentoring@ladocs.example' };

describe('the emails around an applicant’s own requests', () => {
  const submission: Submission = {
    id: ID,
    reference: 'LM-7K3D-9QX2',
    type: 'mentee',
    status: 'received',
    createdAt: '2026-03-20T17:05:00.000Z',
    application: menteeApplicationSchema.parse(aMenteeApplication({ email: 'j@example.org' })),
    confirmation: { state: 'pending', attempts: 0 },
    version: 1,
  };

  it('puts the link in both parts of the confirmation, escaped, and leaves it out when there is none', () => {
    const url = 'https://api.example.org/my-application?token=01J.1.x&y';
    const email = renderConfirmationEmail(submission, program, url);
    expect(email.text).toContain(`delete your data for 90 days after you applied: ${url}`);
    expect(email.html).toContain(
      // A new tab: webmail (and the local inbox page) show an email in a frame, and the page
      // refuses to be framed.
      'href="https://api.example.org/my-application?token=01J.1.x&amp;y" target="_blank" rel="noopener noreferrer"',
    );
    expect(renderConfirmationEmail(submission, program).text).not.toContain('my-application');
  });

  it('tells staff what the applicant did and which match it ended, with references and no personal data', () => {
    const notice: StaffNotice = {
      action: 'withdrew',
      reference: 'LM-7K3D-9QX2',
      type: 'mentee',
      at: '2026-03-21T17:05:00.000Z',
      previousStatus: 'matched',
      endedMatches: [
        {
          withId: OTHER_ID,
          withReference: 'LM-AAAA-BBBB',
          withRole: 'mentor',
          nowStatus: 'matched',
        },
      ],
    };
    const email = renderStaffNotice(notice, program);
    expect(email.to).toBe('mentoring@ladocs.example');
    expect(email.subject).toBe('Applicant withdrew mentee application LM-7K3D-9QX2');
    expect(email.text).toContain('Its status before: matched.');
    expect(email.text).toContain(
      'Their match with mentor application LM-AAAA-BBBB has ended; that applicant is still matched with their other mentees.',
    );
    expect(email.html).toContain(
      '<h2 style="font-size:1.1em;color:#003a70">The match is affected</h2>',
    );
    const deleted = renderStaffNotice({ ...notice, action: 'deleted', endedMatches: [] }, program);
    expect(deleted.subject).toBe('Applicant deleted mentee application LM-7K3D-9QX2');
    expect(deleted.text).not.toContain('has ended');
  });
});
