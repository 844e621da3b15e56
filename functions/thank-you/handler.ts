import { renderThankYouPage } from '../../shared/intake/pages/thank-you-page.js';
import { httpEndpoint } from '../../shared/platform/http/http-endpoint.js';
import { htmlResponse } from '../../shared/platform/http/responses.js';

/** `GET /thank-you?reference=`: the built-in page a form post lands on. */
export const handler = httpEndpoint(async (event) =>
  htmlResponse(200, renderThankYouPage(event.queryStringParameters?.reference)),
);
