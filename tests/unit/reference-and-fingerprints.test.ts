import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  keyedFingerprints,
  legacyEmailKey,
} from '../../shared/applications/fingerprints.js';
import { isReference, newReference } from '../../shared/applications/reference.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import { aMentorApplication } from '../support/builders.js';

describe('newReference', () => {
  it('reads LM-XXXX-XXXX from an alphabet without look-alike characters', () => {
    for (let index = 0; index < 200; index++) {
      const reference = newReference();
      expect(reference).toMatch(/^LM-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
      expect(reference.slice(3)).not.toMatch(/[01ILOU]/);
      expect(isReference(reference)).toBe(true);
    }
  });

  it('uses every position of the alphabet', () => {
    expect(newReference(() => 0)).toBe('LM-2222-2222');
    expect(newReference((max) => max - 1)).toBe('LM-ZZZZ-ZZZZ');
  });

  it('recognises only well-formed references', () => {
    for (const value of ['LM-2222-222', 'lm-2222-2222', 'LM-OOOO-2222', '<b>', 42, undefined]) {
      expect(isReference(value)).toBe(false);
    }
  });
});

describe('fingerprints', () => {
  const { applicantKey, contentKey, emailKey } = keyedFingerprints(async () => 'k'.repeat(43));
  const application = mentorApplicationSchema.parse(aMentorApplication({ email: 'a@example.org' }));

  it('serialises objects the same way whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 2 }], c: 3 } })).toBe(
      '{"a":{"c":3,"d":[2,{"e":2,"f":1}]},"b":1}',
    );
  });

  it('gives the same content key to the same answers in any key order', async () => {
    const reordered = Object.fromEntries(
      Object.entries(application).reverse(),
    ) as typeof application;

    expect(await contentKey('mentor', reordered)).toBe(await contentKey('mentor', application));
    expect(await contentKey('mentor', { ...application, capacity: 5 })).not.toBe(
      await contentKey('mentor', application),
    );
    expect(await contentKey('mentee', application as never)).not.toBe(
      await contentKey('mentor', application),
    );
  });

  it('keeps addresses out of keys and separates roles', async () => {
    expect(await emailKey('a@example.org')).not.toContain('example');
    expect(await applicantKey('mentor', 'a@example.org')).not.toBe(
      await applicantKey('mentee', 'a@example.org'),
    );
  });

  it('is keyed: without the key, a known address cannot be hashed to its key', async () => {
    const other = keyedFingerprints(async () => 'o'.repeat(43));
    const plain = (text: string) => createHash('sha256').update(text).digest('base64url');

    expect(await emailKey('a@example.org')).not.toBe(await other.emailKey('a@example.org'));
    expect(await emailKey('a@example.org')).not.toBe(plain('email\na@example.org'));
    expect(await applicantKey('mentor', 'a@example.org')).not.toBe(
      plain('applicant\nmentor\na@example.org'),
    );
    expect(legacyEmailKey('a@example.org')).toBe(plain('email\na@example.org'));
  });
});
