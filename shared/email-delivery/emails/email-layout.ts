import type { ComponentChildren } from 'preact';
import { html } from '../../platform/html/markup.js';
import { renderHtmlDocument } from '../../platform/html/render-html.js';
import type { OutgoingEmail, ProgramDetails } from '../delivery-ports.js';

/** Who an email is signed to: applicants get the association's name under the program's. */
export type EmailAudience = 'applicant' | 'staff';

// Inline styles only: many mail clients drop <style> blocks.
const BODY_STYLES = {
  // A letter: a readable measure.
  letter: 'font-family:Arial,Helvetica,sans-serif;line-height:1.5;color:#1a1a1a;max-width:36rem',
  // A report with a table of answers: the full width, a little tighter.
  report: 'font-family:Arial,Helvetica,sans-serif;line-height:1.4;color:#1a1a1a',
} as const;

/** The signature every email ends with, one line each, in both parts. */
export function signatureLines(program: ProgramDetails, audience: EmailAudience): string[] {
  return audience === 'applicant'
    ? [program.programName, 'Los Angeles County Medical Association']
    : [program.programName];
}

/** A section heading inside an email, styled inline like every other. */
export function EmailHeading(props: { children?: ComponentChildren }) {
  return html`<h2 style="font-size:1.1em;color:#003a70">${props.children}</h2>`;
}

/** What each email supplies to the layout: its words, in both parts, and who signs it. */
export interface EmailContent {
  subject: string;
  /** The HTML part's content, above the signature. */
  html: ComponentChildren;
  /** The plain-text part's lines, above the signature. */
  text: readonly string[];
  audience: EmailAudience;
  /** A sentence put before the signature, on its first line. */
  signOff?: string;
  /** `report` for a wide table of answers; a letter otherwise. */
  body?: keyof typeof BODY_STYLES;
}

/**
 * The one email layout: the HTML shell (doctype, head with the subject as title, styled
 * body) and the signature, in the HTML part and the plain-text part alike. Each email
 * supplies only its content; every value in it is escaped when rendered.
 */
export function layoutEmail(
  content: EmailContent,
  program: ProgramDetails,
): Pick<OutgoingEmail, 'subject' | 'text' | 'html'> {
  const [first = '', ...rest] = signatureLines(program, content.audience);
  const opening = content.signOff ? `${content.signOff} ${first}` : first;
  const text = [...content.text, '', opening, ...rest].join('\n');
  const signature = html`<p>${opening}${rest.map((line) => html`<br/>${line}`)}</p>`;
  const htmlPart = renderHtmlDocument(
    html`<html lang="en"><head><meta charset="utf-8"/><title>${content.subject}</title></head>
<body style=${BODY_STYLES[content.body ?? 'letter']}>
${content.html}
${signature}
</body></html>`,
  );
  return { subject: content.subject, text, html: htmlPart };
}
