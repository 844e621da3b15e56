import { describe, expect, it } from 'vitest';
import { corsHeaders, parseAllowedOrigins } from '../../infra/cors-policy.js';
import { honeypotFilled, separateFormControls } from '../../shared/intake/spam/form-controls.js';
import {
  MINIMUM_FILL_MS,
  signFormToken,
  verifyFormToken,
} from '../../shared/intake/spam/form-token.js';
import type { HumanCheck, HumanCheckVerdict } from '../../shared/intake/spam/human-check.js';
import { checkSpamDefences } from '../../shared/intake/spam/spam-defences.js';
import { turnstileHumanCheck } from '../../shared/intake/spam/turnstile.js';

const SECRET = 'unit-test-secret-0123456789';
const rendered = new Date('2026-03-20T17:00:00.000Z');
const renderedPlus = (ms: number) => new Date(rendered.getTime() + ms);

describe('form tokens', () => {
  it('gives every rendering its own nonce, so each token can be spent once', () => {
    expect(signFormToken(SECRET, 'mentor', rendered)).not.toBe(
      signFormToken(SECRET, 'mentor', rendered),
    );
  });

  it('accepts a token for its form after 3 seconds and within a day, with its nonce to spend', () => {
    const token = signFormToken(SECRET, 'mentor', rendered);

    expect(verifyFormToken(SECRET, 'mentor', token, renderedPlus(MINIMUM_FILL_MS))).toEqual({
      nonce: token.split('.')[1],
      expiresAt: renderedPlus(24 * 60 * 60 * 1000),
      issuedAt: rendered,
    });
    expect(verifyFormToken(SECRET, 'mentor', token, renderedPlus(MINIMUM_FILL_MS - 1))).toBe(
      'too_fast',
    );
    expect(verifyFormToken(SECRET, 'mentor', token, renderedPlus(24 * 60 * 60 * 1000 + 1))).toBe(
      'expired',
    );
  });

  it('refuses a missing, malformed, re-timed, other-form or other-key token', () => {
    const token = signFormToken(SECRET, 'mentor', rendered);
    const [, nonce, signature] = token.split('.');
    const later = renderedPlus(10_000);

    expect(verifyFormToken(SECRET, 'mentor', undefined, later)).toBe('missing');
    expect(verifyFormToken(SECRET, 'mentor', 'nonsense', later)).toBe('forged');
    expect(
      verifyFormToken(
        SECRET,
        'mentor',
        `${rendered.getTime() - 60_000}.${nonce}.${signature}`,
        later,
      ),
    ).toBe('forged');
    // A fresh nonce under the old signature (to dodge the single-use check) is a forgery too.
    expect(
      verifyFormToken(
        SECRET,
        'mentor',
        `${rendered.getTime()}.${'A'.repeat(22)}.${signature}`,
        later,
      ),
    ).toBe('forged');
    expect(verifyFormToken(SECRET, 'mentee', token, later)).toBe('forged');
    expect(verifyFormToken('another-secret-entirely', 'mentor', token, later)).toBe('forged');
  });
});

describe('separateFormControls', () => {
  it('takes the spam-defence fields out and leaves the application', () => {
    const { fields, controls } = separateFormControls({
      firstName: 'A',
      website: '',
      formToken: 't',
      'cf-turnstile-response': 'c',
    });

    expect(fields).toEqual({ firstName: 'A' });
    expect(controls).toEqual({ honeypot: '', formToken: 't', turnstileToken: 'c' });
    expect(honeypotFilled(controls)).toBe(false);
  });

  it('treats any non-blank honeypot as a bot', () => {
    for (const honeypot of ['x', ['a'], 1, true]) expect(honeypotFilled({ honeypot })).toBe(true);
    for (const honeypot of [undefined, '', '   ', null, false])
      expect(honeypotFilled({ honeypot })).toBe(false);
  });

  it('leaves a body that is not an object to validation', () => {
    expect(separateFormControls([1])).toEqual({ fields: [1], controls: {} });
  });
});

describe('checkSpamDefences', () => {
  it('checks the honeypot before anything else, then the fill time', async () => {
    const settings = { formSigningSecret: SECRET };

    expect(
      await checkSpamDefences(settings, {
        type: 'mentor',
        controls: { honeypot: 'x' },
        now: later(),
      }),
    ).toEqual({ kind: 'honeypot' });
    expect(
      await checkSpamDefences(settings, { type: 'mentor', controls: {}, now: later() }),
    ).toMatchObject({ code: 'form_token_missing' });
    expect(await checkSpamDefences({}, { type: 'mentor', controls: {}, now: later() })).toEqual({
      kind: 'passed',
    });
  });

  it('fails closed when Turnstile cannot be asked', async () => {
    const settings = {
      humanCheck: turnstileHumanCheck({ secret: 's', verifyUrl: 'http://127.0.0.1:9/siteverify' }),
    };

    expect(
      await checkSpamDefences(settings, {
        type: 'mentor',
        controls: { turnstileToken: 't' },
        now: later(),
      }),
    ).toEqual({ kind: 'unavailable' });
    expect(
      await checkSpamDefences(settings, { type: 'mentor', controls: {}, now: later() }),
    ).toMatchObject({ code: 'human_verification_failed' });
  });

  it("asks the human check with the widget's token and the sender's address, and follows its verdict", async () => {
    const asked: unknown[][] = [];
    const answering = (verdict: HumanCheckVerdict): HumanCheck => ({
      verify: async (...args) => {
        asked.push(args);
        return verdict;
      },
    });
    const request = {
      type: 'mentor' as const,
      controls: { turnstileToken: 'widget-token' },
      now: later(),
      remoteIp: '203.0.113.9',
    };

    expect(await checkSpamDefences({ humanCheck: answering('passed') }, request)).toEqual({
      kind: 'passed',
    });
    expect(await checkSpamDefences({ humanCheck: answering('failed') }, request)).toMatchObject({
      code: 'human_verification_failed',
    });
    expect(await checkSpamDefences({ humanCheck: answering('unavailable') }, request)).toEqual({
      kind: 'unavailable',
    });
    expect(asked).toEqual(Array(3).fill(['widget-token', '203.0.113.9']));
  });

  function later() {
    return renderedPlus(10_000);
  }
});

describe('CORS policy', () => {
  const allowed = parseAllowedOrigins(' https://www.ladocs.org, https://ladocs.org ,');

  it('allows exactly the listed origins', () => {
    expect(allowed).toEqual(['https://www.ladocs.org', 'https://ladocs.org']);
    expect(corsHeaders('https://www.ladocs.org', allowed, 'response')).toMatchObject({
      'access-control-allow-origin': 'https://www.ladocs.org',
      vary: 'origin',
    });
    for (const origin of [
      'https://evil.example',
      'https://www.ladocs.org.evil.example',
      'http://www.ladocs.org',
      undefined,
    ]) {
      expect(corsHeaders(origin, allowed, 'preflight')).toEqual({});
    }
  });

  it('tells a preflight the methods and headers', () => {
    expect(corsHeaders('https://ladocs.org', allowed, 'preflight')).toMatchObject({
      'access-control-allow-methods': 'GET,POST,PATCH,DELETE,OPTIONS',
      'access-control-allow-headers': 'content-type,authorization,if-match',
    });
  });
});
