import { isApplicationType } from '../../shared/applications/schemas/application-types.js';
import { applicationJsonSchema } from '../../shared/applications/schemas/json-schema.js';
import { httpEndpoint } from '../../shared/platform/http/http-endpoint.js';
import { notFound } from '../../shared/platform/http/problems.js';
import { jsonResponse } from '../../shared/platform/http/responses.js';

/** `GET /forms/{type}/schema`: the form's rules as JSON Schema, generated from the zod schema. */
export const handler = httpEndpoint(async (event) => {
  const type = event.pathParameters?.type;
  if (!isApplicationType(type)) throw notFound('form (use mentor or mentee)');
  const response = jsonResponse(200, applicationJsonSchema(type));
  return { ...response, headers: { ...response.headers, 'Cache-Control': 'public, max-age=300' } };
});
