// zod/mini: the same validation core as zod, without the method-chaining layer, so each
// Lambda bundle carries about 22 KB of zod instead of about 92 KB.
import * as z from 'zod/mini';
import { choiceValues } from './choices.js';

/**
 * What a field means to a person: the label on the form and, where a pattern is not
 * self-explanatory, a hint used in error messages. Kept in zod's global registry, so it
 * also lands in the JSON Schema (as `title` and `description`).
 */
export type FieldMeta = {
  title: string;
  description?: string;
  formatHint?: string;
  format?: string;
};

/** Attaches a field's meaning to its schema (zod's global registry) and returns the schema. */
export function described<T extends z.core.$ZodType>(schema: T, meta: FieldMeta): T {
  z.globalRegistry.add(schema, meta);
  return schema;
}

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
  return described(
    z
      .string()
      .check(
        z.trim(),
        z.normalize('NFC'),
        z.minLength(bounds.min ?? 1),
        z.maxLength(bounds.max),
        z.regex(SINGLE_LINE),
      ),
    { formatHint: SINGLE_LINE_HINT, ...meta },
  );
}

const multiLineFields = new WeakSet<object>();

/** True for a field built by multiLineText (a form shows it as a text area). */
export function isMultiLine(schema: object): boolean {
  return multiLineFields.has(schema);
}

/** A trimmed, NFC-normalised text that may span lines (CRLF and CR become LF). */
export function multiLineText(meta: FieldMeta, bounds: { min?: number; max: number }) {
  const schema = described(
    z.string().check(
      z.overwrite((text) => text.replace(/\r\n?/g, '\n')),
      z.trim(),
      z.normalize('NFC'),
      z.minLength(bounds.min ?? 1),
      z.maxLength(bounds.max),
      z.regex(MULTI_LINE),
    ),
    { formatHint: 'must be plain text without control characters', ...meta },
  );
  multiLineFields.add(schema);
  return schema;
}

/** An email address, trimmed and lower-cased so one person has one address. */
export function emailAddress(meta: FieldMeta) {
  return described(
    z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)), z.email()),
    { format: 'email', formatHint: 'must be an email address like name@example.com', ...meta },
  );
}

const choiceLists = new WeakMap<object, Readonly<Record<string, string>>>();

/** The value-to-label list a choice field was built from, if it is one. */
export function choicesOf(schema: object): Readonly<Record<string, string>> | undefined {
  return choiceLists.get(schema);
}

/** One value from a fixed choice list. */
export function oneOf<T extends Record<string, string>>(choices: T, meta: FieldMeta) {
  const schema = described(z.enum(choiceValues(choices)), meta);
  choiceLists.set(schema, choices);
  return schema;
}

/** Several distinct values from a fixed choice list; repeats are dropped, order kept. */
export function someOf<T extends Record<string, string>>(
  choices: T,
  meta: FieldMeta,
  bounds: { min: number; max: number },
) {
  const schema = described(
    z.array(z.enum(choiceValues(choices))).check(
      z.maxLength(bounds.max),
      z.overwrite((values) => [...new Set(values)]),
      z.minLength(bounds.min),
    ),
    meta,
  );
  choiceLists.set(schema, choices);
  return schema;
}

/** A whole number within bounds. */
export function wholeNumber(meta: FieldMeta, bounds: { min: number; max: number }) {
  return described(z.int().check(z.minimum(bounds.min), z.maximum(bounds.max)), meta);
}
