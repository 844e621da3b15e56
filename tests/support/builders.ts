import { randomUUID } from 'node:crypto';

/** An address nobody else in the test run uses, so tests sharing the servers stay apart. */
export function uniqueEmail(label = 'applicant'): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.org`;
}

/** A valid mentor application; override any field. */
export function aMentorApplication(overrides: Record<string, unknown> = {}) {
  return {
    firstName: 'Wendy',
    lastName: 'Coates',
    email: uniqueEmail('mentor'),
    phone: '+1 (310) 555-0100',
    credential: 'MD',
    specialty: 'emergency_medicine',
    practiceSetting: 'academic',
    institution: 'Harbor-UCLA Medical Center',
    yearsInPractice: 20,
    lacmaMember: true,
    mentoringAreas: ['career_planning', 'academic_medicine'],
    menteeStages: ['medical_student', 'resident_or_fellow'],
    capacity: 2,
    meetingPreference: 'either',
    region: 'south_bay',
    languages: ['english', 'spanish'],
    statement: 'Mentoring renewed my sense of purpose; I would like to pass that on.',
    consent: true,
    ...overrides,
  };
}

/** A valid mentee application; override any field. */
export function aMenteeApplication(overrides: Record<string, unknown> = {}) {
  return {
    firstName: 'Jordan',
    lastName: 'Lee',
    email: uniqueEmail('mentee'),
    careerStage: 'medical_student',
    schoolOrProgram: 'David Geffen School of Medicine at UCLA',
    expectedCompletionYear: 2028,
    specialtyInterests: ['emergency_medicine', 'pediatrics'],
    goals: ['specialty_choice', 'residency_applications'],
    meetingPreference: 'virtual',
    region: 'west',
    languages: ['english'],
    statement: 'I am deciding between emergency medicine and pediatrics.',
    consent: true,
    ...overrides,
  };
}

/** Encodes an application as an HTML form would post it (arrays as repeated keys). */
export function asFormBody(application: Record<string, unknown>): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(application)) {
    if (Array.isArray(value)) for (const item of value) form.append(key, String(item));
    else if (value === true) form.append(key, 'on');
    else if (value !== false && value !== undefined) form.append(key, String(value));
  }
  return form.toString();
}
