import * as z from 'zod/mini';
import { LANGUAGES, MEETING_PREFERENCES, REGIONS } from './choices.js';
import { described, emailAddress, multiLineText, oneOf, personName, someOf } from './fields.js';

/** Fields every application has, mentor or mentee: who the applicant is and how to match them. */
export const applicantFields = {
  firstName: personName({ title: 'First name' }, { max: 80 }),
  lastName: personName({ title: 'Last name' }, { max: 80 }),
  email: emailAddress({ title: 'Email address' }),
  phone: z.optional(
    described(z.string().check(z.trim(), z.maxLength(25), z.regex(/^\+?[0-9 ().-]{7,25}$/)), {
      title: 'Phone number',
      formatHint: 'must be a phone number using digits, spaces, +, (, ), - or . only',
    }),
  ),
  meetingPreference: oneOf(MEETING_PREFERENCES, { title: 'Meeting preference' }),
  region: oneOf(REGIONS, {
    title: 'Region of Los Angeles County',
    description: 'The Service Planning Area where you work or study.',
  }),
  languages: someOf(LANGUAGES, { title: 'Languages you speak' }, { min: 1, max: 8 }),
};

/** Fields every application ends with: the applicant's own words, and their consent. */
export const closingFields = {
  statement: multiLineText(
    {
      title: 'Short statement',
      description: 'A few sentences about what you hope to give or gain (up to 1,000 characters).',
    },
    { max: 1000 },
  ),
  consent: described(z.literal(true), {
    title: 'Consent',
    description:
      'I agree that LACMA may store this application and use it to match me in the Mentoring Program, and that when I am matched, my name and email address are shared with my match (and theirs with me) to introduce us.',
  }),
};
