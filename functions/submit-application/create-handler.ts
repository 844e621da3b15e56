import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  type ReceiveApplicationDependencies,
  receiveApplication,
} from '../../shared/domain/receive-application.js';
import type { Receipt } from '../../shared/domain/submission.js';
import { SaveContended } from '../../shared/domain/submit-application.js';
import { FRONT_PAGE, renderProblemPage } from '../../shared/html/problem-page.js';
import { thankYouLocation } from '../../shared/html/thank-you-location.js';
import { prefersHtml } from '../../shared/http/content-negotiation.js';
import { loggedHttpEndpoint, requestLogging } from '../../shared/http/endpoint-chain.js';
import { problemMessages } from '../../shared/http/problem-responses.js';
import {
  HttpProblem,
  notFound,
  serviceUnavailable,
  ValidationFailed,
} from '../../shared/http/problems.js';
import { bodyFormatOf } from '../../shared/http/request-body.js';
import { htmlResponse, jsonResponse, seeOther } from '../../shared/http/responses.js';
import type { RequestLog } from '../../shared/observability/json-log.js';
import { isApplicationType } from '../../shared/schemas/application-types.js';
import { isTransientAwsError } from '../../shared/store/transient-errors.js';

/** API Gateway allows far more; an application is a few KiB, so 64 KiB is generous. */
export const MAX_BODY_BYTES = 64 * 1024;
const RETRY_AFTER_SECONDS = 5;

/** Everything the intake handler needs, so tests can point it at local servers. */
export interface SubmitApplicationDependencies extends ReceiveApplicationDependencies {
  thankYouUrl: string;
  /** Where the endpoint writes each invocation's context and any unhandled error. */
  requestLog: RequestLog;
}

/** The 201 body, field order fixed so a replay answers byte for byte what the first did. */
function receiptBody({ id, reference, type, status, receivedAt }: Receipt) {
  return { id, reference, type, status, receivedAt };
}

/**
 * A browser's refused post as a page: the problems, and a link to the form it came from,
 * taken from the route (the pages send no Referer, and a header is not ours to trust).
 */
function renderHtmlProblem(problem: HttpProblem, event: APIGatewayProxyEventV2) {
  const type = event.pathParameters?.type;
  return htmlResponse(
    problem.statusCode,
    renderProblemPage({
      statusCode: problem.statusCode,
      messages: problemMessages(problem),
      back: isApplicationType(type)
        ? { href: `/forms/${type}`, label: 'go back to the form' }
        : FRONT_PAGE,
      formPost: isApplicationType(type),
    }),
  );
}

/** `POST /applications/{type}`: spam checks, validation, one save, emails; JSON or a redirect. */
export function createSubmitApplicationHandler(deps: SubmitApplicationDependencies) {
  return loggedHttpEndpoint(
    requestLogging(deps.requestLog),
    async (event, context) => {
      const type = event.pathParameters?.type;
      if (!isApplicationType(type)) throw notFound('application type (use mentor or mentee)');

      let outcome: Awaited<ReturnType<typeof receiveApplication>>;
      try {
        outcome = await receiveApplication(deps, {
          type,
          body: event.body,
          fromForm: bodyFormatOf(event.headers) === 'form',
          remoteIp: event.requestContext.http.sourceIp,
        });
      } catch (error) {
        if (error instanceof SaveContended || isTransientAwsError(error)) {
          throw serviceUnavailable(RETRY_AFTER_SECONDS);
        }
        throw error;
      }

      switch (outcome.kind) {
        case 'invalid':
          throw new ValidationFailed(outcome.issues);
        case 'refused':
          throw new HttpProblem(400, outcome.code, outcome.message);
        case 'unavailable':
          throw serviceUnavailable(RETRY_AFTER_SECONDS);
        case 'accepted':
          return prefersHtml(context)
            ? seeOther(thankYouLocation(deps.thankYouUrl, outcome.receipt.reference))
            : jsonResponse(201, receiptBody(outcome.receipt));
      }
    },
    {
      body: { maxBytes: MAX_BODY_BYTES, formats: ['json', 'form'] },
      renderHtmlProblem,
    },
  );
}
