import { describe, expect, it } from 'vitest';
import { formFieldsToInput } from '../../shared/applications/schemas/form-fields.js';
import { mentorApplicationSchema } from '../../shared/applications/schemas/mentor.js';
import { decodeForm } from '../../shared/platform/http/request-body.js';
import { aMentorApplication, asFormBody } from '../support/builders.js';

describe('decodeForm', () => {
  it('turns repeated keys into an array, in order, and decodes + and percent escapes', () => {
    expect(decodeForm('a=1&b=x+y&a=2&a=%C3%A9')).toEqual({ a: ['1', '2', 'é'], b: 'x y' });
  });

  it('keeps __proto__ as an ordinary key and leaves the prototype alone', () => {
    const fields = decodeForm('__proto__=x&__proto__=y&constructor=z');

    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.keys(fields)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('formFieldsToInput', () => {
  it('turns a posted form into a valid application', () => {
    const application = aMentorApplication();

    const input = formFieldsToInput(mentorApplicationSchema, decodeForm(asFormBody(application)));

    expect(mentorApplicationSchema.parse(input)).toEqual(
      mentorApplicationSchema.parse(application),
    );
  });

  it('reads ticked boxes as true, missing boxes as false, and numbers from text', () => {
    const input = formFieldsToInput(mentorApplicationSchema, {
      consent: 'on',
      capacity: ' 3 ',
      languages: 'english',
    });

    expect(input).toMatchObject({
      consent: true,
      lacmaMember: false,
      capacity: 3,
      languages: ['english'],
    });
  });

  it('reads a whole number written as a browser’s number control allows it (5.0, 2e1, .5e1)', () => {
    const input = formFieldsToInput(mentorApplicationSchema, {
      capacity: '5.0',
      yearsInPractice: '2e1',
    });
    const other = formFieldsToInput(mentorApplicationSchema, { capacity: '.5e1' });

    expect(input).toMatchObject({ capacity: 5, yearsInPractice: 20 });
    expect(other).toMatchObject({ capacity: 5 });
  });

  it('treats an empty optional field as not given and leaves odd values for validation to report', () => {
    const input = formFieldsToInput(mentorApplicationSchema, {
      phone: '',
      capacity: 'three',
      consent: 'maybe',
      firstName: ['A', 'B'],
    });

    expect(input).not.toHaveProperty('phone');
    expect(input).toMatchObject({ capacity: 'three', consent: 'maybe', firstName: ['A', 'B'] });
  });

  it('passes unknown keys through, as own properties, so validation rejects them', () => {
    const input = formFieldsToInput(mentorApplicationSchema, decodeForm('__proto__=x&extra=1'));

    expect(Object.keys(input)).toEqual(expect.arrayContaining(['__proto__', 'extra']));
    expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
    expect(mentorApplicationSchema.safeParse(input).error?.issues).toContainEqual(
      expect.objectContaining({
        code: 'unrecognized_keys',
        keys: expect.arrayContaining(['__proto__', 'extra']),
      }),
    );
  });
});
