import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L or U: a reference is read aloud on the phone and typed from an email.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short reference such as `LM-7K3D-9QX2`: 30^8 (6.6e11) possibilities, uniqueness enforced on save. */
export function newReference(pick: (max: number) => number = randomInt): string {
  let code = '';
  for (let index = 0; index < 8; index++) code += ALPHABET[pick(ALPHABET.length)];
  return `LM-${code.slice(0, 4)}-${code.slice(4)}`;
}

export { isReference } from './reference-format.js';
