import type { ComponentChildren } from 'preact';
import type { LinkRefusal } from '../signing/signed-fields.js';
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

/** What a refused link's page says: its heading, and what to do. */
export interface LinkProblemWords {
  heading: string;
  lead: string;
}

/**
 * The words for each way a link is refused. A cut or forged link is said alike on every
 * page, naming the email it came in (`source`, such as "your invitation"); an expired one and
 * the page's own dead ends (`others`) are the page's to say.
 */
export function linkRefusals<Other extends string>(
  source: string,
  others: Record<'expired' | Other, LinkProblemWords>,
): Record<LinkRefusal | Other, LinkProblemWords> {
  return {
    malformed: {
      heading: 'This link is incomplete',
      lead: `The address is not the whole link from ${source}. Copy the entire link from the email, or click it there.`,
    },
    forged: {
      heading: 'This link is not valid',
      lead: `This is not a link we sent. Open the link in ${source} exactly as it is.`,
    },
    ...others,
  };
}

/** The page for a link we refuse (or that leads nowhere now): its heading and what to do. */
export function renderLinkProblem(
  words: LinkProblemWords,
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
