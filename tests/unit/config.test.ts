import { describe, expect, it } from 'vitest';
import { ConfigurationError, parseConfig } from '../../shared/config.js';

const valid = {
  TABLE_NAME: 'applications',
  SENDER_EMAIL: 'LACMA Mentoring Program <mentoring@ladocs.org>',
  STAFF_EMAIL: 'mentoring@ladocs.org',
};

describe('parseConfig', () => {
  it('reads the settings and fills in defaults', () => {
    expect(parseConfig(valid)).toEqual({
      ...valid,
      PROGRAM_NAME: 'LACMA Mentoring Program',
      THANK_YOU_URL: '/thank-you',
      STAFF_NOTIFICATIONS: 'on',
      TURNSTILE_VERIFY_URL: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
    });
  });

  it('names every missing or bad variable', () => {
    const attempt = () =>
      parseConfig({ SENDER_EMAIL: 'Name <a@b.org>\r\nBcc: x@y.org', STAFF_EMAIL: 'nope' });

    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/TABLE_NAME.*SENDER_EMAIL.*STAFF_EMAIL/);
  });

  it('takes a thank-you page on this service or on the website, and nothing that redirects elsewhere', () => {
    const withThankYou = (THANK_YOU_URL: string) => () => parseConfig({ ...valid, THANK_YOU_URL });

    expect(withThankYou('/thanks?from=form')().THANK_YOU_URL).toBe('/thanks?from=form');
    expect(withThankYou('https://www.ladocs.org/mentoring/thanks')().THANK_YOU_URL).toBe(
      'https://www.ladocs.org/mentoring/thanks',
    );
    for (const bad of ['//evil.example/x', 'javascript:alert(1)', 'thank-you', 'https://']) {
      expect(withThankYou(bad)).toThrow(/THANK_YOU_URL must be a path like \/thank-you/);
    }
  });
});
