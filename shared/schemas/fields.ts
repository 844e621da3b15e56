import * as z from 'zod';
import { choiceValues } from './choices.js';

/**
 * What a field means to a person: the label on the form and, where a pattern is not
 * self-explanatory, a hint used in error messages. Stored with zod's `.meta()`, so it
 * also lands in the JSON Schema (as `title` and `description`).
 */
export type FieldMeta = {
  title: string;
  description?: string;
  formatHint?: string;
};

// Control characters (C0, C1, line and paragraph separators), bidirectional overrides and
// isolates, and unpaired surrogates. Line breaks let a value forge an email header or CSV row;
// direction overrides make a name render as something else; lone surrogates break encoders.
const FORBIDDEN_CHARACTER = '\\p{Cc}\\p{Cs}\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069';
const SINGLE_LINE = new RegExp(`^[^${FORBIDDEN_CHARACTER}]*$`, 'u');
const MULTI_LINE = new RegExp(`^(?:[^${FORBIDDEN_CHARACTER}]|\\n)*$`, 'u');

/** Hint shown when a single-line field holds a line break or control character. */
export const SINGLE_LINE_HINT = 'must be one line of text without control characters';

/** A trimmed, NFC-normalised, single-line string of bounded length. */
export function singleLineText(meta: FieldMeta, bounds: { min?: number; max: number }) {
  return z
    .string()
    .trim()
    .normalize('NFC')
    .min(bounds.min ?? 1)
    .max(bounds.max)
    .regex(SINGLE_LINE)
    .meta({ formatHint: SINGLE_LINE_HINT, ...meta });
}

const multiLineFields = new WeakSet<object>();

/** True for a field built by multiLineText (a form shows it as a text area). */
export function isMultiLine(schema: object): boolean {
  return multiLineFields.has(schema);
}

/** A trimmed, NFC-normalised text that may span lines (CRLF and CR become LF). */
export function multiLineText(meta: FieldMeta, bounds: { min?: number; max: number }) {
  const schema = z
    .string()
    .overwrite((text) => text.replace(/\r\n?/g, '\n'))
    .trim()
    .normalize('NFC')
    .min(bounds.min ?? 1)
    .max(bounds.max)
    .regex(MULTI_LINE)
    .meta({ formatHint: 'must be plain text without control characters', ...meta });
  multiLineFields.add(schema);
  return schema;
}

/** An email address, trimmed and lower-cased so one person has one address. */
export function emailAddress(meta: FieldMeta) {
  return z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .pipe(z.email())
    .meta({
      format: 'email',
      formatHint: 'must be an email address like name@example.com',
      ...meta,
    });
}

const choiceLists = new WeakMap<object, Readonly<Record<string, string>>>();

/** The value-to-label list a choice field was built from, if it is one. */
export function choicesOf(schema: object): Readonly<Record<string, string>> | undefined {
  return choiceLists.get(schema);
}

/** One value from a fixed choice list. */
export function oneOf<T extends Record<string, string>>(choices: T, meta: FieldMeta) {
  const schema = z.enum(choiceValues(choices)).meta(meta);
  choiceLists.set(schema, choices);
  return schema;
}

/** Several distinct values from a fixed choice list; repeats are dropped, order kept. */
export function someOf<T extends Record<string, string>>(
  choices: T,
  meta: FieldMeta,
  bounds: { min: number; max: number },
) {
  const schema = z
    .array(z.enum(choiceValues(choices)))
    .max(bounds.max)
    .overwrite((values) => [...new Set(values)])
    .min(bounds.min)
    .meta(meta);
  choiceLists.set(schema, choices);
  return schema;
}

/** A whole number within bounds. */
export function wholeNumber(meta: FieldMeta, bounds: { min: number; max: number }) {
  return z.int().min(bounds.min).max(bounds.max).meta(meta);
}
