import { counted } from '../text/plural-words.js';
import type { FieldIssue } from './field-issues.js';

/**
 * A request the client got wrong (or a temporary refusal), with the status, a stable
 * machine-readable code and a message a person can act on. Never carries submitted values.
 */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpProblem';
  }

  /** The JSON body sent to the client. */
  toBody(): Record<string, unknown> {
    return { error: this.code, message: this.message };
  }
}

/**
 * The input failed validation: every problem, by field. The message is the applicant's
 * unless another is given (staff APIs say `request`, not `application`: invalidRequest).
 */
export class ValidationFailed extends HttpProblem {
  constructor(
    readonly issues: FieldIssue[],
    message = `The application has ${issues.length === 1 ? 'a problem' : `${issues.length} problems`}; correct the fields listed and send it again.`,
  ) {
    super(400, 'validation_failed', message);
    this.name = 'ValidationFailed';
  }

  override toBody(): Record<string, unknown> {
    return { ...super.toBody(), issues: this.issues };
  }
}

/** 400: a staff API request failed validation, said to whoever called the API. */
export const invalidRequest = (issues: FieldIssue[]) =>
  new ValidationFailed(
    issues,
    `The request has ${counted(issues.length, { one: 'problem', other: 'problems' })}; correct ${issues.length === 1 ? 'it' : 'them'} and send the request again.`,
  );

/** 400: the body claims to be JSON and is not. */
export const invalidJson = () =>
  new HttpProblem(400, 'invalid_json', 'The request body is not valid JSON.');

/** 404: nothing here, or an application type that does not exist. */
export const notFound = (what = 'resource') =>
  new HttpProblem(404, 'not_found', `No such ${what}.`);

/** 413: the body is over the limit. */
export const payloadTooLarge = (maxBytes: number) =>
  new HttpProblem(
    413,
    'payload_too_large',
    `The request body is larger than ${Math.floor(maxBytes / 1024)} KiB.`,
  );

/** 415: a content type this endpoint does not read. */
export const unsupportedMediaType = (accepted: readonly string[]) =>
  new HttpProblem(415, 'unsupported_media_type', `Send the body as ${accepted.join(' or ')}.`);

/** 503: a dependency is briefly unavailable; nothing was saved, so sending again is safe. */
export const serviceUnavailable = (retryAfterSeconds: number) =>
  new HttpProblem(
    503,
    'service_unavailable',
    'The service is briefly unavailable and nothing was saved. Please try again in a moment.',
    { 'Retry-After': String(retryAfterSeconds) },
  );
