import {
  type ApplicationType,
  applicationSchemas,
} from '../../shared/applications/schemas/application-types.js';
import { describeFields } from '../../shared/applications/schemas/field-descriptions.js';

/**
 * Reads the controls of a rendered form and checks values against their HTML constraints
 * the way a browser's constraint validation does. Written from the HTML standard, not from
 * the code that renders the form, so it can disagree with it.
 */

/** One named control of a form: its element, attributes and, for choices, its values. */
export interface FormControl {
  tag: 'input' | 'textarea' | 'select';
  type: string;
  attributes: Record<string, string>;
  /** Option values of a select, or the values of a radio or checkbox group. */
  values: string[];
}

const ATTRIBUTE = /([\w-]+)(?:="([^"]*)")?/g;
const decodeEntities = (text: string) =>
  text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

function attributesOf(tagSource: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [, name, value] of tagSource.matchAll(ATTRIBUTE)) {
    if (name) attributes[name] = decodeEntities(value ?? '');
  }
  return attributes;
}

/** Every named control of a form's HTML, by name (a radio or checkbox group is one control). */
export function formControls(html: string): Map<string, FormControl> {
  const controls = new Map<string, FormControl>();
  for (const [, inputTag, inputSource, selectSource, inner] of html.matchAll(
    /<(input|textarea)\b([^>]*)>|<select\b([^>]*)>([\s\S]*?)<\/select>/g,
  )) {
    const tag = inputTag ?? 'select';
    const source = inputSource ?? selectSource;
    const attributes = attributesOf(source ?? '');
    const name = attributes.name;
    if (!name || !tag) continue;
    const type = tag === 'input' ? (attributes.type ?? 'text') : tag;
    if (type === 'hidden') continue;
    const existing = controls.get(name);
    if (existing && (type === 'radio' || type === 'checkbox')) {
      existing.values.push(attributes.value ?? 'on');
      // The group is required if any of its radios is.
      if ('required' in attributes) existing.attributes.required = '';
      continue;
    }
    const values =
      tag === 'select'
        ? [...(inner ?? '').matchAll(/<option value="([^"]*)"/g)].map(([, value]) =>
            decodeEntities(value ?? ''),
          )
        : type === 'radio' || type === 'checkbox'
          ? [attributes.value ?? 'on']
          : [];
    controls.set(name, { tag: tag as FormControl['tag'], type, attributes, values });
  }
  return controls;
}

// The HTML standard's "valid e-mail address".
const HTML_EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** What a person puts in a control: text, a ticked state, or the ticked values of a group. */
export type ControlState = string | boolean | string[];

/** Why a browser would block submitting this state, or [] if it would not. */
export function constraintViolations(control: FormControl, state: ControlState): string[] {
  const { attributes, type } = control;
  const required = 'required' in attributes;
  const problems: string[] = [];
  if (type === 'checkbox' && control.values.length === 1 && typeof state === 'boolean') {
    if (required && !state) problems.push('a required box is not ticked');
    return problems;
  }
  if (Array.isArray(state)) {
    for (const value of state) {
      if (!control.values.includes(value)) problems.push(`no option ${value}`);
    }
    if (type === 'radio' && state.length > 1) problems.push('two radios checked');
    if (required && state.length === 0) problems.push('required group has nothing chosen');
    return problems;
  }
  const value = String(state);
  if (required && value === '') problems.push('required and empty');
  if (value === '') return problems;
  if (type === 'select' && !control.values.includes(value)) problems.push(`no option ${value}`);
  // maxlength and minlength count UTF-16 code units.
  if (attributes.maxlength !== undefined && value.length > Number(attributes.maxlength))
    problems.push(`longer than maxlength ${attributes.maxlength}`);
  if (attributes.minlength !== undefined && value.length < Number(attributes.minlength))
    problems.push('shorter than minlength');
  if (
    attributes.pattern !== undefined &&
    !new RegExp(`^(?:${attributes.pattern})$`, 'v').test(value)
  )
    problems.push('pattern mismatch');
  if (type === 'email' && !HTML_EMAIL.test(value)) problems.push('not an e-mail address');
  if (type === 'number') {
    const number = Number(value);
    if (!Number.isFinite(number)) problems.push('not a number');
    if (attributes.min !== undefined && number < Number(attributes.min)) problems.push('below min');
    if (attributes.max !== undefined && number > Number(attributes.max)) problems.push('above max');
    const step = attributes.step === undefined ? 1 : Number(attributes.step);
    const base = attributes.min === undefined ? 0 : Number(attributes.min);
    if (attributes.step !== 'any' && (number - base) % step !== 0) problems.push('step mismatch');
  }
  return problems;
}

/**
 * What a person puts in each control to enter this application, by control name: a box
 * ticked or not, the chosen values of a group, or text (a number as typed).
 */
export function formStateOf(
  application: Record<string, unknown>,
  type: ApplicationType,
  controls: Map<string, FormControl>,
) {
  const state = new Map<string, ControlState>();
  for (const [name, field] of describeFields(applicationSchemas[type])) {
    const value = application[name];
    const control = controls.get(name);
    if (field.kind === 'boolean') state.set(name, value === true);
    else if (field.kind === 'choices') state.set(name, (value as string[] | undefined) ?? []);
    else if (control?.type === 'radio') state.set(name, value === undefined ? [] : [String(value)]);
    else state.set(name, value === undefined ? '' : String(value));
  }
  return state;
}

// The HTML standard normalises every line break in a posted value to CRLF.
const asPosted = (value: string) => value.replace(/\r\n?|\n/g, '\r\n');

/** The urlencoded body a browser posts for that state (unticked boxes left out, CRLF breaks). */
export function postedBody(state: Map<string, ControlState>): string {
  const body = new URLSearchParams();
  for (const [name, value] of state) {
    if (value === true) body.append(name, 'on');
    else if (Array.isArray(value)) for (const item of value) body.append(name, asPosted(item));
    else if (typeof value === 'string') body.append(name, asPosted(value));
  }
  return body.toString();
}
