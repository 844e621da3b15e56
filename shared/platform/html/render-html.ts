import { type ComponentChildren, Fragment, h } from 'preact';
import { renderToString } from 'preact-render-to-string';

// preact-render-to-string writes empty void elements XML-style (`<input …/>`); the HTML
// standard's own serializer writes `<input …>`, as our pages always have. Safe to rewrite
// with a pattern: the renderer escapes every `<` in text and attribute values, so `<input`
// only ever starts a real tag, and `[^<>]*` cannot run past that tag (a value holding a
// raw `>` just leaves its tag's harmless slash in place).
const VOID_ELEMENT_SLASH =
  /(<(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\b[^<>]*?)\/>/g;

/** Serializes vnodes to HTML; text and attribute values are escaped by the renderer. */
export function renderHtml(children: ComponentChildren): string {
  return renderToString(h(Fragment, null, children)).replace(VOID_ELEMENT_SLASH, '$1>');
}

/** A whole HTML document (doctype first, as a page or an email's HTML part needs it). */
export function renderHtmlDocument(root: ComponentChildren): string {
  return `<!doctype html>\n${renderHtml(root)}\n`;
}
