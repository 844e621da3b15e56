import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { httpEndpoint } from './http-endpoint.js';

/**
 * One function serving staff routes: `dispatch` (the route table's dispatcher, which checks
 * the caller's group before anything runs) inside the shared middleware, with domain errors
 * turned into HTTP problems by `mapDomainErrors`, which rethrows what it does not know.
 */
export function staffEndpoint(
  dispatch: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>,
  mapDomainErrors: (error: unknown) => never,
  body: { maxBytes: number },
) {
  return httpEndpoint(
    async (event, context) => {
      try {
        return await dispatch(event, context);
      } catch (error) {
        return mapDomainErrors(error);
      }
    },
    { body: { maxBytes: body.maxBytes, formats: ['json'], optional: true } },
  );
}
