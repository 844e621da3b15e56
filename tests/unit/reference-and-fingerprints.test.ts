import { describe, expect, it } from 'vitest';
import {
  applicantKey,
  canonicalJson,
  contentKey,
  emailKey,
} from '../../shared/domain/fingerprints.js';
import { isReference, newReference } from '../../shared/domain/reference.js';
import { mentorApplicationSchema } from '../../shared/schemas/mentor.js';
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
  const application = mentorApplicationSchema.parse(aMentorApplication({ email: 'a@example.org' }));

  it('serialises objects the same way whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 2 }], c: 3 } })).toBe(
      '{"a":{"c":3,"d":[2,{"e":2,"f":1}]},"b":1}',
    );
  });

  it('gives the same content key to the same answers in any key order', () => {
    const reordered = Object.fromEntries(
      Object.entries(application).reverse(),
    ) as typeof application;

    expect(contentKey('mentor', reordered)).toBe(contentKey('mentor', application));
    expect(contentKey('mentor', { ...application, capacity: 5 })).not.toBe(
      contentKey('mentor', application),
    );
    expect(contentKey('mentee', application as never)).not.toBe(contentKey('mentor', application));
  });

  it('keeps addresses out of keys and separates roles', () => {
    expect(emailKey('a@example.org')).not.toContain('example');
    expect(applicantKey('mentor', 'a@example.org')).not.toBe(
      applicantKey('mentee', 'a@example.org'),
    );
  });
});
