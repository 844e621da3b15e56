import { html } from './markup.js';
import { renderPage } from './page.js';
import type { WayBack } from './way-back.js';

const HEADINGS: Record<number, string> = {
  400: 'Please correct your application',
  404: 'Page not found',
  413: 'Your application is too long to send',
  415: 'Your application could not be read',
  503: 'Please try again in a moment',
};

/** The heading a browser sees for a refused request of this status. */
export function problemHeading(statusCode: number): string {
  return HEADINGS[statusCode] ?? 'Something is not right with that request';
}

/**
 * The page a browser gets when its request is refused: what went wrong, in the words of
 * each problem, and a link to where it can go from here. For a form post the Back button
 * also returns to the form with what was typed.
 */
export function renderProblemPage(problem: {
  statusCode: number;
  messages: readonly string[];
  back: WayBack;
  /** True when the request was a form the person sent: the page says nothing was saved. */
  formPost?: boolean;
}): string {
  const { messages, back } = problem;
  const heading = problemHeading(problem.statusCode);
  const fix =
    problem.statusCode === 400
      ? `Please fix ${messages.length === 1 ? 'this problem' : `these ${messages.length} problems`}:`
      : 'This is what went wrong:';
  const link = html`<a href=${back.href}>${back.label}</a>`;
  return renderPage(
    heading,
    html`<h1>${heading}</h1>
${problem.formPost && html`<p>Your application was not sent. ${fix}</p>`}
<ul>
${messages.map((message) => html`<li>${message}</li>`)}
</ul>
${
  problem.formPost
    ? html`<p>Use your browser's Back button to return to the form with what you typed, or ${link}.</p>`
    : html`<p>You can ${link}.</p>`
}`,
  );
}
