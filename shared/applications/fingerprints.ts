import { createHash, createHmac } from 'node:crypto';
import type { Application, ApplicationType } from './schemas/application-types.js';

/** JSON with object keys sorted, so the same content always serialises the same way. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested !== null && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(
          Object.entries(nested as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : nested,
  );
}

/**
 * Keyed hashes (HMAC-SHA-256) of personal values, for the keys and attributes that must
 * find them again without storing them: an address's quota and suppression items, the
 * applicant's guard, an application's replay guard. Keyed, so that someone holding the
 * table or a backup, but not the key, cannot test whether a known address applied.
 */
export interface Fingerprints {
  /** Identifies an address: per-address quotas and the suppression list. */
  emailKey(email: string): Promise<string>;
  /** Identifies one person applying for one role. */
  applicantKey(type: ApplicationType, email: string): Promise<string>;
  /** Identifies one exact application (same role, address and answers). */
  contentKey(type: ApplicationType, application: Application): Promise<string>;
}

/** Fingerprints under the key `key()` gives (read once per container by the caller). */
export function keyedFingerprints(key: () => Promise<string>): Fingerprints {
  const digest = async (text: string) =>
    createHmac('sha256', await key())
      .update(text)
      .digest('base64url');
  return {
    emailKey: (email) => digest(`email\n${email}`),
    applicantKey: (type, email) => digest(`applicant\n${type}\n${email}`),
    contentKey: (type, application) => digest(`content\n${type}\n${canonicalJson(application)}`),
  };
}

/**
 * The unkeyed digest suppression items were keyed by before the key existed. Read only,
 * so an address suppressed then stays suppressed (those items never expire); never written.
 */
export function legacyEmailKey(email: string): string {
  return createHash('sha256').update(`email\n${email}`).digest('base64url');
}
