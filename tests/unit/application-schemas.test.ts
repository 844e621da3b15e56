import { describe, expect, it } from 'vitest';
import { menteeApplicationSchema } from '../../shared/applications/schemas/mentee.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import { aMenteeApplication, aMentorApplication } from '../support/builders.js';

describe('mentor application schema', () => {
  it('accepts a complete application', () => {
    expect(mentorApplicationSchema.safeParse(aMentorApplication()).success).toBe(true);
  });

  it('trims and NFC-normalises text, lower-cases the email and drops repeated choices', () => {
    const parsed = mentorApplicationSchema.parse(
      aMentorApplication({
        firstName: '  Jose\u0301 ',
        email: ' Dr.Who@Example.ORG ',
        statement: '  line one\r\nline two\rline three  ',
        languages: ['spanish', 'english', 'spanish'],
      }),
    );

    expect(parsed.firstName).toBe('Jos\u00e9');
    expect(parsed.email).toBe('dr.who@example.org');
    expect(parsed.statement).toBe('line one\nline two\nline three');
    expect(parsed.languages).toEqual(['spanish', 'english']);
  });

  it.each([
    ['a line feed', 'Ana\nBcc: x@example.org'],
    ['a carriage return', 'Ana\rX'],
    ['a NUL', 'Ana\u0000'],
    ['a right-to-left override', 'Ana\u202Egnp.exe'],
    ['a lone surrogate', 'Ana\uD800'],
    ['a line separator', 'Ana\u2028Bee'],
  ])('rejects a name with %s', (_label, firstName) => {
    const result = mentorApplicationSchema.safeParse(aMentorApplication({ firstName }));

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['firstName']);
  });

  it('keeps letters from any script, including joiners that some names need', () => {
    const firstName = '\u0645\u062D\u0645\u062F\u200C\u0631\u0636\u0627';

    expect(mentorApplicationSchema.parse(aMentorApplication({ firstName })).firstName).toBe(
      firstName,
    );
  });

  it.each([
    ['capacity below 1', { capacity: 0 }, 'capacity'],
    ['capacity above 5', { capacity: 6 }, 'capacity'],
    ['a fractional capacity', { capacity: 2.5 }, 'capacity'],
    ['an unknown specialty', { specialty: 'astrology' }, 'specialty'],
    ['an unknown credential', { credential: 'PhD' }, 'credential'],
    ['no mentee stage', { menteeStages: [] }, 'menteeStages'],
    ['consent not given', { consent: false }, 'consent'],
    ['consent as a string', { consent: 'true' }, 'consent'],
    ['a statement over 1,000 characters', { statement: 'x'.repeat(1001) }, 'statement'],
    ['a name over 80 characters', { lastName: 'x'.repeat(81) }, 'lastName'],
    ['a blank name', { lastName: '   ' }, 'lastName'],
    ['a malformed email', { email: 'not-an-email' }, 'email'],
    // Addresses zod's own pattern accepts and a browser's type=email refuses.
    ['an email whose domain label ends in a hyphen', { email: 'wendy@harbor-.example' }, 'email'],
    ['an email with a 64-letter domain label', { email: `w@${'h'.repeat(64)}.example` }, 'email'],
    ['letters in the phone number', { phone: 'call me maybe' }, 'phone'],
    ['more than 8 languages', { languages: Array(9).fill('english') }, 'languages'],
  ])('rejects %s', (_label, overrides, path) => {
    const result = mentorApplicationSchema.safeParse(aMentorApplication(overrides));

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0])).toContain(path);
  });

  it('rejects unknown fields', () => {
    const result = mentorApplicationSchema.safeParse({ ...aMentorApplication(), isAdmin: true });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['isAdmin'] });
  });

  it('makes the phone number optional', () => {
    const { phone: _omitted, ...application } = aMentorApplication();

    expect(mentorApplicationSchema.safeParse(application).success).toBe(true);
  });
});

describe('mentee application schema', () => {
  it('accepts a complete application', () => {
    expect(menteeApplicationSchema.safeParse(aMenteeApplication()).success).toBe(true);
  });

  it('allows one to three specialty interests', () => {
    const four = ['pediatrics', 'neurology', 'urology', 'radiology'];

    expect(
      menteeApplicationSchema.safeParse(aMenteeApplication({ specialtyInterests: four })).success,
    ).toBe(false);
    expect(
      menteeApplicationSchema.safeParse(aMenteeApplication({ specialtyInterests: [] })).success,
    ).toBe(false);
    expect(
      menteeApplicationSchema.safeParse(
        aMenteeApplication({ specialtyInterests: four.slice(0, 3) }),
      ).success,
    ).toBe(true);
  });

  it('rejects a mentor-only field', () => {
    const result = menteeApplicationSchema.safeParse(aMenteeApplication({ capacity: 2 }));

    expect(result.success).toBe(false);
  });

  it('bounds the expected completion year', () => {
    expect(
      menteeApplicationSchema.safeParse(aMenteeApplication({ expectedCompletionYear: 3000 }))
        .success,
    ).toBe(false);
  });
});
