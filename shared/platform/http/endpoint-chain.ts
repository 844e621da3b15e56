import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { RequestLog } from '../observability/json-log.js';
import { negotiateMediaType } from './content-negotiation.js';
import {
  type HtmlProblemRenderer,
  type ProblemLog,
  problemResponses,
} from './problem-responses.js';
import { type BodyFormat, requestBody } from './request-body.js';

/**
 * Helmet-style defaults, with a page policy our own pages can live with: inline styles
 * (each page is self-contained), posts to this origin only, no sandbox (it would stop
 * forms) and no empty reporting headers (we have no reporting endpoint). `pagePolicy`
 * adds directives (a script source, who may frame the page) for the form pages.
 */
export function securityHeaders(
  pagePolicy: { csp?: Record<string, string | false>; allowFraming?: boolean } = {},
) {
  return {
    contentSecurityPolicy: {
      'default-src': "'none'",
      'style-src': "'unsafe-inline'",
      'base-uri': "'none'",
      'form-action': "'self'",
      'frame-ancestors': "'none'",
      'navigate-to': false,
      'report-to': false,
      sandbox: false,
      'upgrade-insecure-requests': false,
      ...pagePolicy.csp,
    },
    ...(pagePolicy.allowFraming ? { frameOptions: false } : {}),
    reportTo: false,
    reportingEndpoints: false,
  } as unknown as Parameters<typeof httpSecurityHeaders>[0];
}

/** What an HTTP API route's business function receives and returns. */
export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

/** Options for the middleware every HTTP function shares. */
export interface HttpEndpointOptions {
  /** Parse a request body of these formats, up to this size. */
  body?: { maxBytes: number; formats: readonly BodyFormat[]; optional?: boolean };
  /** Answer problems as an HTML page when a browser posted a form. */
  renderHtmlProblem?: HtmlProblemRenderer;
  /** Security headers for pages that need more than the default policy. */
  securityHeaders?: ReturnType<typeof securityHeaders>;
}

type EndpointMiddleware = middy.MiddlewareObj<
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  Error,
  Context
>;

/** How an endpoint logs: what runs first on each invocation, and where faults are logged. */
export interface EndpointLogging {
  /** Runs before anything else: puts the invocation's context and request id in the log. */
  middleware: readonly EndpointMiddleware[];
  /** Where an unhandled error is logged (by name only). */
  log: ProblemLog;
}

/** Endpoint logging through a RequestLog, with the API Gateway request id as correlation id. */
export function requestLogging(log: RequestLog): EndpointLogging {
  return {
    middleware: [
      {
        before: async ({ event, context }) => {
          log.startInvocation(context, event.requestContext?.requestId);
        },
      },
    ],
    log,
  };
}

/**
 * Wraps a business function in the shared middy chain: logging context with the API
 * Gateway request id, security headers, one error mapping, normalised headers, content
 * negotiation and, when asked, body limits and parsing. No logger is imported here: the
 * caller says how the endpoint logs (see http-endpoint.ts for the Powertools one).
 */
export function loggedHttpEndpoint(
  logging: EndpointLogging,
  handler: HttpHandler,
  options: HttpEndpointOptions = {},
): HttpHandler {
  const endpoint = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, Context>();
  for (const middleware of logging.middleware) endpoint.use(middleware);
  endpoint
    .use(httpSecurityHeaders(options.securityHeaders ?? securityHeaders()))
    .use(problemResponses({ renderHtml: options.renderHtmlProblem, log: logging.log }))
    .use(httpHeaderNormalizer())
    .use(negotiateMediaType());
  if (options.body) {
    const parseJson = httpJsonBodyParser({ disableContentTypeError: true });
    endpoint.use(requestBody(options.body)).use({
      // A request without a body has nothing to parse, whatever its Content-Type says.
      before: (request) =>
        request.event.body ? (parseJson.before as middy.MiddlewareFn)(request) : undefined,
    });
  }
  return endpoint.handler(handler) as unknown as HttpHandler;
}
