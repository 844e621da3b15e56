import type { ApplicationType } from '../../applications/schemas/application-types.js';
import type { FieldDescription } from '../../applications/schemas/field-descriptions.js';
import { applicationJsonSchema } from '../../applications/schemas/json-schema.js';

/** The control a field is entered with. */
export type ControlKind =
  | 'text'
  | 'email'
  | 'tel'
  | 'number'
  | 'textarea'
  | 'select'
  | 'radios'
  | 'checkbox'
  | 'checkboxes';

/**
 * What the browser will enforce on a field's control, derived from the schema in this one
 * place, so the form never refuses an application the schema accepts. Only constraints
 * that hold on the raw value are emitted: the server trims and normalises before its
 * patterns apply, which an HTML `pattern` cannot express (it would block "Wendy " that
 * the server accepts as "Wendy"), so patterns stay on the server and its messages.
 */
export interface ControlConstraints {
  control: ControlKind;
  /** `required`: for a checkbox, that it must be ticked; for radios, that one is chosen. */
  required: boolean;
  /** UTF-16 code units, as the browser counts them and as the schema bounds text. */
  maxLength?: number;
  min?: number;
  max?: number;
  step?: number;
  /** The values a choice control offers. */
  options?: readonly string[];
  /** How many of a group may be ticked: told in the hint, checked by the server. */
  minItems?: number;
  maxItems?: number;
}

interface JsonProperty {
  type?: string;
  const?: unknown;
  format?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  minItems?: number;
  maxItems?: number;
}

// Choice lists this short read better as radio buttons than as a drop-down.
const RADIO_LIMIT = 4;
const INPUT_TYPE: Record<string, ControlKind> = { phone: 'tel' };

/** The constraints of one field's control, from the form's JSON Schema (zod's own output). */
export function controlConstraints(
  type: ApplicationType,
  field: FieldDescription,
): ControlConstraints {
  const schema = applicationJsonSchema(type) as {
    properties: Record<string, JsonProperty>;
    required?: string[];
  };
  const property = schema.properties[field.name] ?? {};
  const present = schema.required?.includes(field.name) ?? false;
  const options = field.choices ? Object.keys(field.choices) : undefined;
  switch (field.kind) {
    case 'boolean':
      // A checkbox's `required` means "must be ticked": only for a field that must be true.
      return { control: 'checkbox', required: property.const === true };
    case 'choices':
      // HTML cannot require "at least one of this group"; the server says so in words.
      return {
        control: 'checkboxes',
        required: false,
        options,
        minItems: property.minItems,
        maxItems: property.maxItems,
      };
    case 'choice':
      return {
        control: (options?.length ?? 0) <= RADIO_LIMIT ? 'radios' : 'select',
        required: present,
        options,
      };
    case 'number':
      return {
        control: 'number',
        required: present,
        step: property.type === 'integer' ? 1 : undefined,
        min: property.minimum,
        max: property.maximum,
      };
    default:
      return {
        control: field.multiline
          ? 'textarea'
          : property.format === 'email'
            ? 'email'
            : (INPUT_TYPE[field.name] ?? 'text'),
        required: present,
        maxLength: property.maxLength,
      };
  }
}

/**
 * The constraint attributes of a control, in the order the form has always written them;
 * absent constraints are left out.
 */
export function constraintAttributes(
  constraints: ControlConstraints,
): Record<string, number | boolean> {
  const { required, maxLength, min, max, step } = constraints;
  return {
    ...(maxLength !== undefined ? { maxlength: maxLength } : {}),
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
    ...(step !== undefined ? { step } : {}),
    ...(required ? { required } : {}),
  };
}
