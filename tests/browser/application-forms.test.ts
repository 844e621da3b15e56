/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ARTIFACTS_DIR, launchChromium, seriousAxeFindings } from '../support/browser.js';
import { uniqueEmail } from '../support/builders.js';
import { emailsTo, storedApplicationsFor, waitForEmails } from '../support/local-aws.js';

let browser: Browser;
const base = () => inject('gatewayUrl');

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** Fills the mentor form as a person would: typing, ticking, choosing. */
async function fillMentorForm(page: Page, email: string) {
  await page.fill('#firstName', 'Wendy');
  await page.fill('#lastName', 'Coates');
  await page.fill('#email', email);
  await page.check('input[name="meetingPreference"][value="either"]');
  await page.selectOption('#region', 'south_bay');
  await page.check('input[name="languages"][value="english"]');
  await page.fill('#statement', 'Mentoring renewed my sense of purpose.');
  await page.check('#consent');
  await page.check('input[name="credential"][value="MD"]');
  await page.selectOption('#specialty', 'emergency_medicine');
  await page.selectOption('#practiceSetting', 'academic');
  await page.fill('#institution', 'Harbor-UCLA Medical Center');
  await page.fill('#yearsInPractice', '20');
  await page.check('#lacmaMember');
  await page.check('input[name="mentoringAreas"][value="career_planning"]');
  await page.check('input[name="menteeStages"][value="medical_student"]');
  await page.fill('#capacity', '2');
}

describe('the mentor form in Chromium', () => {
  it('works without JavaScript: from the front page to the thank-you page with the reference', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const email = uniqueEmail('nojs');

    await page.goto(`${base()}/`);
    await page.click('text=Apply as a mentor');
    await fillMentorForm(page, email);
    await page.click('button[type="submit"]');

    await page.waitForURL(/\/thank-you\?reference=/);
    const reference = await page.locator('.reference').textContent();
    expect(reference).toMatch(/^LM-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const [stored] = await storedApplicationsFor(email);
    expect(stored?.reference).toBe(reference);
    expect(stored?.application).toMatchObject({
      firstName: 'Wendy',
      capacity: 2,
      languages: ['english'],
      consent: true,
    });
    const [confirmation] = await waitForEmails(email, 1);
    expect(confirmation?.subject).toContain(reference ?? 'missing');
    await context.close();
  });

  it('with JavaScript, shows a bad email’s error next to the field, keeps what was typed, and succeeds once fixed', async () => {
    const page = await browser.newPage();
    const email = uniqueEmail('js');
    await page.goto(`${base()}/forms/mentor`);
    await fillMentorForm(page, 'not-an-email');

    await page.click('button[type="submit"]');

    const error = page.locator('#error-email');
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.textContent()).toBe(
      'Email address must be an email address like name@example.com.',
    );
    expect(await page.getAttribute('#email', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#email', 'aria-describedby')).toContain('error-email');
    expect(await page.inputValue('#firstName')).toBe('Wendy');
    expect(await page.inputValue('#statement')).toBe('Mentoring renewed my sense of purpose.');
    expect(await page.locator('.summary').textContent()).toBe(
      'Please correct the problem marked below.',
    );
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'mentor-form-error.png') });

    await page.fill('#email', email);
    await page.click('button[type="submit"]');

    await page.waitForURL(/\/thank-you\?reference=/);
    const reference = new URL(page.url()).searchParams.get('reference');
    expect((await storedApplicationsFor(email))[0]?.reference).toBe(reference);
    expect(await waitForEmails(email, 1)).toHaveLength(1);
    await page.close();
  });

  it.each([
    ['without', false],
    ['with', true],
  ])(
    '%s JavaScript, takes whole numbers written as a number control allows (5.0, 2e1)',
    async (_label, javaScriptEnabled) => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const email = uniqueEmail('numbers');
      await page.goto(`${base()}/forms/mentor`);
      await fillMentorForm(page, email);

      await page.fill('#capacity', '5.0');
      await page.fill('#yearsInPractice', '2e1');
      await page.click('button[type="submit"]');

      await page.waitForURL(/\/thank-you\?reference=/);
      const [stored] = await storedApplicationsFor(email);
      expect(stored?.application).toMatchObject({ capacity: 5, yearsInPractice: 20 });
      await context.close();
    },
  );

  it('lets a bot that fills the honeypot see success while nothing changes', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const email = uniqueEmail('bot');
    await page.goto(`${base()}/forms/mentor`);
    await fillMentorForm(page, email);
    await page.fill('#website', 'http://cheap-pills.example', { force: true });

    await page.click('button[type="submit"]');

    await page.waitForURL(/\/thank-you\?reference=/);
    expect(await storedApplicationsFor(email)).toEqual([]);
    expect(await emailsTo(email)).toEqual([]);
    await context.close();
  });
});

describe('accessibility', () => {
  it.each(['mentor', 'mentee'])(
    'the %s form has no serious or critical axe violations',
    async (type) => {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await page.goto(`${base()}/forms/${type}`);

      expect(await seriousAxeFindings(page)).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS_DIR, `${type}-form.png`), fullPage: true });
      await page.close();
    },
  );

  it('can be completed with the keyboard alone', async () => {
    const page = await browser.newPage();
    await page.goto(`${base()}/forms/mentee`);

    await page.keyboard.press('Tab');
    await page.keyboard.type('Jordan');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Lee');

    expect(await page.inputValue('#firstName')).toBe('Jordan');
    expect(await page.inputValue('#lastName')).toBe('Lee');
    const focusable = await page.evaluate(
      () =>
        [...document.querySelectorAll('input, select, textarea, button')].filter(
          (element) => (element as HTMLElement).tabIndex >= 0 && !element.closest('.hp'),
        ).length,
    );
    expect(focusable).toBeGreaterThan(20);
    await page.close();
  });
});
