import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applicantFields } from '../../shared/applications/schemas/applicant.js';
import {
  type ApplicationType,
  applicationSchemas,
} from '../../shared/applications/schemas/application-types.js';
import { renderApplicationForm } from '../../shared/intake/pages/application-form.js';
import { applicationArbitrary } from '../support/application-arbitraries.js';
import { ARTIFACTS_DIR, launchChromium } from '../support/browser.js';
import { aMenteeApplication, aMentorApplication, uniqueEmail } from '../support/builders.js';
import { type ControlState, formControls, formStateOf } from '../support/html-form-constraints.js';
import { storedApplicationsFor } from '../support/local-aws.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** Enters a control's state as a person would: typing, ticking, choosing. */
async function enter(page: Page, name: string, state: ControlState) {
  if (typeof state === 'boolean') {
    await page.setChecked(`input[name="${name}"]`, state);
  } else if (Array.isArray(state)) {
    for (const value of state) await page.check(`input[name="${name}"][value="${value}"]`);
  } else if ((await page.locator(`#${name}`).evaluate((element) => element.tagName)) === 'SELECT') {
    await page.selectOption(`#${name}`, state);
  } else {
    await page.fill(`#${name}`, state);
  }
}

/** The address made unique to this run (so its item can be found), kept generated if it can be. */
function uniqueVersionOf(address: string): string {
  const tagged = `${randomUUID().slice(0, 8)}${address}`;
  return applicantFields.email.safeParse(tagged).success ? tagged : uniqueEmail('generated');
}

const parse = (type: ApplicationType, application: Record<string, unknown>) =>
  applicationSchemas[type].parse(application) as Record<string, unknown>;

// Hand-picked cases first (the ones that failed before), then generated ones.
const cases: Array<[string, ApplicationType, Record<string, unknown>]> = [
  [
    'a mentor who is not a LACMA member',
    'mentor',
    parse('mentor', aMentorApplication({ lacmaMember: false })),
  ],
  [
    'a mentee with every optional field empty',
    'mentee',
    parse('mentee', { ...aMenteeApplication(), phone: undefined }),
  ],
  [
    'names in Arabic (with ZWNJ), Devanagari (with ZWJ) and Chinese at maximum length',
    'mentor',
    parse(
      'mentor',
      aMentorApplication({
        firstName: '\u0645\u062D\u0645\u062F\u200C\u0631\u0636\u0627 \u0915\u094D\u200D\u0937',
        lastName: '𠮷'.repeat(40),
        institution: '李'.repeat(150),
        statement: 'x'.repeat(1000),
      }),
    ),
  ],
  [
    'a statement at its maximum length with line breaks (posted as CRLF, counted as LF)',
    'mentee',
    parse('mentee', aMenteeApplication({ statement: `${'abcdefghi\n'.repeat(99)}abcdefghij` })),
  ],
  [
    'an institution with an emoji ZWJ sequence and a skin tone',
    'mentor',
    parse('mentor', aMentorApplication({ institution: 'Clinic 👩🏽\u200D💻 team' })),
  ],
  ...(['mentor', 'mentee'] as const).flatMap((type) =>
    fc
      .sample(applicationArbitrary(type), { seed: 20261125, numRuns: 3 })
      .map((application, index): [string, ApplicationType, Record<string, unknown>] => [
        `generated ${type} application ${index + 1}`,
        type,
        application,
      ]),
  ),
];

describe('generated valid applications, sent in Chromium with JavaScript off', () => {
  it.each(cases)(
    '%s reaches the thank-you page and is stored as sent',
    async (label, type, generated) => {
      const application = { ...generated, email: uniqueVersionOf(String(generated.email)) };
      const controls = formControls(
        renderApplicationForm({ type, action: `/applications/${type}`, thankYouUrl: '/thank-you' }),
      );
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${inject('gatewayUrl')}/forms/${type}`);

      for (const [name, state] of formStateOf(application, type, controls)) {
        await enter(page, name, state);
      }
      if (label.startsWith('names')) {
        // The names as the applicant sees them typed, to look at: joined, not broken apart.
        await page.locator('[data-field="lastName"]').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(ARTIFACTS_DIR, 'generated-names-typed.png') });
      }
      await page.click('button[type="submit"]');

      await page.waitForURL(/\/thank-you\?reference=/);
      const [stored] = await storedApplicationsFor(application.email);
      expect(stored?.application).toEqual(application);
      if (label.startsWith('names')) {
        await page.screenshot({ path: join(ARTIFACTS_DIR, 'generated-thank-you.png') });
      }
      await context.close();
    },
  );
});
