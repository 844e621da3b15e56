import * as z from 'zod/mini';
import { applicantFields, closingFields } from './applicant.js';
import { CAREER_STAGES, MENTORING_AREAS, SPECIALTIES } from './choices.js';
import { described, oneOf, singleLineText, someOf, wholeNumber } from './fields.js';

/** A medical student's, resident's, fellow's or early-career physician's application. */
export const menteeApplicationSchema = described(
  z.strictObject({
    ...applicantFields,
    careerStage: oneOf(CAREER_STAGES, { title: 'Career stage' }),
    schoolOrProgram: singleLineText({ title: 'School or training program' }, { max: 150 }),
    expectedCompletionYear: wholeNumber(
      {
        title: 'Expected completion year',
        description: 'The year you expect to finish school or training (or finished it).',
      },
      { min: 1990, max: 2050 },
    ),
    specialtyInterests: someOf(SPECIALTIES, { title: 'Specialty interests' }, { min: 1, max: 3 }),
    goals: someOf(
      MENTORING_AREAS,
      { title: 'What you want help with' },
      { min: 1, max: Object.keys(MENTORING_AREAS).length },
    ),
    ...closingFields,
  }),
  { title: 'Mentee application', description: 'LACMA Mentoring Program: apply to be mentored.' },
);

/** A mentee application after validation and normalisation. */
export type MenteeApplication = z.output<typeof menteeApplicationSchema>;
