import { isReference } from '../../shared/applications/reference.js';
import { escapeHtml } from '../../shared/platform/html/escape-html.js';
import { renderPage } from '../../shared/platform/html/page.js';
import { httpEndpoint } from '../../shared/platform/http/http-endpoint.js';
import { htmlResponse } from '../../shared/platform/http/responses.js';

/** `GET /thank-you?reference=`: the built-in page a form post lands on. */
export const handler = httpEndpoint(async (event) => {
  const reference = event.queryStringParameters?.reference;
  const referenceHtml = isReference(reference)
    ? `<p>Your reference is <span class="reference">${escapeHtml(reference)}</span>. Please keep it: quote it if you contact us.</p>`
    : '';
  return htmlResponse(
    200,
    renderPage(
      'Thank you for applying',
      `<h1>Thank you for applying</h1>
<p>We have received your application to the LACMA Mentoring Program.</p>
${referenceHtml}
<p>A confirmation email is on its way. Program staff review every application and match mentors and mentees later in the year.</p>`,
    ),
  );
});
