import { describe, expect, it } from 'vitest';
import { menteeApplicationSchema } from '../../shared/applications/schemas/mentee.js';
import type { Submission } from '../../shared/applications/submission.js';
import { renderConfirmationEmail } from '../../shared/email-delivery/emails/confirmation-email.js';
import { aMenteeApplication } from '../support/builders.js';

const program = { programName: 'LACMA Mentoring Program', staffEmail: 'mentoring@ladocs.example' };

function aSubmission(overrides: Record<string, unknown> = {}): Submission {
  return {
    id: '01J00000000000000000000000',
    reference: 'LM-7K3D-9QX2',
    type: 'mentee',
    status: 'received',
    createdAt: '2026-03-20T17:05:00.000Z',
    application: menteeApplicationSchema.parse(
      aMenteeApplication({ email: 'jordan@example.org', ...overrides }),
    ),
    confirmation: { state: 'pending', attempts: 0 },
    version: 1,
  };
}

describe('renderConfirmationEmail', () => {
  it('addresses the applicant, names the program, role and reference, and says what happens next', () => {
    const email = renderConfirmationEmail(aSubmission(), program);

    expect(email.to).toBe('jordan@example.org');
    expect(email.subject).toBe(
      'LACMA Mentoring Program: we received your mentee application (LM-7K3D-9QX2)',
    );
    expect(email.text).toContain('Dear Jordan,');
    expect(email.text).toContain('applying to be mentored in the LACMA Mentoring Program');
    expect(email.text).toContain('Your reference: LM-7K3D-9QX2');
    expect(email.text).toContain('Received: March 20, 2026 at 10:05 AM PDT');
    expect(email.text).toContain('What happens next');
    expect(email.text).toContain('mentoring@ladocs.example');
    expect(email.html).toContain(
      '<strong style="font-size:1.2em;letter-spacing:.05em">LM-7K3D-9QX2</strong>',
    );
  });

  it('escapes the name in the HTML part, whatever the schema let through', () => {
    const submission = aSubmission();
    // The schema refuses markup in names; the renderer must not rely on that.
    submission.application.firstName = '<img src=x onerror=alert(1)>&"\'';
    const email = renderConfirmationEmail(submission, program);

    expect(email.html).toContain("Dear &lt;img src=x onerror=alert(1)>&amp;&quot;',");
    expect(email.html).not.toContain('<img');
  });

  it('echoes no free-text answer, so the form cannot relay a message', () => {
    const submission = aSubmission({
      statement: 'Buy cheap pills at spam.example',
      schoolOrProgram: 'Visit spam.example now',
      lastName: 'Spamlast',
    });

    const email = renderConfirmationEmail(submission, program);

    for (const part of [email.subject, email.text, email.html]) {
      expect(part).not.toContain('spam.example');
      expect(part).not.toContain('Spamlast');
    }
  });

  it('puts nothing the applicant typed into the subject', () => {
    const email = renderConfirmationEmail(aSubmission({ firstName: 'Subjectname' }), program);

    expect(email.subject).not.toContain('Subjectname');
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});
