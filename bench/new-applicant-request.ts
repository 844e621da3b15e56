import type autocannon from 'autocannon';
import { aMentorApplication } from '../tests/support/builders.js';

/**
 * An autocannon request that posts a different mentor application each time, so every
 * request is a real save and send rather than a replay of the first.
 */
export function newApplicantRequest(
  onResponse?: (status: number, body: string) => void,
): autocannon.Request {
  return {
    method: 'POST',
    path: '/applications/mentor',
    headers: { 'content-type': 'application/json' },
    setupRequest: (request) => ({ ...request, body: JSON.stringify(aMentorApplication()) }),
    ...(onResponse ? { onResponse } : {}),
  };
}
