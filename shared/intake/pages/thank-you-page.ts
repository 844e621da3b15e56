import { isReference } from '../../applications/reference.js';
import { html } from '../../platform/html/markup.js';
import { renderPage } from '../../platform/html/page.js';

/**
 * The built-in page a form post lands on. It shows the reference only when it is a
 * well-formed one: the query string is anyone's to write.
 */
export function renderThankYouPage(reference: string | undefined): string {
  return renderPage(
    'Thank you for applying',
    html`<h1>Thank you for applying</h1>
<p>We have received your application to the LACMA Mentoring Program.</p>
${
  isReference(reference) &&
  html`<p>Your reference is <span class="reference">${reference}</span>. Please keep it: quote it if you contact us.</p>`
}
<p>A confirmation email is on its way. Program staff review every application and match mentors and mentees later in the year.</p>`,
  );
}
