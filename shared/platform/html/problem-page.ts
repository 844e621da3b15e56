import { escapeHtml } from './escape-html.js';
import { renderPage } from './page.js';

/** Where a problem page leads the person next. */
export interface WayBack {
  /** A path on this service (never taken from a request header). */
  href: string;
  label: string;
}

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

/** The way back from a problem with no form to return to: the front page. */
export const FRONT_PAGE: WayBack = { href: '/', label: 'go to the front page' };

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
  const items = messages.map((message) => `<li>${escapeHtml(message)}</li>`).join('\n');
  const lead = problem.formPost
    ? `<p>Your application was not sent. ${
        problem.statusCode === 400
          ? `Please fix ${messages.length === 1 ? 'this problem' : `these ${messages.length} problems`}:`
          : 'This is what went wrong:'
      }</p>`
    : '';
  const backText = problem.formPost
    ? `<p>Use your browser's Back button to return to the form with what you typed, or <a href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a>.</p>`
    : `<p>You can <a href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a>.</p>`;
  return renderPage(
    heading,
    `<h1>${escapeHtml(heading)}</h1>
${lead}
<ul>
${items}
</ul>
${backText}`,
  );
}
