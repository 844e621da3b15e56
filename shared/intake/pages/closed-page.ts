import { html } from '../../platform/html/markup.js';
import { renderPage } from '../../platform/html/page.js';
import { FRONT_PAGE } from '../../platform/html/way-back.js';

/**
 * The page in place of a form while no cycle takes applications: why, and when they open
 * or what happens next. Nothing to fill in, so nothing typed can be lost.
 */
export function renderClosedPage(notice: { title: string; text: string }): string {
  return renderPage(
    notice.title,
    html`<h1>${notice.title}</h1>
<p>${notice.text}</p>
<p><a href="${FRONT_PAGE.href}">About the LACMA Mentoring Program</a></p>`,
  );
}
