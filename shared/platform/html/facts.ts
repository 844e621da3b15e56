import { html } from './markup.js';

/** The style of a facts list: terms beside their details, stacked on a phone. */
export const FACTS_STYLE = `
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:1rem 0}
dl.facts dt{font-weight:600}dl.facts dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
@media (max-width:30rem){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.5rem}}
`;

/** Terms and their details as a description list (style it with FACTS_STYLE). */
export const facts = (rows: ReadonlyArray<readonly [string, string]>) =>
  html`<dl class="facts">
${rows.map(([term, detail]) => html`<dt>${term}</dt><dd>${detail}</dd>`)}
</dl>`;
