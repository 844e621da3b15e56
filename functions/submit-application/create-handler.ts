import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isApplicationType } from '../../shared/applications/schemas/application-types.js';
import type { Receipt } from '../../shared/applications/submission.js';
import { windowNotice } from '../../shared/intake/pages/window-notice.js';
import {
  type ReceiveApplicationDependencies,
  receiveApplication,
} from '../../shared/intake/receive-application.js';
import { SaveContended } from '../../shared/intake/submit-application.js';
import { isTransientAwsError } from '../../shared/platform/aws/transient-errors.js';
import { FRONT_PAGE } from '../../shared/platform/html/way-back.js';
import { prefersHtml } from '../../shared/platform/http/content-negotiation.js';
import { loggedHttpEndpoint, requestLogging } from '../../shared/platform/http/endpoint-chain.js';
import { problemMessages } from '../../shared/platform/http/problem-responses.js';
import {
  HttpProblem,
  notFound,
  serviceUnavailable,
  ValidationFailed,
} from '../../shared/platform/http/problems.js';
import { bodyFormatOf } from '../../shared/platform/http/request-body.js';
import { htmlResponse, jsonResponse, seeOther } from '../../shared/platform/http/responses.js';
import { thankYouLocation } from '../../shared/platform/http/thank-you-location.js';
import type { RequestLog } from '../../shared/platform/observability/json-log.js';

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
 * The page renderer loads on the first such page, keeping it out of the cold start.
 */
async function renderHtmlProblem(problem: HttpProblem, event: APIGatewayProxyEventV2) {
  const { renderProblemPage } = await import('../../shared/platform/html/problem-page.js');
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
        case 'closed': {
          const notice = windowNotice(outcome.window);
          throw new HttpProblem(
            403,
            'applications_closed',
            notice ? `${notice.title}. ${notice.text}` : 'Applications are closed.',
          );
        }
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
