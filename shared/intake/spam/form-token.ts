import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApplicationType } from '../../applications/schemas/application-types.js';

/** A person takes longer than this to fill a form; a script does not. */
export const MINIMUM_FILL_MS = 3000;
/** A form left open longer than this must be reloaded. */
export const FORM_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Why a form token was refused. */
export type FormTokenRefusal = 'missing' | 'forged' | 'too_fast' | 'expired';

/** A valid token: its one-time nonce, to be spent with the application it carried. */
export interface AcceptedFormToken {
  nonce: string;
  expiresAt: Date;
  /** When the form was rendered: a post after the window closed is taken if this is before. */
  issuedAt: Date;
}

function signature(secret: string, type: ApplicationType, issuedAtMs: number, nonce: string) {
  return createHmac('sha256', secret)
    .update(`form-token\n${type}\n${issuedAtMs}\n${nonce}`)
    .digest('base64url');
}

/**
 * A token that proves this service rendered (or handed out) the form at `issuedAt`. Its
 * random nonce makes each rendering single-use: the intake spends it when it saves.
 */
export function signFormToken(
  secret: string,
  type: ApplicationType,
  issuedAt: Date,
  nonce = randomBytes(16).toString('base64url'),
): string {
  const issuedAtMs = issuedAt.getTime();
  return `${issuedAtMs}.${nonce}.${signature(secret, type, issuedAtMs, nonce)}`;
}

/** Checks a form token: ours, for this form, at least 3 s and at most 24 h old. */
export function verifyFormToken(
  secret: string,
  type: ApplicationType,
  token: unknown,
  now: Date,
): AcceptedFormToken | FormTokenRefusal {
  if (typeof token !== 'string' || token === '') return 'missing';
  const match = /^(\d{1,15})\.([\w-]{22})\.([\w-]{43})$/.exec(token);
  if (!match?.[1] || !match[2] || !match[3]) return 'forged';
  const issuedAtMs = Number(match[1]);
  const nonce = match[2];
  const expected = Buffer.from(signature(secret, type, issuedAtMs, nonce));
  if (!timingSafeEqual(expected, Buffer.from(match[3]))) return 'forged';
  const age = now.getTime() - issuedAtMs;
  if (age < MINIMUM_FILL_MS) return 'too_fast';
  if (age > FORM_TOKEN_LIFETIME_MS) return 'expired';
  return {
    nonce,
    expiresAt: new Date(issuedAtMs + FORM_TOKEN_LIFETIME_MS),
    issuedAt: new Date(issuedAtMs),
  };
}
