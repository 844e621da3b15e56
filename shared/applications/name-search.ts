import { isReference } from './reference-format.js';

// Apostrophes people type for the same name: O'Brien, O’Brien, Oʼbrien.
const APOSTROPHES = /[\u2018\u2019\u02BC\u02BB\u0060\u00B4]/g;
const MARKS = /\p{M}/gu;

/**
 * A name as search compares it: accents and case folded away (NFKD without marks, then
 * upper- and lower-cased so ß matches ss), one kind of apostrophe, single spaces. Applied to
 * both the stored names and what staff type, so "nunez" finds "Núñez".
 */
export function searchableName(text: string): string {
  const stripped = text.normalize('NFKD').replace(MARKS, '');
  return stripped
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(APOSTROPHES, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The two search entries of an applicant's name: "first last" and "last first", so a
 * prefix of either name, or of the whole name in either order, finds it.
 */
export function nameSearchEntries(firstName: string, lastName: string): [string, string] {
  const first = searchableName(firstName);
  const last = searchableName(lastName);
  return [`${first} ${last}`, `${last} ${first}`];
}

/** What a search box's text asks for. */
export type SearchQuery =
  | { kind: 'reference'; reference: string }
  | { kind: 'email'; email: string }
  | { kind: 'name'; prefix: string };

/**
 * Reads a search: a reference (`lm-7k3d-9qx2` too) exactly, anything with an `@` as an
 * address exactly (lower-cased, as applications store them), anything else as the start
 * of a name. Undefined when nothing searchable is left.
 */
export function classifySearch(text: string): SearchQuery | undefined {
  const trimmed = text.trim();
  const upper = trimmed.toUpperCase();
  if (isReference(upper)) return { kind: 'reference', reference: upper };
  if (trimmed.includes('@')) return { kind: 'email', email: trimmed.toLowerCase() };
  const prefix = searchableName(trimmed);
  return prefix ? { kind: 'name', prefix } : undefined;
}
