import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  parseEmailConfig,
  parseIntakeConfig,
} from '../../shared/platform/config.js';

const email = {
  TABLE_NAME: 'applications',
  SENDER_EMAIL: 'LACMA Mentoring Program <mentoring@ladocs.org>',
  STAFF_EMAIL: 'mentoring@ladocs.org',
};

describe('the email senders’ settings', () => {
  it('reads the settings and fills in defaults', () => {
    expect(parseEmailConfig(email)).toEqual({ ...email, PROGRAM_NAME: 'LACMA Mentoring Program' });
  });

  it('names every missing or bad variable', () => {
    const attempt = () =>
      parseEmailConfig({ SENDER_EMAIL: 'Name <a@b.org>\r\nBcc: x@y.org', STAFF_EMAIL: 'nope' });

    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/TABLE_NAME.*SENDER_EMAIL.*STAFF_EMAIL/);
  });
});

describe('the intake’s settings', () => {
  it('needs only the table; the rest has defaults', () => {
    expect(parseIntakeConfig({ TABLE_NAME: 'applications' })).toEqual({
      TABLE_NAME: 'applications',
      THANK_YOU_URL: '/thank-you',
      STAFF_NOTIFICATIONS: 'on',
      TURNSTILE_VERIFY_URL: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
    });
  });

  it('takes a thank-you page on this service or on the website, and nothing that redirects elsewhere', () => {
    const withThankYou = (THANK_YOU_URL: string) => () =>
      parseIntakeConfig({ TABLE_NAME: 'applications', THANK_YOU_URL });

    expect(withThankYou('/thanks?from=form')().THANK_YOU_URL).toBe('/thanks?from=form');
    expect(withThankYou('https://www.ladocs.org/mentoring/thanks')().THANK_YOU_URL).toBe(
      'https://www.ladocs.org/mentoring/thanks',
    );
    for (const bad of ['//evil.example/x', 'javascript:alert(1)', 'thank-you', 'https://']) {
      expect(withThankYou(bad)).toThrow(/THANK_YOU_URL must be a path like \/thank-you/);
    }
  });
});
