import type * as z from 'zod/mini';
import type { FormFields } from '../../platform/http/request-body.js';

export type { FormFields };

import { describeFields, type FieldDescription } from './field-descriptions.js';

const CHECKED = new Set(['on', 'true', 'yes', '1']);
const UNCHECKED = new Set(['off', 'false', 'no', '0']);
/**
 * What a browser's number control posts: the HTML standard's "valid floating-point number"
 * ("5", "5.0", "2e1", ".5e1"), plus a leading "+" from other clients. The schema then
 * decides whether it is a whole number in bounds. The enhancement script reads numbers
 * with this same pattern.
 */
export const DECIMAL_NUMBER = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function toBoolean(value: string): boolean | string {
  const lowered = value.trim().toLowerCase();
  if (CHECKED.has(lowered)) return true;
  if (UNCHECKED.has(lowered)) return false;
  return value;
}

function coerce(field: FieldDescription, value: string | string[]): unknown {
  if (field.kind === 'choices') return (Array.isArray(value) ? value : [value]).filter(Boolean);
  if (Array.isArray(value)) return value;
  if (value.trim() === '' && (field.kind !== 'text' || !field.required)) return undefined;
  if (field.kind === 'number' && DECIMAL_NUMBER.test(value.trim())) return Number(value);
  if (field.kind === 'boolean') return toBoolean(value);
  return value;
}

/**
 * Turns what an HTML form posts into the shape the schema expects: an unticked checkbox
 * is absent (so false), a single ticked box of a group is one string (so a list of one),
 * numbers arrive as text, and an empty optional field means "not given". Unknown keys are
 * passed through so that validation reports them.
 */
export function formFieldsToInput(
  schema: z.ZodMiniObject,
  form: FormFields,
): Record<string, unknown> {
  const fields = describeFields(schema);
  const input: Record<string, unknown> = {};
  for (const [name, field] of fields) {
    if (Object.hasOwn(form, name)) {
      const value = coerce(field, form[name] as string | string[]);
      if (value !== undefined) input[name] = value;
    } else if (field.kind === 'boolean') {
      input[name] = false;
    }
  }
  for (const [name, value] of Object.entries(form)) {
    if (!fields.has(name)) Object.defineProperty(input, name, { value, enumerable: true });
  }
  return input;
}
