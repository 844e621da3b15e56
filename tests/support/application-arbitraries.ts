import fc from 'fast-check';
import * as z from 'zod/mini';
import {
  type ApplicationType,
  applicationSchemas,
} from '../../shared/applications/schemas/application-types.js';
import { describeFields } from '../../shared/applications/schemas/field-descriptions.js';
import { applicationJsonSchema } from '../../shared/applications/schemas/json-schema.js';

// Letters of several scripts, an astral one (two UTF-16 units) among them.
const LETTERS = ['a', 'Z', 'é', 'ß', 'Ω', 'ж', 'م', 'क', '李', '𠮷', 'ñ', 'Ł'];
const TEXT_UNITS = [...LETTERS, ' ', ',', '-', '(', ')', '&', "'", '😀', '1', '#'];

const word = fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 1, maxLength: 12 });

/** A name in any of several scripts, or one at the length bound in astral characters. */
const personName = (max: number) =>
  fc.oneof(
    fc
      .tuple(word, fc.array(fc.tuple(fc.constantFrom(' ', '-', '’', "'"), word), { maxLength: 3 }))
      .map(([first, rest]) => first + rest.map(([separator, next]) => separator + next).join('')),
    fc.constant('𠮷'.repeat(Math.floor(max / 2))),
    // Past the bound in UTF-16 units though not in code points: the schema must refuse it,
    // or the browser's maxlength would cut what the server accepts.
    fc.constant('𠮷'.repeat(max)),
    fc.constant('a'.repeat(max)),
    fc.constant('\u0645\u062D\u0645\u062F\u200C\u0631\u0636\u0627'),
    fc.constant('J. R.'),
  );

const freeText = (max: number, multiline: boolean) =>
  fc.oneof(
    fc
      .string({
        unit: fc.constantFrom(...TEXT_UNITS, ...(multiline ? ['\n'] : [])),
        minLength: 1,
        maxLength: Math.min(max, 60),
      })
      .map((text) => text.trim())
      .filter((text) => text !== ''),
    fc.constant('x'.repeat(max)),
    fc.constant('😀'.repeat(Math.floor(max / 2))),
    fc.constant('😀'.repeat(max)),
  );

interface JsonProperty {
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  const?: unknown;
}

/**
 * Applications the schema accepts, normalised by it: non-members, optional fields absent,
 * values at their length bounds, names in several scripts. Built from the field list, so a
 * new field gets values too; kept only when the schema accepts them.
 */
export function applicationArbitrary(type: ApplicationType) {
  const schema = applicationSchemas[type];
  const json = applicationJsonSchema(type) as {
    properties: Record<string, JsonProperty>;
    required: string[];
  };
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, field] of describeFields(schema)) {
    const property = json.properties[name] ?? {};
    let value: fc.Arbitrary<unknown>;
    if (field.kind === 'boolean')
      value = property.const === true ? fc.constant(true) : fc.boolean();
    else if (field.kind === 'number')
      value = fc.integer({ min: property.minimum ?? 0, max: property.maximum ?? 100 });
    else if (field.kind === 'choice') value = fc.constantFrom(...Object.keys(field.choices ?? {}));
    else if (field.kind === 'choices')
      value = fc.subarray(Object.keys(field.choices ?? {}), {
        minLength: property.minItems ?? 0,
        maxLength: property.maxItems,
      });
    // RFC-shaped addresses, and whatever zod's own email pattern allows (labels ending in a
    // hyphen, long labels): the form must take every address the schema accepts.
    else if (name === 'email')
      value = fc.oneof(fc.emailAddress(), fc.stringMatching(z.regexes.email));
    else if (name === 'phone') value = fc.stringMatching(/^\+?[0-9 ().-]{7,25}$/);
    else if (name === 'firstName' || name === 'lastName')
      value = personName(property.maxLength ?? 80);
    else value = freeText(property.maxLength ?? 200, field.multiline === true);
    fields[name] = value;
  }
  const requiredKeys = json.required.filter((name) => name in fields);
  return fc
    .record(fields, { requiredKeys })
    .map((candidate) => schema.safeParse(candidate))
    .filter((result) => result.success)
    .map((result) => result.data as Record<string, unknown>);
}
