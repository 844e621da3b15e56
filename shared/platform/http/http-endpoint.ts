import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from '../observability/logger.js';
import {
  type EndpointLogging,
  type HttpEndpointOptions,
  type HttpHandler,
  loggedHttpEndpoint,
} from './endpoint-chain.js';

export { type HttpEndpointOptions, type HttpHandler, securityHeaders } from './endpoint-chain.js';

/** The Powertools logger's context for each invocation, with the API Gateway request id. */
const powertoolsLogging: EndpointLogging = {
  middleware: [
    injectLambdaContext(logger, { resetKeys: true, logEvent: false }),
    {
      before: async ({ event }) => {
        logger.setCorrelationId(event.requestContext?.requestId);
      },
    },
  ],
  log: logger,
};

/**
 * Wraps a business function in the shared middy chain (see loggedHttpEndpoint), logging
 * through the container's Powertools logger.
 */
export function httpEndpoint(handler: HttpHandler, options: HttpEndpointOptions = {}): HttpHandler {
  return loggedHttpEndpoint(powertoolsLogging, handler, options);
}
