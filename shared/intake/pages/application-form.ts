import {
  type ApplicationType,
  applicationSchemas,
} from '../../applications/schemas/application-types.js';
import {
  describeFields,
  type FieldDescription,
} from '../../applications/schemas/field-descriptions.js';
import { escapeHtml as e } from '../../platform/html/escape-html.js';
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

function describedBy(field: FieldDescription, hasHint: boolean) {
  return `aria-describedby="${hasHint ? `hint-${field.name} ` : ''}error-${field.name}"`;
}

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
  `<p class="error" id="error-${field.name}" data-error-for="${field.name}" hidden></p>`;

function renderField(type: ApplicationType, field: FieldDescription): string {
  const { name, meta } = field;
  const constraints = controlConstraints(type, field);
  const hintText = hint(field, constraints);
  const hintHtml = hintText ? `<p class="hint" id="hint-${name}">${e(hintText)}</p>` : '';
  const aria = describedBy(field, hintText !== '');
  const attributes = `data-field="${name}" data-kind="${field.kind}" data-required="${field.required}"`;
  const choices = Object.entries(field.choices ?? {});

  if (constraints.control === 'checkboxes' || constraints.control === 'radios') {
    const inputType = constraints.control === 'checkboxes' ? 'checkbox' : 'radio';
    const options = choices
      .map(
        ([value, label], index) =>
          // One required radio makes the whole group required.
          `<label class="option"><input type="${inputType}" name="${name}" value="${e(value)}"${
            index === 0 ? constraintAttributes(constraints) : ''
          }> ${e(label)}</label>`,
      )
      .join('\n');
    return `<fieldset class="field" ${attributes} ${aria}>
<legend>${e(meta.title)}</legend>
${hintHtml}
<div class="options">${options}</div>
${errorSlot(field)}
</fieldset>`;
  }

  const limits = constraintAttributes(constraints);
  let control: string;
  if (constraints.control === 'select') {
    const options = choices
      .map(([value, label]) => `<option value="${e(value)}">${e(label)}</option>`)
      .join('');
    control = `<select id="${name}" name="${name}"${limits} ${aria}><option value="">Choose…</option>${options}</select>`;
  } else if (constraints.control === 'checkbox') {
    const label = name === 'consent' ? (meta.description ?? meta.title) : meta.title;
    return `<div class="field checkbox" ${attributes}>
<label><input type="checkbox" id="${name}" name="${name}"${limits} ${aria}> ${e(label)}</label>
${errorSlot(field)}
</div>`;
  } else if (constraints.control === 'number') {
    control = `<input type="number" id="${name}" name="${name}" inputmode="numeric"${limits} ${aria}>`;
  } else if (constraints.control === 'textarea') {
    control = `<textarea id="${name}" name="${name}" rows="6"${limits} ${aria}></textarea>`;
  } else {
    const autocomplete = AUTOCOMPLETE[name] ? ` autocomplete="${AUTOCOMPLETE[name]}"` : '';
    control = `<input type="${constraints.control}" id="${name}" name="${name}"${limits}${autocomplete} ${aria}>`;
  }
  return `<div class="field" ${attributes}>
<label for="${name}">${e(meta.title)}</label>
${hintHtml}
${control}
${errorSlot(field)}
</div>`;
}

/**
 * The application form, rendered from the same zod schema that validates it: a label for
 * every control, fieldsets with legends for groups, an error slot tied to each field by
 * aria-describedby. It posts urlencoded without JavaScript; `enhance.js` makes it post
 * JSON and show errors in place.
 */
export function renderApplicationForm(options: FormOptions): string {
  const { type } = options;
  const fields = [...describeFields(applicationSchemas[type]).values()];
  const { honeypot, formToken, turnstile } = FORM_CONTROL_FIELDS;
  return `<form method="post" action="${e(options.action)}" accept-charset="utf-8" data-enhance data-thank-you="${e(options.thankYouUrl)}">
<div class="summary" role="alert" tabindex="-1" hidden></div>
${fields.map((field) => renderField(type, field)).join('\n')}
<div class="hp" aria-hidden="true"><label for="${honeypot}">Leave this field empty</label><input type="text" id="${honeypot}" name="${honeypot}" tabindex="-1" autocomplete="off"></div>
${options.formToken ? `<input type="hidden" name="${formToken}" value="${e(options.formToken)}">` : ''}
${options.turnstileSiteKey ? `<div class="cf-turnstile" data-sitekey="${e(options.turnstileSiteKey)}" data-response-field-name="${turnstile}"></div>` : ''}
<button type="submit">Send my application</button>
</form>`;
}
