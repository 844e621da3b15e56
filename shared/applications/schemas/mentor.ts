import * as z from 'zod/mini';
import { applicantFields, closingFields } from './applicant.js';
import {
  CAREER_STAGES,
  CREDENTIALS,
  MENTORING_AREAS,
  PRACTICE_SETTINGS,
  SPECIALTIES,
} from './choices.js';
import { described, oneOf, singleLineText, someOf, wholeNumber } from './fields.js';

/** A physician's application to mentor. */
export const mentorApplicationSchema = described(
  z.strictObject({
    ...applicantFields,
    credential: oneOf(CREDENTIALS, { title: 'Credential' }),
    specialty: oneOf(SPECIALTIES, { title: 'Specialty' }),
    practiceSetting: oneOf(PRACTICE_SETTINGS, { title: 'Practice setting' }),
    institution: singleLineText({ title: 'Institution or practice name' }, { max: 150 }),
    yearsInPractice: wholeNumber({ title: 'Years in practice' }, { min: 0, max: 70 }),
    lacmaMember: described(z.boolean(), { title: 'LACMA member' }),
    mentoringAreas: someOf(
      MENTORING_AREAS,
      { title: 'Areas you can mentor in' },
      { min: 1, max: Object.keys(MENTORING_AREAS).length },
    ),
    menteeStages: someOf(
      CAREER_STAGES,
      { title: 'Mentee stages you will take' },
      { min: 1, max: Object.keys(CAREER_STAGES).length },
    ),
    capacity: wholeNumber({ title: 'Number of mentees you can take' }, { min: 1, max: 5 }),
    ...closingFields,
  }),
  { title: 'Mentor application', description: 'LACMA Mentoring Program: apply to mentor.' },
);

/** A mentor application after validation and normalisation. */
export type MentorApplication = z.output<typeof mentorApplicationSchema>;
