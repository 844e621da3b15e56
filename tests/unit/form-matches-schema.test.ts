import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderApplicationForm } from '../../shared/html/application-form.js';
import { decodeForm } from '../../shared/http/request-body.js';
import {
  type ApplicationType,
  applicationSchemas,
} from '../../shared/schemas/application-types.js';
import { describeFields } from '../../shared/schemas/field-descriptions.js';
import { formFieldsToInput } from '../../shared/schemas/form-fields.js';
import { applicationArbitrary } from '../support/application-arbitraries.js';
import {
  type ControlState,
  constraintViolations,
  formControls,
} from '../support/html-form-constraints.js';

/** What a person would put in each control to enter this application. */
function formStateOf(application: Record<string, unknown>, type: ApplicationType) {
  const state = new Map<string, ControlState>();
  for (const [name, field] of describeFields(applicationSchemas[type])) {
    const value = application[name];
    if (field.kind === 'boolean') state.set(name, value === true);
    else if (field.kind === 'choices') state.set(name, (value as string[] | undefined) ?? []);
    else if (field.kind === 'choice' && field.choices && Object.keys(field.choices).length <= 4)
      state.set(name, value === undefined ? [] : [String(value)]);
    else state.set(name, value === undefined ? '' : String(value));
  }
  return state;
}

/** The urlencoded body a browser posts for that state (unticked boxes are left out). */
function postedBody(state: Map<string, ControlState>): string {
  const body = new URLSearchParams();
  for (const [name, value] of state) {
    if (value === true) body.append(name, 'on');
    else if (Array.isArray(value)) for (const item of value) body.append(name, item);
    else if (typeof value === 'string') body.append(name, value);
  }
  return body.toString();
}

describe.each(['mentor', 'mentee'] as const)('the %s form and its schema', (type) => {
  const schema = applicationSchemas[type];
  const controls = formControls(
    renderApplicationForm({ type, action: `/applications/${type}`, thankYouUrl: '/thank-you' }),
  );

  it('lets a browser send every application the schema accepts, and reads it back unchanged (property)', () => {
    fc.assert(
      fc.property(applicationArbitrary(type), (application) => {
        const state = formStateOf(application, type);
        for (const [name, value] of state) {
          const control = controls.get(name);
          expect(control, `a control for ${name}`).toBeDefined();
          if (control) expect(constraintViolations(control, value), name).toEqual([]);
        }
        const input = formFieldsToInput(schema, decodeForm(postedBody(state)));
        expect(schema.parse(input)).toEqual(application);
      }),
      { seed: 20261125, numRuns: 300 },
    );
  });

  it('has a control for each field and nothing a person cannot see but the spam controls', () => {
    const names = [...describeFields(schema).keys()];
    expect([...controls.keys()].filter((name) => name !== 'website').sort()).toEqual(names.sort());
  });
});
