import type { ApiProblem } from '../admin-api.js';
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
