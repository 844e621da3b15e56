import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type {
  ApplicationRepository,
  Environment,
  Mailer,
  OperationalLog,
  ProgramDetails,
} from '../../shared/domain/ports.js';
import { sendConfirmation } from '../../shared/domain/send-confirmation.js';
import type { Receipt } from '../../shared/domain/submission.js';
import { SaveContended, submitApplication } from '../../shared/domain/submit-application.js';
import { thankYouLocation } from '../../shared/html/thank-you-location.js';
import { renderValidationPage } from '../../shared/html/validation-page.js';
import { prefersHtml } from '../../shared/http/content-negotiation.js';
import { httpEndpoint } from '../../shared/http/http-endpoint.js';
import {
  type HttpProblem,
  notFound,
  serviceUnavailable,
  ValidationFailed,
} from '../../shared/http/problems.js';
import { bodyFormatOf } from '../../shared/http/request-body.js';
import { htmlResponse, jsonResponse, seeOther } from '../../shared/http/responses.js';
import { applicationSchemas, isApplicationType } from '../../shared/schemas/application-types.js';
import { type FormFields, formFieldsToInput } from '../../shared/schemas/form-fields.js';
import { describeIssues } from '../../shared/schemas/validation-issues.js';
import { isTransientAwsError } from '../../shared/store/transient-errors.js';

/** API Gateway allows far more; an application is a few KiB, so 64 KiB is generous. */
export const MAX_BODY_BYTES = 64 * 1024;
const RETRY_AFTER_SECONDS = 5;

/** Everything the intake handler needs, so tests can point it at local servers. */
export interface SubmitApplicationDependencies {
  repository: ApplicationRepository;
  mailer: Mailer;
  environment: Environment;
  log: OperationalLog;
  program: ProgramDetails;
  thankYouUrl: string;
}

/** The 201 body, field order fixed so a replay answers byte for byte what the first did. */
function receiptBody({ id, reference, type, status, receivedAt }: Receipt) {
  return { id, reference, type, status, receivedAt };
}

function renderHtmlProblem(problem: HttpProblem, event: APIGatewayProxyEventV2) {
  if (!(problem instanceof ValidationFailed)) return undefined;
  return htmlResponse(400, renderValidationPage(problem.issues, event.headers.referer));
}

/** `POST /applications/{type}`: validate, save once, confirm by email, answer JSON or redirect. */
export function createSubmitApplicationHandler(deps: SubmitApplicationDependencies) {
  return httpEndpoint(
    async (event, context) => {
      const type = event.pathParameters?.type;
      if (!isApplicationType(type)) throw notFound('application type (use mentor or mentee)');
      const schema = applicationSchemas[type];
      const body = event.body as unknown;
      const input =
        bodyFormatOf(event.headers) === 'form'
          ? formFieldsToInput(schema, body as FormFields)
          : body;
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        throw new ValidationFailed(describeIssues(schema, parsed.error.issues, input));
      }

      let result: Awaited<ReturnType<typeof submitApplication>>;
      try {
        result = await submitApplication(deps, type, parsed.data);
      } catch (error) {
        if (error instanceof SaveContended || isTransientAwsError(error)) {
          throw serviceUnavailable(RETRY_AFTER_SECONDS);
        }
        throw error;
      }
      if (result.kind === 'created') await sendConfirmation(deps, result.submission);

      return prefersHtml(context)
        ? seeOther(thankYouLocation(deps.thankYouUrl, result.receipt.reference))
        : jsonResponse(201, receiptBody(result.receipt));
    },
    {
      body: { maxBytes: MAX_BODY_BYTES, formats: ['json', 'form'] },
      renderHtmlProblem,
    },
  );
}
