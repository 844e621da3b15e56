/**
 * The fixed lists an application chooses from. Each list maps a stable value (stored,
 * exported, sent by clients) to the label a person reads on the form.
 */

/** Medical specialties, broad enough for matching and short enough for a select list. */
export const SPECIALTIES = {
  allergy_immunology: 'Allergy and immunology',
  anesthesiology: 'Anesthesiology',
  cardiology: 'Cardiology',
  dermatology: 'Dermatology',
  emergency_medicine: 'Emergency medicine',
  endocrinology: 'Endocrinology',
  family_medicine: 'Family medicine',
  gastroenterology: 'Gastroenterology',
  general_surgery: 'General surgery',
  geriatrics: 'Geriatric medicine',
  hematology_oncology: 'Hematology and oncology',
  infectious_disease: 'Infectious disease',
  internal_medicine: 'Internal medicine',
  nephrology: 'Nephrology',
  neurology: 'Neurology',
  neurosurgery: 'Neurological surgery',
  obstetrics_gynecology: 'Obstetrics and gynecology',
  ophthalmology: 'Ophthalmology',
  orthopaedic_surgery: 'Orthopaedic surgery',
  otolaryngology: 'Otolaryngology',
  pathology: 'Pathology',
  pediatrics: 'Pediatrics',
  physical_medicine_rehabilitation: 'Physical medicine and rehabilitation',
  plastic_surgery: 'Plastic surgery',
  preventive_medicine: 'Preventive medicine and public health',
  psychiatry: 'Psychiatry',
  pulmonary_critical_care: 'Pulmonary and critical care',
  radiation_oncology: 'Radiation oncology',
  radiology: 'Radiology',
  rheumatology: 'Rheumatology',
  urology: 'Urology',
  vascular_surgery: 'Vascular surgery',
  other: 'Other',
} as const;

/** The professional degree a mentor holds. */
export const CREDENTIALS = {
  MD: 'MD',
  DO: 'DO',
  other: 'Other',
} as const;

/** Where a mentor practises. */
export const PRACTICE_SETTINGS = {
  academic: 'Academic medical center',
  private_practice: 'Private practice',
  medical_group: 'Medical group or hospital-employed',
  community_clinic: 'Community clinic or FQHC',
  public_sector: 'County, state, federal or military',
  other: 'Other',
} as const;

/** What a mentor can help with, and what a mentee wants help with: one list, so they match. */
export const MENTORING_AREAS = {
  career_planning: 'Career planning',
  specialty_choice: 'Choosing a specialty',
  residency_applications: 'Residency and fellowship applications',
  research: 'Research and publishing',
  clinical_skills: 'Clinical skills',
  leadership: 'Leadership',
  practice_management: 'Practice management and business of medicine',
  work_life_balance: 'Work-life balance',
  wellness: 'Wellness and burnout prevention',
  advocacy_policy: 'Advocacy and health policy',
  academic_medicine: 'Academic medicine and teaching',
  diversity_equity: 'Diversity, equity and inclusion',
} as const;

/** Career stages: what a mentee is now, and what stages a mentor will take. */
export const CAREER_STAGES = {
  medical_student: 'Medical student',
  resident_or_fellow: 'Resident or fellow',
  early_career_physician: 'Early-career physician',
} as const;

/** How the pair would like to meet. */
export const MEETING_PREFERENCES = {
  in_person: 'In person',
  virtual: 'Virtual',
  either: 'Either',
} as const;

/** Los Angeles County's eight Service Planning Areas, the regions the county itself uses. */
export const REGIONS = {
  antelope_valley: 'Antelope Valley',
  san_fernando_valley: 'San Fernando Valley',
  san_gabriel_valley: 'San Gabriel Valley',
  metro: 'Metro Los Angeles',
  west: 'West Los Angeles',
  south: 'South Los Angeles',
  east: 'East Los Angeles County',
  south_bay: 'South Bay and Long Beach',
} as const;

/** Languages most spoken in Los Angeles County, for matching mentors and mentees. */
export const LANGUAGES = {
  english: 'English',
  spanish: 'Spanish',
  mandarin: 'Mandarin',
  cantonese: 'Cantonese',
  korean: 'Korean',
  tagalog: 'Tagalog',
  vietnamese: 'Vietnamese',
  armenian: 'Armenian',
  farsi: 'Farsi',
  russian: 'Russian',
  japanese: 'Japanese',
  hindi: 'Hindi',
  arabic: 'Arabic',
  asl: 'American Sign Language',
  other: 'Other',
} as const;

/** The values of a choice list, in order, typed as a non-empty tuple for z.enum. */
export function choiceValues<T extends Record<string, string>>(choices: T) {
  return Object.keys(choices) as [keyof T & string, ...(keyof T & string)[]];
}
