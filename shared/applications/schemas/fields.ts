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

// Control characters (C0, C1, line and paragraph separators), unpaired surrogates, and
// invisible characters: every format character (bidirectional overrides and isolates, zero
// width space U+200B, BOM U+FEFF, word joiner U+2060, soft hyphen…) but the two joiners,
// plus the blank letters (Hangul fillers), the combining grapheme joiner and the braille
// blank. Line breaks let a value forge an email header or CSV row; direction overrides make
// a name render as something else; invisible characters make two names that look the same
// differ, or hide text; lone surrogates break encoders.
// Letters that print nothing (the Hangul fillers).
const BLANK_LETTERS = '\\u115F\\u1160\\u3164\\uFFA0';
const FORBIDDEN_CHARACTER = `\\p{Cc}\\p{Cs}\\u2028\\u2029${BLANK_LETTERS}\\u034F\\u2800`;
const INVISIBLE_FORMAT = '(?![\\u200C\\u200D])\\p{Cf}';
// ZWNJ and ZWJ only where a script needs them: between letters or marks (Persian, Indic),
// though not after an emoji's presentation selector (a mark too, U+FE0F).
const SCRIPT_JOINER = '(?<=[\\p{L}\\p{M}])(?<!\\uFE0F)[\\u200C\\u200D](?=[\\p{L}\\p{M}])';
// ZWJ where an emoji sequence needs it: between two emoji, the first perhaps with its
// presentation selector or a skin tone (woman, medium skin tone, ZWJ, laptop). Anywhere
// else it only hides.
const EMOJI_JOINER =
  '(?<=\\p{Extended_Pictographic}[\\uFE0F\\p{Emoji_Modifier}]?)\\u200D(?=\\p{Extended_Pictographic})';
const JOINER = `(?:${SCRIPT_JOINER}|${EMOJI_JOINER})`;
const ALLOWED_CHARACTER = `(?:(?!${INVISIBLE_FORMAT})[^${FORBIDDEN_CHARACTER}\\u200C\\u200D]|${JOINER})`;
const SINGLE_LINE = new RegExp(`^${ALLOWED_CHARACTER}*$`, 'u');
const MULTI_LINE = new RegExp(`^(?:${ALLOWED_CHARACTER}|\\n)*$`, 'u');

/** Hint shown when a single-line field holds a line break, control or invisible character. */
export const SINGLE_LINE_HINT = 'must be one line of text without control or invisible characters';

// A word of a name: letters, each with its combining marks, joined by ZWNJ/ZWJ where a
// script needs them. Words are separated by one space, apostrophe or hyphen, or by a period
// and a space; a period may also end the name. So "J. R.", "O’Neil" and "Jr." pass, while
// "evil.example", digits, "@", ":" and "/" cannot: a name cannot carry a link.
const LETTER = `(?![${BLANK_LETTERS}])\\p{L}`;
// The combining grapheme joiner is a mark that shows nothing.
const MARK = '(?!\\u034F)\\p{M}';
const NAME_WORD = `${LETTER}${MARK}*(?:[\\u200C\\u200D]?${LETTER}${MARK}*)*`;
const PERSON_NAME = new RegExp(
  `^${NAME_WORD}(?:(?:\\. | |['\u2019\\-\u2010])${NAME_WORD})*\\.?$`,
  'u',
);

/** Hint shown when a name holds anything but letters, spaces, apostrophes, hyphens and periods. */
export const PERSON_NAME_HINT =
  'may contain only letters, spaces, apostrophes, hyphens, and periods that end an abbreviation (as in “J. R.”), and must start with a letter';

/**
 * A person's name in any script, trimmed, NFC-normalised, runs of spaces collapsed. No
 * digits (they carry prices, phone numbers and codes; names are written without them, and
 * generational suffixes as "Jr." or "III"), no "@", ":" or "/", no "word.word": nothing that
 * can carry a link into an email to an address that has not proved it is the applicant's.
 */
export function personName(meta: FieldMeta, bounds: { max: number }) {
  return described(
    z.string().check(
      z.trim(),
      z.overwrite((text) => text.replace(/ {2,}/g, ' ')),
      z.normalize('NFC'),
      z.minLength(1),
      z.maxLength(bounds.max),
      atMostUtf16Units(meta.title, bounds.max),
      z.regex(PERSON_NAME),
    ),
    { formatHint: PERSON_NAME_HINT, ...meta },
  );
}

/**
 * At most `max` UTF-16 code units: what a browser's `maxlength` counts, so the form and the
 * server agree. zod's maxLength counts code points, so alone it accepts 50 × "𠮷" (100
 * units) in an 80-character field that a browser cuts to 40; it stays for the JSON Schema
 * and for the usual message, and this check speaks only when the two counts disagree.
 */
function atMostUtf16Units(title: string, max: number) {
  return z.refine<string>((text) => text.length <= max || [...text].length > max, {
    message: `${title} must be at most ${max} characters; some characters, such as 𠮷 or an emoji, count as two.`,
  });
}

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
        atMostUtf16Units(meta.title, bounds.max),
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
      atMostUtf16Units(meta.title, bounds.max),
      z.regex(MULTI_LINE),
    ),
    { formatHint: 'must be plain text without control or invisible characters', ...meta },
  );
  multiLineFields.add(schema);
  return schema;
}

// Both zod's address pattern (a dot in the domain, ending in letters) and the HTML
// standard's "valid e-mail address", which a browser's type=email checks: zod's alone
// accepts domain labels that end in a hyphen or run past 63 characters, which the form
// would refuse. One pattern, so a bad address gets one message.
const EMAIL_ADDRESS = new RegExp(`(?=${z.regexes.html5Email.source})${z.regexes.email.source}`);

/**
 * An email address, trimmed and lower-cased so one person has one address, that a
 * browser's type=email also accepts.
 */
export function emailAddress(meta: FieldMeta) {
  return described(
    z.pipe(
      z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)),
      z.email({ pattern: EMAIL_ADDRESS }),
    ),
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
