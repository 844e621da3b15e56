import { type ApplicationType, applicationSchemas } from '../schemas/application-types.js';
import { describeFields, type FieldDescription } from '../schemas/field-descriptions.js';
import { applicationJsonSchema } from '../schemas/json-schema.js';
import { FORM_CONTROL_FIELDS } from '../spam/form-controls.js';
import { escapeHtml as e } from './escape-html.js';

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

type Bounds = {
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  minItems?: number;
};

// Choice lists this short read better as radio buttons than as a drop-down.
const RADIO_LIMIT = 4;

const AUTOCOMPLETE: Record<string, string> = {
  firstName: 'given-name',
  lastName: 'family-name',
  email: 'email',
  phone: 'tel',
  institution: 'organization',
  schoolOrProgram: 'organization',
};

const INPUT_TYPE: Record<string, string> = { email: 'email', phone: 'tel' };

function boundsOf(type: ApplicationType, name: string): Bounds {
  const schema = applicationJsonSchema(type) as {
    properties: Record<string, Bounds & { items?: Bounds }>;
  };
  return schema.properties[name] ?? {};
}

function describedBy(field: FieldDescription, hasHint: boolean) {
  return `aria-describedby="${hasHint ? `hint-${field.name} ` : ''}error-${field.name}"`;
}

function hint(field: FieldDescription, bounds: Bounds): string {
  const parts: string[] = [];
  if (field.meta.description && field.name !== 'consent') parts.push(field.meta.description);
  if (field.kind === 'choices' && bounds.maxItems) {
    parts.push(
      bounds.minItems && bounds.minItems > 0
        ? `Choose 1 to ${bounds.maxItems}.`
        : `Choose up to ${bounds.maxItems}.`,
    );
  }
  if (!field.required) parts.push('Optional.');
  return parts.join(' ');
}

const errorSlot = (field: FieldDescription) =>
  `<p class="error" id="error-${field.name}" data-error-for="${field.name}" hidden></p>`;

function renderField(type: ApplicationType, field: FieldDescription): string {
  const { name, meta } = field;
  const bounds = boundsOf(type, name);
  const hintText = hint(field, bounds);
  const hintHtml = hintText ? `<p class="hint" id="hint-${name}">${e(hintText)}</p>` : '';
  const aria = describedBy(field, hintText !== '');
  const required = field.required ? ' required' : '';
  const attributes = `data-field="${name}" data-kind="${field.kind}" data-required="${field.required}"`;
  const choices = Object.entries(field.choices ?? {});

  if (field.kind === 'choices' || (field.kind === 'choice' && choices.length <= RADIO_LIMIT)) {
    const inputType = field.kind === 'choices' ? 'checkbox' : 'radio';
    const options = choices
      .map(
        ([value, label], index) =>
          `<label class="option"><input type="${inputType}" name="${name}" value="${e(value)}"${
            inputType === 'radio' && index === 0 ? required : ''
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

  let control: string;
  if (field.kind === 'choice') {
    const options = choices
      .map(([value, label]) => `<option value="${e(value)}">${e(label)}</option>`)
      .join('');
    control = `<select id="${name}" name="${name}"${required} ${aria}><option value="">Choose…</option>${options}</select>`;
  } else if (field.kind === 'boolean') {
    const label = name === 'consent' ? (meta.description ?? meta.title) : meta.title;
    return `<div class="field checkbox" ${attributes}>
<label><input type="checkbox" id="${name}" name="${name}"${required} ${aria}> ${e(label)}</label>
${errorSlot(field)}
</div>`;
  } else if (field.kind === 'number') {
    control = `<input type="number" id="${name}" name="${name}" inputmode="numeric" step="1" min="${bounds.minimum ?? ''}" max="${bounds.maximum ?? ''}"${required} ${aria}>`;
  } else if (field.multiline) {
    control = `<textarea id="${name}" name="${name}" rows="6" maxlength="${bounds.maxLength}"${required} ${aria}></textarea>`;
  } else {
    const autocomplete = AUTOCOMPLETE[name] ? ` autocomplete="${AUTOCOMPLETE[name]}"` : '';
    control = `<input type="${INPUT_TYPE[name] ?? 'text'}" id="${name}" name="${name}" maxlength="${bounds.maxLength ?? 200}"${autocomplete}${required} ${aria}>`;
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
