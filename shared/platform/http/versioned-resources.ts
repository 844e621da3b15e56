import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpProblem } from './problems.js';

/** Adds `ETag: "<version>"`, the version a client sends back in If-Match to change it. */
export function withEtag(response: APIGatewayProxyStructuredResultV2, version: number) {
  return { ...response, headers: { ...response.headers, ETag: `"${version}"` } };
}

/**
 * The version a change is conditional on, from `If-Match: "3"` (or `3`, or a weak tag):
 * 428 without one, so no client overwrites a change it never saw; 400 for anything else.
 */
export function expectedVersion(event: APIGatewayProxyEventV2): number {
  const header = event.headers['if-match'];
  if (header === undefined) {
    throw new HttpProblem(
      428,
      'precondition_required',
      'Send If-Match with the version you read (its ETag).',
    );
  }
  const version = Number(/^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim())?.[1]);
  if (!Number.isInteger(version)) {
    throw new HttpProblem(
      400,
      'invalid_if_match',
      'If-Match must be the ETag you read, such as "3".',
    );
  }
  return version;
}
