import { type ApplicationType, applicationSchemas } from './schemas/application-types.js';
import { describeFields, type FieldDescription } from './schemas/field-descriptions.js';

/** Multi-select answers are joined with this, in exports and emails. */
export const LIST_SEPARATOR = '; ';

/** An answer as a person reads it: choices by label, yes/no for booleans, lists joined. */
export function answerText(field: FieldDescription, value: unknown): string {
  if (value === undefined || value === null) return '';
  const label = (choice: unknown) => field.choices?.[String(choice)] ?? String(choice);
  if (Array.isArray(value)) return value.map(label).join(LIST_SEPARATOR);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return label(value);
}

/** Every field of an application type with the applicant's answer, in form order. */
export function labelledAnswers(
  type: ApplicationType,
  application: object,
): Array<{ label: string; answer: string }> {
  return [...describeFields(applicationSchemas[type]).values()].map((field) => ({
    label: field.meta.title,
    answer: answerText(field, (application as Record<string, unknown>)[field.name]),
  }));
}
