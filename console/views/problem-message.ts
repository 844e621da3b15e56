import { ApiProblem } from '../admin-api.js';
import { html } from '../html.js';

/** A refusal, read out when it appears: the API's message and each field's issue. */
export function ProblemMessage({ problem }: { problem: ApiProblem }) {
  return html`<div class="problem" role="alert">
    <p>${problem.message}</p>
    ${
      problem.issues.length > 0
        ? html`<ul>${problem.issues.map((issue) => html`<li>${issue.message}</li>`)}</ul>`
        : null
    }
  </div>`;
}

/** Any failure as a problem to show: the API's own, or a network one. */
export function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  return new ApiProblem(
    0,
    'network',
    'The console could not reach the service. Check the connection and try again.',
  );
}
