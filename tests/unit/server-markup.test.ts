import { describe, expect, it } from 'vitest';
import { menteeApplicationSchema } from '../../shared/applications/schemas/mentee.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import type { Submission } from '../../shared/applications/submission.js';
import { renderConfirmationEmail } from '../../shared/email-delivery/emails/confirmation-email.js';
import { signatureLines } from '../../shared/email-delivery/emails/email-layout.js';
import { renderIntroductionEmail } from '../../shared/email-delivery/emails/introduction-email.js';
import { renderStaffNotice } from '../../shared/email-delivery/emails/staff-notice-email.js';
import { renderStaffNotification } from '../../shared/email-delivery/emails/staff-notification-email.js';
import { renderProblemPage } from '../../shared/platform/html/problem-page.js';
import { rawTextContent } from '../../shared/platform/html/raw-text.js';
import { renderApplicantPage } from '../../shared/self-service/applicant-page.js';
import { aMenteeApplication, aMentorApplication } from '../support/builders.js';

const program = { programName: 'LACMA Mentoring Program', staffEmail: 'mentoring@ladocs.example' };
const HOSTILE = `"><script>alert('x')</script>`;
const ESCAPED = `&quot;>&lt;script>alert('x')&lt;/script>`;

const mentor: Submission = {
  id: '01J00000000000000000000001',
  reference: 'LM-7K3D-9QX2',
  type: 'mentor',
  status: 'received',
  createdAt: '2026-03-20T17:05:00.000Z',
  application: mentorApplicationSchema.parse(aMentorApplication({ email: 'wendy@example.org' })),
  confirmation: { state: 'sent', attempts: 1 },
  version: 1,
};
const mentee: Submission = {
  ...mentor,
  id: '01J00000000000000000000002',
  type: 'mentee',
  application: menteeApplicationSchema.parse(aMenteeApplication({ email: 'jordan@example.org' })),
};

describe('server markup', () => {
  it('escapes by construction: markup and quotes in an email field and a page field stay text', () => {
    // Prepare: values the schemas would refuse, so the renderer alone must hold.
    const hostile: Submission = {
      ...mentor,
      application: { ...mentor.application, firstName: HOSTILE, institution: HOSTILE },
    };

    // Act
    const email = renderConfirmationEmail(hostile, program, `https://x.example/?a=${HOSTILE}`);
    const notification = renderStaffNotification(hostile, program);
    const page = renderApplicantPage({
      submission: hostile,
      token: 't',
      linkExpiresAt: new Date('2026-06-18T17:05:00.000Z'),
      context: program,
    });
    const problem = renderProblemPage({
      statusCode: 400,
      messages: [HOSTILE],
      back: { href: `/forms/mentor${HOSTILE}`, label: HOSTILE },
    });

    // Assess: no script element anywhere, and each value is there as escaped text.
    for (const html of [email.html, notification.html, page, problem]) {
      expect(html).not.toContain('<script');
      expect(html).toContain(ESCAPED);
    }
    expect(email.html).toContain(`Dear ${ESCAPED},`);
    expect(email.html).toContain(`href="https://x.example/?a=${ESCAPED}"`);
    expect(problem).toContain(`<a href="/forms/mentor${ESCAPED}">${ESCAPED}</a>`);
  });

  it('lets raw text only into a style or data block, and never a closing tag', () => {
    expect(() => rawTextContent('body{color:red}</style><script>alert(1)</script>')).toThrow(
      /must not contain "<\/"/,
    );
    expect(rawTextContent('{"a":"\\u003c/script>"}').dangerouslySetInnerHTML.__html).toBe(
      '{"a":"\\u003c/script>"}',
    );
  });

  it('gives every email the same shell and a signature from one source, in both parts', () => {
    const emails = {
      confirmation: [renderConfirmationEmail(mentee, program), 'applicant'],
      introduction: [renderIntroductionEmail(mentee, mentor, program), 'applicant'],
      staffNotification: [renderStaffNotification(mentee, program), 'staff'],
      staffNotice: [
        renderStaffNotice(
          {
            action: 'deleted',
            reference: mentee.reference,
            type: 'mentee',
            at: '2026-03-21T17:05:00.000Z',
            previousStatus: 'under_review',
            endedMatches: [],
          },
          program,
        ),
        'staff',
      ],
    } as const;

    for (const [email, audience] of Object.values(emails)) {
      const lines = signatureLines(program, audience);
      expect(email.html).toMatch(
        /^<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>[^<]+<\/title><\/head><body style="font-family:Arial,Helvetica,sans-serif;line-height:1\.[45];color:#1a1a1a[^"]*">/,
      );
      expect(email.html.endsWith(`${lines.join('<br>')}</p></body></html>\n`)).toBe(true);
      expect(email.text.endsWith(lines.join('\n'))).toBe(true);
    }
    // The applicant's emails carry the association's name; staff emails only the program's.
    expect(emails.confirmation[0].text).toMatch(
      /\n\nLACMA Mentoring Program\nLos Angeles County Medical Association$/,
    );
    expect(emails.staffNotification[0].text).toMatch(
      /\n\nReplying to this email writes to the applicant\. LACMA Mentoring Program$/,
    );
  });
});
