import {
  type ApplicationType,
  applicationSchemas,
} from '../../applications/schemas/application-types.js';
import {
  describeFields,
  type FieldDescription,
} from '../../applications/schemas/field-descriptions.js';
import { html } from '../../platform/html/markup.js';
import { renderHtml } from '../../platform/html/render-html.js';
import { FORM_CONTROL_FIELDS } from '../spam/form-controls.js';
import {
  type ControlConstraints,
  constraintAttributes,
  controlConstraints,
} from './control-constraints.js';

/** What a rendered form needs besides its schema. */
export interface FormOptions {
  type: ApplicationType;
  /** Where the form posts. */
  action: string;
  /** Where the enhanced (JavaScript) form goes on success; `?reference=` is added. */
  thankYouUrl: string;
  /** A signed fill-time token, when that defence is on. */
  formToken?: string;
  /** Cloudflare Turnstile's site key, when that defence is on. */
  turnstileSiteKey?: string;
}

const AUTOCOMPLETE: Record<string, string> = {
  firstName: 'given-name',
  lastName: 'family-name',
  email: 'email',
  phone: 'tel',
  institution: 'organization',
  schoolOrProgram: 'organization',
};

const describedBy = (field: FieldDescription, hasHint: boolean) => ({
  'aria-describedby': `${hasHint ? `hint-${field.name} ` : ''}error-${field.name}`,
});

function hint(field: FieldDescription, constraints: ControlConstraints): string {
  const parts: string[] = [];
  if (field.meta.description && field.name !== 'consent') parts.push(field.meta.description);
  const { maxItems, minItems } = constraints;
  if (constraints.control === 'checkboxes' && maxItems) {
    parts.push(minItems && minItems > 0 ? `Choose 1 to ${maxItems}.` : `Choose up to ${maxItems}.`);
  }
  if (!field.required) parts.push('Optional.');
  return parts.join(' ');
}

const errorSlot = (field: FieldDescription) =>
  html`<p class="error" id=${`error-${field.name}`} data-error-for=${field.name} hidden></p>`;

function renderField(type: ApplicationType, field: FieldDescription) {
  const { name, meta } = field;
  const constraints = controlConstraints(type, field);
  const hintText = hint(field, constraints);
  const hintElement = hintText && html`<p class="hint" id=${`hint-${name}`}>${hintText}</p>`;
  const aria = describedBy(field, hintText !== '');
  // Strings, not booleans: the enhancement script reads them, and `false` would drop them.
  const data = {
    'data-field': name,
    'data-kind': field.kind,
    'data-required': String(field.required),
  };
  const choices = Object.entries(field.choices ?? {});
  const limits = constraintAttributes(constraints);

  if (constraints.control === 'checkboxes' || constraints.control === 'radios') {
    const inputType = constraints.control === 'checkboxes' ? 'checkbox' : 'radio';
    const options = choices.map(
      ([value, label], index) =>
        // One required radio makes the whole group required.
        html`<label class="option"><input type=${inputType} name=${name} value=${value} ...${
          index === 0 ? limits : {}
        }/> ${label}</label>`,
    );
    return html`<fieldset class="field" ...${data} ...${aria}>
<legend>${meta.title}</legend>
${hintElement}
<div class="options">${options}</div>
${errorSlot(field)}
</fieldset>`;
  }

  let control: unknown;
  if (constraints.control === 'select') {
    control = html`<select id=${name} name=${name} ...${limits} ...${aria}><option value="">Choose…</option>${choices.map(
      ([value, label]) => html`<option value=${value}>${label}</option>`,
    )}</select>`;
  } else if (constraints.control === 'checkbox') {
    const label = name === 'consent' ? (meta.description ?? meta.title) : meta.title;
    return html`<div class="field checkbox" ...${data}>
<label><input type="checkbox" id=${name} name=${name} ...${limits} ...${aria}/> ${label}</label>
${errorSlot(field)}
</div>`;
  } else if (constraints.control === 'number') {
    control = html`<input type="number" id=${name} name=${name} inputmode="numeric" ...${limits} ...${aria}/>`;
  } else if (constraints.control === 'textarea') {
    control = html`<textarea id=${name} name=${name} rows="6" ...${limits} ...${aria}></textarea>`;
  } else {
    const autocomplete = AUTOCOMPLETE[name] ? { autocomplete: AUTOCOMPLETE[name] } : {};
    control = html`<input type=${constraints.control} id=${name} name=${name} ...${limits} ...${autocomplete} ...${aria}/>`;
  }
  return html`<div class="field" ...${data}>
<label for=${name}>${meta.title}</label>
${hintElement}
${control}
${errorSlot(field)}
</div>`;
}

/**
 * The application form as vnodes, rendered from the same zod schema that validates it: a
 * label for every control, fieldsets with legends for groups, an error slot tied to each
 * field by aria-describedby. It posts urlencoded without JavaScript; `enhance.js` makes it
 * post JSON and show errors in place.
 */
export function applicationForm(options: FormOptions) {
  const { type } = options;
  const fields = [...describeFields(applicationSchemas[type]).values()];
  const { honeypot, formToken, turnstile } = FORM_CONTROL_FIELDS;
  // `data-enhance=""` renders bare; `true` would render as "true" on a data- attribute.
  return html`<form method="post" action=${options.action} accept-charset="utf-8" data-enhance="" data-thank-you=${options.thankYouUrl}>
<div class="summary" role="alert" tabindex="-1" hidden></div>
${fields.map((field) => renderField(type, field))}
<div class="hp" aria-hidden="true"><label for=${honeypot}>Leave this field empty</label><input type="text" id=${honeypot} name=${honeypot} tabindex="-1" autocomplete="off"/></div>
${options.formToken && html`<input type="hidden" name=${formToken} value=${options.formToken}/>`}
${
  options.turnstileSiteKey &&
  html`<div class="cf-turnstile" data-sitekey=${options.turnstileSiteKey} data-response-field-name=${turnstile}></div>`
}
<button type="submit">Send my application</button>
</form>`;
}

/** The application form as HTML (see `applicationForm`). */
export function renderApplicationForm(options: FormOptions): string {
  return renderHtml(applicationForm(options));
}
