import type { ApplicationType } from '../../applications/schemas/application-types.js';
import { html } from '../../platform/html/markup.js';
import { renderPage } from '../../platform/html/page.js';
import { applicationForm, type FormOptions } from './application-form.js';

/** Where Cloudflare Turnstile's script and challenge frame come from. */
export const TURNSTILE_ORIGIN = 'https://challenges.cloudflare.com';

const TITLES: Record<ApplicationType, string> = {
  mentor: 'Apply to be a mentor',
  mentee: 'Apply to be mentored',
};
const INTRO: Record<ApplicationType, string> = {
  mentor: 'Physicians: tell us how you would like to mentor. It takes about five minutes.',
  mentee:
    'Medical students, residents, fellows and early-career physicians: tell us what you are looking for. It takes about five minutes.',
};

/**
 * An application form's page: heading, a line on who it is for, the form, and its scripts
 * (the enhancement, and Turnstile's when that defence is on), all files, never inline.
 */
export function renderFormPage(options: FormOptions): string {
  const { type } = options;
  return renderPage(
    TITLES[type],
    html`<h1>${TITLES[type]}</h1>
<p>${INTRO[type]}</p>
${applicationForm(options)}`,
    html`<script src="/forms/enhance.js" defer></script>${
      options.turnstileSiteKey !== undefined &&
      html`<script src=${`${TURNSTILE_ORIGIN}/turnstile/v0/api.js`} async defer></script>`
    }`,
  );
}
