import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a signed link was refused: not one of ours (malformed or forged), or out of date. */
export type LinkRefusal = 'malformed' | 'forged' | 'expired';

/**
 * An HMAC-SHA256 of `fields` for one `purpose`. The purpose separates domains: a signature
 * made for one kind of link can never pass for another's, even if they share a key.
 */
export function signFields(secret: string, purpose: string, fields: readonly string[]): string {
  return createHmac('sha256', secret)
    .update([purpose, ...fields].join('\n'))
    .digest('base64url');
}

/** Whether `given` is the signature of `fields` for `purpose`, compared in constant time. */
export function signatureMatches(
  secret: string,
  purpose: string,
  fields: readonly string[],
  given: string,
): boolean {
  const expected = Buffer.from(signFields(secret, purpose, fields));
  const received = Buffer.from(given);
  return expected.length === received.length && timingSafeEqual(expected, received);
}
