import { html } from '../../shared/platform/html/markup.js';
import { renderPage } from '../../shared/platform/html/page.js';

/** The groups a local sign-in may choose: Cognito's two staff groups, or none at all. */
export const SIGN_IN_GROUPS = ['staff', 'admins', 'none'] as const;
/** A group chosen on the local sign-in page. */
export type SignInGroup = (typeof SIGN_IN_GROUPS)[number];

const GROUP_LABELS: Record<SignInGroup, string> = {
  staff: 'staff (review applications)',
  admins: 'admins (also export and erase)',
  none: 'none (no access)',
};

/**
 * The local provider's sign-in page, in place of Cognito's managed login: no password, an
 * address and a group. Without `action` it only shows the error (an expired sign-in).
 */
export function renderSignInPage(options: { action?: string; error?: string; email?: string }) {
  const error =
    options.error && html`<p class="summary" role="alert" id="sign-in-error">${options.error}</p>`;
  const form = options.action
    ? html`<form method="post" action=${options.action} aria-describedby=${options.error ? 'sign-in-error' : undefined}>
<div class="field"><label for="email">Email</label>
<input type="email" id="email" name="email" required autocomplete="username" value=${options.email ?? 'staff@ladocs.example'}/></div>
<div class="field"><label for="group">Group</label>
<select id="group" name="group">${SIGN_IN_GROUPS.map((group) => html`<option value=${group}>${GROUP_LABELS[group]}</option>`)}</select></div>
<button type="submit">Sign in</button>
</form>`
    : html`<p><a href="/console">Back to the staff console</a></p>`;
  return renderPage(
    'Sign in: LACMA Mentoring staff (local)',
    html`<h1>Sign in to the staff console</h1>
<p class="hint">Local stand-in for Cognito's sign-in page: no password here. Deployed, staff
sign in with their Cognito account.</p>
${error}${form}`,
  );
}
