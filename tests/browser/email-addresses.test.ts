import fc from 'fast-check';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { applicantFields } from '../../shared/applications/schemas/applicant.js';
import { launchChromium } from '../support/browser.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('email addresses in Chromium', () => {
  it('every address the schema accepts passes Chromium’s own type=email check', async () => {
    // Prepare: addresses as a person would type them, RFC-shaped and anything zod's own
    // pattern allows, kept when the schema accepts them.
    const typed = fc
      .sample(fc.oneof(fc.emailAddress(), fc.stringMatching(z.regexes.email)), {
        seed: 20261125,
        numRuns: 2000,
      })
      .filter((address) => applicantFields.email.safeParse(address).success);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent('<input type="email" id="email">');

    // Act: Chromium's constraint validation, not a copy of its rule.
    const refused = await page.evaluate((addresses) => {
      const input = document.getElementById('email') as HTMLInputElement;
      return addresses.filter((address) => {
        input.value = address;
        return !input.checkValidity();
      });
    }, typed);
    await context.close();

    // Assess
    expect(typed.length).toBeGreaterThan(100);
    expect(refused).toEqual([]);
  });
});
