import type { ComponentChildren } from 'preact';
import { HtmlDocument } from './html-document.js';
import { html } from './markup.js';
import { rawTextContent } from './raw-text.js';
import { renderHtmlDocument } from './render-html.js';

// Inline, so each page is one self-contained response; the page CSP allows inline styles.
const PAGE_STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.5rem;color:#003a70}
.reference{font-size:1.25rem;font-weight:700;letter-spacing:.05em}
a{color:#003a70}
li{margin:.25rem 0}
form{margin:1.5rem 0}
.field{margin:0 0 1.25rem;padding:0;border:0}
.field>label,legend{display:block;font-weight:600;margin-bottom:.25rem}
.hint{margin:.1rem 0 .4rem;color:#4a4a4a;font-size:.95rem}
input[type=text],input[type=email],input[type=tel],input[type=number],select,textarea{box-sizing:border-box;width:100%;font:inherit;padding:.55rem;border:1px solid #6b6b6b;border-radius:4px}
.options{display:grid;gap:.35rem}
.option,.checkbox label{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}
input[type=checkbox],input[type=radio]{width:1.25rem;height:1.25rem;margin-top:.15rem;flex:none}
:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
[aria-invalid=true]{border-color:#b00020}
.error{color:#b00020;font-weight:600;margin:.35rem 0 0}
.summary{border:2px solid #b00020;padding:.75rem;margin-bottom:1rem;color:#b00020;font-weight:600}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
button{font:inherit;font-weight:600;background:#003a70;color:#fff;border:0;border-radius:4px;padding:.75rem 1.5rem;cursor:pointer}
button:disabled{opacity:.6}
.notice{border-left:4px solid #003a70;background:#eef3f8;padding:.75rem 1rem;margin:1rem 0}
.links{display:flex;flex-wrap:wrap;gap:1rem}
.links a{display:inline-block;background:#003a70;color:#fff;padding:.75rem 1.25rem;border-radius:4px;text-decoration:none;font-weight:600}
`;

/**
 * A complete, self-contained HTML page in the service's one layout: its style sheet, then
 * `head` (scripts, a page's own styles), and `body` inside `<main>`. Everything given is
 * vnodes, so every value in it is escaped when rendered.
 */
export function renderPage(
  title: string,
  body: ComponentChildren,
  head?: ComponentChildren,
): string {
  return renderHtmlDocument(
    html`<${HtmlDocument} title=${title} head=${html`<style ...${rawTextContent(PAGE_STYLE)}></style>${head}`}>
<main>
${body}
</main>
<//>`,
  );
}
