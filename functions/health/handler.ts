import { httpEndpoint } from '../../shared/platform/http/http-endpoint.js';
import { jsonResponse } from '../../shared/platform/http/responses.js';

/** `GET /health`: the function answers; used by the local runtime and uptime checks. */
export const handler = httpEndpoint(async () => jsonResponse(200, { status: 'ok' }));
