import { describe, expect, it } from 'vitest';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import { renderStaffNotification } from '../../shared/email-delivery/emails/staff-notification-email.js';
import { renderApplicationForm } from '../../shared/intake/pages/application-form.js';
import { aMentorApplication } from '../support/builders.js';

describe('renderApplicationForm', () => {
  const html = renderApplicationForm({
    type: 'mentor',
    action: '/applications/mentor',
    thankYouUrl: '/thank-you',
    formToken: '1.x"y',
  });

  it('gives each single control a label and each group a legend', () => {
    expect(html).toContain('<label for="institution">Institution or practice name</label>');
    expect(html).toContain('<legend>Areas you can mentor in</legend>');
    expect(html).toContain('<legend>Credential</legend>');
    expect(html).toMatch(
      /<select id="specialty" name="specialty" required [^>]*><option value>Choose…<\/option><option value="allergy_immunology">Allergy and immunology<\/option>/,
    );
  });

  it('uses fitting controls: a text area for the statement, email and number inputs, bounds from the schema', () => {
    expect(html).toMatch(
      /<textarea id="statement" name="statement" rows="6" maxlength="1000" required/,
    );
    expect(html).toMatch(
      /<input type="email" id="email" name="email" maxlength="254" required autocomplete="email"/,
    );
    expect(html).toMatch(
      /<input type="number" id="capacity" name="capacity" inputmode="numeric" min="1" max="5" step="1" required/,
    );
    expect(html).toMatch(
      /<input type="tel" id="phone" name="phone" maxlength="25" autocomplete="tel" aria-describedby="hint-phone error-phone">/,
    );
  });

  it('requires a ticked box only where the schema requires true: consent, not LACMA membership', () => {
    expect(html).toMatch(/<input type="checkbox" id="consent" name="consent" required /);
    expect(html).toMatch(
      /<input type="checkbox" id="lacmaMember" name="lacmaMember" aria-describedby/,
    );
  });

  it('hides the honeypot from people and escapes the token', () => {
    expect(html).toContain('<div class="hp" aria-hidden="true">');
    expect(html).toContain('tabindex="-1" autocomplete="off"');
    expect(html).toContain('<input type="hidden" name="formToken" value="1.x&quot;y">');
  });
});

describe('renderStaffNotification', () => {
  it('summarises the application for staff, escaped, replying to the applicant', () => {
    const application = mentorApplicationSchema.parse(
      aMentorApplication({ email: 'a@example.org', institution: '<b>Clinic</b>' }),
    );
    const email = renderStaffNotification(
      {
        id: 'id-1',
        reference: 'LM-2222-2222',
        type: 'mentor',
        status: 'received',
        createdAt: '2026-03-20T17:00:00.000Z',
        application,
        confirmation: { state: 'pending', attempts: 0 },
        version: 1,
      },
      { programName: 'LACMA Mentoring Program', staffEmail: 'staff@ladocs.org' },
    );

    expect(email).toMatchObject({
      to: 'staff@ladocs.org',
      replyTo: 'a@example.org',
      subject: 'New mentor application LM-2222-2222',
    });
    expect(email.text).toContain('Institution or practice name: <b>Clinic</b>');
    expect(email.html).toContain('&lt;b>Clinic&lt;/b>');
    expect(email.html).not.toContain('<b>Clinic');
  });
});
