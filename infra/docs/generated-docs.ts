import { fieldTable } from './field-table.js';

/**
 * The parts of the docs written by code: each lives between `<!-- generated:NAME -->` and
 * `<!-- /generated:NAME -->` in its file, refreshed by `npm run docs` and checked by a test.
 */
export const GENERATED_PARTS = [
  { file: 'docs/website.md', name: 'fields', render: fieldTable },
] as const;

/** The text with the named part replaced by `content`; throws when the markers are missing. */
export function withGeneratedPart(text: string, name: string, content: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no ${start} … ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}
