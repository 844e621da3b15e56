import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L or U: a reference is read aloud on the phone and typed from an email.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const REFERENCE = /^LM-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/;

/** A short reference such as `LM-7K3D-9QX2`: 30^8 (6.6e11) possibilities, uniqueness enforced on save. */
export function newReference(pick: (max: number) => number = randomInt): string {
  let code = '';
  for (let index = 0; index < 8; index++) code += ALPHABET[pick(ALPHABET.length)];
  return `LM-${code.slice(0, 4)}-${code.slice(4)}`;
}

/** True for a well-formed reference (safe to echo into a page). */
export function isReference(value: unknown): value is string {
  return typeof value === 'string' && REFERENCE.test(value);
}
