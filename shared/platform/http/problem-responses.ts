import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { FRONT_PAGE } from '../html/way-back.js';
import { prefersHtml } from './content-negotiation.js';
import { HttpProblem, invalidJson, ValidationFailed } from './problems.js';
import { htmlResponse, jsonResponse } from './responses.js';

type HttpRequest = Request<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, Context>;

/**
 * Renders a problem as an HTML page for a browser, for endpoints that know a better page.
 * It may load the page renderer on demand: only a browser's refused request needs it.
 */
export type HtmlProblemRenderer = (
  problem: HttpProblem,
  event: APIGatewayProxyEventV2,
) => APIGatewayProxyResultV2 | Promise<APIGatewayProxyResultV2>;

/** What each problem says to a person: every field's message, or the problem's own. */
export function problemMessages(problem: HttpProblem): string[] {
  return problem instanceof ValidationFailed
    ? problem.issues.map((issue) => issue.message)
    : [problem.message];
}

/**
 * Any problem as a page, leading back to the front page. The page renderer (Preact) is
 * imported here, on the first browser-facing problem, not at cold start: most functions
 * behind this middleware answer JSON and never render a page.
 */
const genericHtmlProblem: HtmlProblemRenderer = async (problem) => {
  const { renderProblemPage } = await import('../html/problem-page.js');
  return htmlResponse(
    problem.statusCode,
    renderProblemPage({
      statusCode: problem.statusCode,
      messages: problemMessages(problem),
      back: FRONT_PAGE,
    }),
  );
};

/** Where problemResponses logs a fault: by name and place only. */
export interface ProblemLog {
  error(message: string, details: Record<string, string | undefined>): void;
}

interface MiddyHttpError {
  statusCode: number;
  expose?: boolean;
  message: string;
  cause?: { package?: string };
}

function isMiddyHttpError(error: unknown): error is MiddyHttpError {
  return (
    error instanceof Error &&
    typeof (error as unknown as Partial<MiddyHttpError>).statusCode === 'number' &&
    (error as unknown as MiddyHttpError).statusCode < 500
  );
}

/** Narrows whatever was thrown to a client-facing problem, or undefined if it is a fault. */
function toProblem(error: unknown): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  if (isMiddyHttpError(error)) {
    // http-json-body-parser answers malformed JSON with 415; the body's type was already
    // checked, so from here it can only mean the JSON itself is broken: that is a 400.
    if (error.cause?.package === '@middy/http-json-body-parser') return invalidJson();
    return new HttpProblem(error.statusCode, 'bad_request', error.message);
  }
  return undefined;
}

/**
 * The one place errors become responses. Client mistakes get their status, a stable code
 * and an actionable message (as a page when the client asked for HTML); anything else is
 * logged by name and answered 500 with only the request id.
 */
export function problemResponses(options: {
  renderHtml?: HtmlProblemRenderer;
  log: ProblemLog;
}): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, Context> {
  return {
    onError: async (request: HttpRequest) => {
      if (request.response !== undefined) return;
      const problem = toProblem(request.error);
      if (problem) {
        // A browser (it asked for HTML first) gets a page it can read; any other client JSON.
        const renderHtml = options.renderHtml ?? genericHtmlProblem;
        const response = prefersHtml(request.context)
          ? await renderHtml(problem, request.event)
          : jsonResponse(problem.statusCode, problem.toBody());
        if (typeof response === 'object') {
          response.headers = { ...response.headers, ...problem.headers };
        }
        request.response = response;
        return;
      }
      // The name and where it was thrown, not the message: SDK and parser messages can quote
      // the values that caused them, and those may be an applicant's personal data.
      options.log.error('Unhandled error', {
        errorName: request.error?.name ?? 'UnknownError',
        thrownAt: request.error?.stack?.split('\n')[1]?.trim(),
      });
      request.response = jsonResponse(500, {
        error: 'internal_error',
        message: 'Something went wrong on our side. Please try again later.',
        requestId: request.event.requestContext?.requestId,
      });
    },
  };
}
