import type { HumanCheck, HumanCheckVerdict } from './human-check.js';

/** The outcome of a Turnstile check. */
export type TurnstileVerdict = HumanCheckVerdict;

/**
 * Verifies a Cloudflare Turnstile token with siteverify (its documented form post:
 * secret, response, remoteip; answer `{ "success": bool, "error-codes": [...] }`).
 * A network failure or non-JSON answer is `unavailable`, never a pass.
 */
export async function verifyTurnstile(options: {
  verifyUrl: string;
  secret: string;
  token: unknown;
  remoteIp?: string;
  timeoutMs?: number;
}): Promise<TurnstileVerdict> {
  if (typeof options.token !== 'string' || options.token === '' || options.token.length > 2048)
    return 'failed';
  const form = new URLSearchParams({ secret: options.secret, response: options.token });
  if (options.remoteIp) form.set('remoteip', options.remoteIp);
  try {
    const response = await fetch(options.verifyUrl, {
      method: 'POST',
      body: form,
      signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
    });
    if (!response.ok) return 'unavailable';
    const outcome = (await response.json()) as { success?: unknown };
    return outcome.success === true ? 'passed' : 'failed';
  } catch {
    return 'unavailable';
  }
}

/** The human check backed by Turnstile's siteverify, with the site's secret. */
export function turnstileHumanCheck(settings: { secret: string; verifyUrl: string }): HumanCheck {
  return {
    verify: (token, remoteIp) =>
      verifyTurnstile({ ...settings, token, ...(remoteIp ? { remoteIp } : {}) }),
  };
}
