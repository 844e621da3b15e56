import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applicationSchemas } from '../../shared/applications/schemas/application-types.js';
import { describeFields } from '../../shared/applications/schemas/field-descriptions.js';
import { formFieldsToInput } from '../../shared/applications/schemas/form-fields.js';
import { renderApplicationForm } from '../../shared/intake/pages/application-form.js';
import { decodeForm } from '../../shared/platform/http/request-body.js';
import { applicationArbitrary } from '../support/application-arbitraries.js';
import {
  constraintViolations,
  formControls,
  formStateOf,
  postedBody,
} from '../support/html-form-constraints.js';

describe.each(['mentor', 'mentee'] as const)('the %s form and its schema', (type) => {
  const schema = applicationSchemas[type];
  const controls = formControls(
    renderApplicationForm({ type, action: `/applications/${type}`, thankYouUrl: '/thank-you' }),
  );

  it('lets a browser send every application the schema accepts, and reads it back unchanged (property)', () => {
    fc.assert(
      fc.property(applicationArbitrary(type), (application) => {
        const state = formStateOf(application, type, controls);
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
