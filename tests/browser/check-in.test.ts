import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayProcess } from '../../infra/local/gateway-process.js';
import { ARTIFACTS_DIR, launchChromium, seriousAxeFindings, tabTo } from '../support/browser.js';
import { uniqueEmail } from '../support/builders.js';
import { signIn } from '../support/console-browser.js';
import { startGatewayWithAdmin } from '../support/in-process-intake.js';
import { emailsTo, eventually } from '../support/local-aws.js';
import { matchedPair, runCheckInScheduler } from '../support/matched-pair.js';

/** The check-in page in the staff guide (written with DOCS_SCREENSHOTS=1). */
const DOCS_CHECK_IN_PNG = fileURLToPath(new URL('../../docs/images/check-in.png', import.meta.url));

// A gateway and table of their own: the scheduler runs here with its clock a month on.
let gateway: GatewayProcess;
let tableName: string;
let browser: Browser;
let admins: string;

beforeAll(async () => {
  ({ gateway, tableName, admins } = await startGatewayWithAdmin('check-in-browser'));
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
});

describe('a check-in, in Chromium with JavaScript off', () => {
  it('is answered with the keyboard from the email’s link, says a problem beside its field, and passes axe', async () => {
    const emails = {
      mentor: uniqueEmail('checkin-b-mentor'),
      mentee: uniqueEmail('checkin-b-mentee'),
    };
    const { approvedAt } = await matchedPair(gateway.url, tableName, admins, emails);
    await runCheckInScheduler(tableName, approvedAt, 31);
    const checkIn = await eventually(
      async () =>
        (await emailsTo(emails.mentee)).find((email) =>
          email.subject.endsWith('how is your mentoring going?'),
        ),
      Boolean,
    );
    const link = /https?:\/\/\S+\/check-in\?token=\S+/.exec(
      checkIn?.body.text ?? '',
    )?.[0] as string;
    expect(link).toBeDefined();

    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('How is your mentoring going?');
    const withScript = await browser.newContext();
    const checked = await withScript.newPage();
    await checked.goto(link);
    expect(await seriousAxeFindings(checked)).toEqual([]);

    // Yes, met, but no count: the page says so beside the field.
    await tabTo(page, 'input[name=met][value=yes]');
    await page.keyboard.press('Space');
    await tabTo(page, 'input[name=rating][value="1"]');
    // Arrow keys move through a radio group, as a keyboard user does.
    for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowRight');
    await tabTo(page, 'input[name=contactStaff][value=yes]');
    await page.keyboard.press('ArrowRight');
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForLoadState();
    expect(await page.getByRole('alert').textContent()).toContain(
      'Say how many times you have met',
    );
    expect(await page.locator('#meetings').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('input[name=rating][value="4"]').isChecked()).toBe(true);

    await tabTo(page, '#meetings');
    await page.keyboard.type('2');
    await tabTo(page, '#note');
    await page.keyboard.type('We meet every other week.');
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=1/);
    expect(await page.getByRole('status').textContent()).toContain(
      'Thank you: your answers are saved.',
    );
    expect(await page.locator('#note').inputValue()).toBe('We meet every other week.');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'check-in.png'), fullPage: true });
    if (process.env.DOCS_SCREENSHOTS === '1') {
      await page.screenshot({ path: DOCS_CHECK_IN_PNG, fullPage: true });
    }
    await checked.goto(page.url());
    expect(await seriousAxeFindings(checked)).toEqual([]);
    await context.close();
    await withScript.close();
  });

  it('shows staff the match with its last check-in on the Matches page, and records a follow-up', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, gateway.url, {
      email: 'casey@ladocs.example',
      group: 'staff',
      path: '#/matches',
    });
    await page.getByRole('heading', { name: /^Matches/ }).waitFor({ timeout: 10_000 });
    const row = page
      .getByRole('row')
      .filter({ hasText: 'Check-in 1. Mentee: met 2×; going 4 of 5.' });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getByRole('cell').nth(3).textContent()).toBe('None');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await row.getByRole('button', { name: /^History of/ }).click();
    await page.getByText('We meet every other week.').waitFor();
    await page.getByLabel('What you did').fill('Called the mentee; all fine.');
    await page.getByRole('button', { name: 'Record follow-up' }).click();
    await page.getByRole('status').filter({ hasText: 'Follow-up recorded for' }).waitFor();
    await page.getByText(/casey@ladocs\.example: Called the mentee; all fine\./).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'console-matches.png'), fullPage: true });
    await context.close();
  });
});
