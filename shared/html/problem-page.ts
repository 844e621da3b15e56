import { escapeHtml } from './escape-html.js';
import { renderPage } from './page.js';

function safeBackLink(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The page a browser gets when a plain HTML form post is refused: each problem, and a way
 * back to the form (the Back button keeps what was typed; the link reloads it).
 */
export function renderProblemPage(messages: readonly string[], referer?: string): string {
  const backLink = safeBackLink(referer);
  const items = messages.map((message) => `<li>${escapeHtml(message)}</li>`).join('\n');
  return renderPage(
    'Please correct your application',
    `<h1>Please correct your application</h1>
<p>Your application was not sent. Please fix ${messages.length === 1 ? 'this problem' : `these ${messages.length} problems`}:</p>
<ul>
${items}
</ul>
<p>Use your browser's Back button to return to the form with what you typed${
      backLink ? `, or <a href="${escapeHtml(backLink)}">go back to the form</a>` : ''
    }.</p>`,
  );
}
