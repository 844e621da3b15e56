import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApplicationType } from '../../shared/applications/schemas/application-types.js';
import { menteeApplicationSchema } from '../../shared/applications/schemas/mentee.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import type { Submission } from '../../shared/applications/submission.js';
import { renderConfirmationEmail } from '../../shared/email-delivery/emails/confirmation-email.js';
import { applicationArbitrary } from '../support/application-arbitraries.js';
import { aMenteeApplication, aMentorApplication } from '../support/builders.js';

const firstNameOf = (firstName: string) =>
  mentorApplicationSchema.safeParse(aMentorApplication({ firstName }));

describe('names', () => {
  it.each([
    ['Latin with an apostrophe and a hyphen', 'Mary-Jane O’Neil'],
    ['initials', 'J. R.'],
    ['a suffix', 'Martin Jr.'],
    ['Persian with ZWNJ', '\u0645\u062D\u0645\u062F\u200C\u0631\u0636\u0627'],
    ['Devanagari with ZWJ', '\u0915\u094D\u200D\u0937'],
    ['Chinese', '李小龍'],
    ['an astral character', '𠮷野'],
    ['Greek', 'Ελένη'],
  ])('accepts %s', (_label, name) => {
    expect(firstNameOf(name).success).toBe(true);
  });

  it.each([
    ['a stranger’s message with a link', 'You won $500! Claim at https://evil.example/claim'],
    ['a domain', 'evil.example'],
    ['digits', 'Wendy3'],
    ['an @', 'wendy@example'],
    ['a colon and slashes', 'http//x'],
    ['initials run together (write “J. R.”)', 'J.R.'],
    ['a leading period', '.Wendy'],
    ['an emoji', 'Wendy 🎉'],
  ])('refuses %s, saying what a name may hold', (_label, name) => {
    const result = firstNameOf(name);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['firstName']);
  });

  it('never accepts a name that can carry a link, whatever it is made of (property)', () => {
    // A dot between letters, the ideographic and full-width dots included (a linkifier
    // and IDNA read them as dots), makes a domain.
    const linkish = /:\/\/|@|www[.\u3002\uFF0E\uFF61]|\p{L}[.\u3002\uFF0E\uFF61]\p{L}|\p{N}|\//u;
    const pieces = fc.constantFrom(
      'a',
      'B',
      'é',
      'ж',
      '李',
      ' ',
      '.',
      '-',
      "'",
      '’',
      ':',
      '/',
      '@',
      '1',
      'w',
      'com',
      '\u200C',
      '\u3002',
      '\uFF0E',
      '\uFF61',
      '\u0663',
      '\uFF15',
    );
    fc.assert(
      fc.property(fc.array(pieces, { minLength: 1, maxLength: 20 }), (parts) => {
        const result = firstNameOf(parts.join(''));
        return !result.success || !linkish.test(result.data.firstName);
      }),
      { seed: 20261125, numRuns: 2000 },
    );
  });
});

describe('invisible characters', () => {
  const invisibles = [
    ['zero width space', '\u200B'],
    ['byte order mark', '\uFEFF'],
    ['word joiner', '\u2060'],
    ['soft hyphen', '\u00AD'],
    ['Hangul filler', '\u3164'],
  ] as const;
  const fields = [
    ['firstName', (value: string) => aMentorApplication({ firstName: `Wen${value}dy` })],
    ['lastName', (value: string) => aMentorApplication({ lastName: `Coa${value}tes` })],
    ['institution', (value: string) => aMentorApplication({ institution: `Harbor${value}UCLA` })],
    ['statement', (value: string) => aMentorApplication({ statement: `I would${value} like to` })],
  ] as const;

  for (const [field, withValue] of fields) {
    it.each(invisibles)(`refuses a %s in ${field}`, (_label, character) => {
      const result = mentorApplicationSchema.safeParse(withValue(character));

      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.path[0])).toEqual([field]);
    });
  }

  it.each([
    ['a leading ZWJ', '\u200DWendy'],
    ['a trailing ZWNJ', 'Wendy\u200C'],
    ['a doubled ZWNJ', 'Wen\u200C\u200Cdy'],
    ['a ZWJ after a space', 'Wen \u200Ddy'],
  ])('refuses a joiner no script needs: %s', (_label, firstName) => {
    expect(firstNameOf(firstName).success).toBe(false);
  });

  const institution = (text: string) =>
    mentorApplicationSchema.safeParse(aMentorApplication({ institution: text })).success;

  it.each([
    ['a skin tone', 'Clinic 👩🏽\u200D💻 team'],
    ['a presentation selector', 'Pride 🏳️\u200D🌈 clinic'],
    ['two skin tones', 'Pairs 🧑🏿\u200D🤝\u200D🧑🏻 program'],
    ['a hair component', 'Team 👩\u200D🦰'],
  ])('keeps ZWJ in an emoji sequence with %s in free text', (_label, text) => {
    expect(institution(text)).toBe(true);
  });

  it.each([
    ['ZWJ between a letter and an emoji', 'Harbor\u200D😀'],
    ['ZWJ between an emoji and a letter', 'Harbor 😀\u200DUCLA'],
    ['ZWNJ between two emoji', 'Harbor 😀\u200C😀'],
    ['ZWNJ between a letter and an emoji', 'Harbor\u200C😀'],
    ['ZWJ after an emoji presentation selector, before a letter', 'Harbor ❤️\u200DUCLA'],
  ])(
    'refuses a joiner in free text that neither a script nor an emoji needs: %s',
    (_label, text) => {
      expect(institution(text)).toBe(false);
    },
  );

  it('keeps ZWJ inside an emoji sequence in free text, but not loose', () => {
    const family = 'Family 👨\u200D👩\u200D👧 clinic';
    const parse = (institution: string) =>
      mentorApplicationSchema.safeParse(aMentorApplication({ institution }));

    expect(parse(family).success).toBe(true);
    expect(parse('Clinic \u200D').success).toBe(false);
  });
});

describe('the confirmation to an unproven address', () => {
  const program = {
    programName: 'LACMA Mentoring Program',
    staffEmail: 'mentoring@ladocs.example',
  };
  const submissionOf = (type: ApplicationType, application: Record<string, unknown>) =>
    ({
      id: '01J00000000000000000000000',
      reference: 'LM-7K3D-9QX2',
      type,
      status: 'received',
      createdAt: '2026-03-20T17:05:00.000Z',
      application,
      confirmation: { state: 'pending', attempts: 0 },
      version: 1,
    }) as Submission;

  it.each(['mentor', 'mentee'] as const)(
    'to a %s reads the same whatever the application holds but its first name (property)',
    (type) => {
      fc.assert(
        fc.property(applicationArbitrary(type), applicationArbitrary(type), (one, other) => {
          // Prepare: two applications that share only the first name.
          const sameName = { ...other, firstName: one.firstName };

          // Act
          const first = renderConfirmationEmail(submissionOf(type, one), program);
          const second = renderConfirmationEmail(submissionOf(type, sameName), program);

          // Assess: no other answer (the address included) shows in any part.
          expect({ ...second, to: first.to }).toEqual(first);
          expect(first.text).toContain(`Dear ${one.firstName},`);
        }),
        { seed: 20261125, numRuns: 200 },
      );
    },
  );

  it('carries no applicant-supplied text but the first name, which cannot hold a link', () => {
    const application = menteeApplicationSchema.parse(
      aMenteeApplication({
        firstName: 'Jordan',
        lastName: 'Lastmarker',
        phone: '+1 310 555 0142',
        schoolOrProgram: 'Visit spam.example today',
        statement: 'Claim your prize at https://evil.example/claim',
      }),
    );
    const submission: Submission = {
      id: '01J00000000000000000000000',
      reference: 'LM-7K3D-9QX2',
      type: 'mentee',
      status: 'received',
      createdAt: '2026-03-20T17:05:00.000Z',
      application,
      confirmation: { state: 'pending', attempts: 0 },
      version: 1,
    };

    const email = renderConfirmationEmail(submission, {
      programName: 'LACMA Mentoring Program',
      staffEmail: 'mentoring@ladocs.example',
    });

    for (const part of [email.subject, email.text, email.html]) {
      for (const value of ['Lastmarker', '555 0142', 'spam.example', 'evil.example']) {
        expect(part).not.toContain(value);
      }
    }
    expect(email.text).toContain('Dear Jordan,');
  });
});

describe('lengths, counted as the browser counts them', () => {
  it('bounds a name in UTF-16 units, as maxlength does: 40 × 𠮷 fits in 80, 41 do not', () => {
    const fits = firstNameOf('𠮷'.repeat(40));
    const over = firstNameOf('𠮷'.repeat(41));

    expect(fits.success).toBe(true);
    expect(over.success).toBe(false);
    expect(over.error?.issues.map((issue) => issue.message)).toEqual([
      'First name must be at most 80 characters; some characters, such as 𠮷 or an emoji, count as two.',
    ]);
  });

  it('bounds free text the same way', () => {
    const statement = (text: string) =>
      mentorApplicationSchema.safeParse(aMentorApplication({ statement: text })).success;

    expect(statement('😀'.repeat(500))).toBe(true);
    expect(statement(`${'😀'.repeat(500)}x`)).toBe(false);
  });
});
