import type { ComponentChildren } from 'preact';
import { html } from './markup.js';
import { renderPage } from './page.js';

/** Whose page a signed link opens: the program's name and where to write. */
export interface LinkPageContext {
  programName: string;
  staffEmail: string;
}

/**
 * A page a signed link from an email opens (the check-in, the evaluation, the returning
 * mentor's): titled with the program, and ending with where to write.
 */
export function renderLinkPage(
  title: string,
  context: LinkPageContext,
  body: unknown,
  head?: ComponentChildren,
): string {
  return renderPage(
    `${title} · ${context.programName}`,
    html`${body}
<p>Questions? Write to <a href=${`mailto:${context.staffEmail}`}>${context.staffEmail}</a>.</p>`,
    head,
  );
}

/** The page for a link we refuse (or that leads nowhere now): its heading and what to do. */
export function renderLinkProblem(
  words: { heading: string; lead: string },
  context: LinkPageContext,
  head?: ComponentChildren,
): string {
  return renderLinkPage(
    words.heading,
    context,
    html`<h1>${words.heading}</h1>
<p>${words.lead}</p>`,
    head,
  );
}
