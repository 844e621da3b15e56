import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayProcess } from '../../infra/local/gateway-process.js';
import type { Cycle } from '../../shared/applications/cycles.js';
import type { Submission } from '../../shared/applications/submission.js';
import { toLosAngelesWallTime } from '../../shared/platform/text/los-angeles-time.js';
import { ARTIFACTS_DIR, launchChromium, seriousAxeFindings, tabTo } from '../support/browser.js';
import { aMentorApplication, uniqueEmail } from '../support/builders.js';
import { startGatewayWithAdmin } from '../support/in-process-intake.js';
import { emailsTo, eventually, waitForEmails } from '../support/local-aws.js';
import { adminCaller } from '../support/matched-pair.js';

/** The returning mentor's page in the staff guide (written with DOCS_SCREENSHOTS=1). */
const DOCS_RETURNING_MENTOR_PNG = fileURLToPath(
  new URL('../../docs/images/returning-mentor.png', import.meta.url),
);

// A gateway and table of their own: these cycles must not close the forms other files use.
let gateway: GatewayProcess;
let browser: Browser;
let admins: string;

beforeAll(async () => {
  ({ gateway, admins } = await startGatewayWithAdmin('returning-mentor-browser'));
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
});

const admin = (path: string, method = 'GET', body?: unknown, version?: number) =>
  adminCaller(gateway.url, admins)(path, method, body, version);
const hours = (offset: number) =>
  toLosAngelesWallTime(new Date(Date.now() + offset * 3_600_000).toISOString());

describe('a returning mentor, in Chromium with JavaScript off', () => {
  it('opens the invitation’s link, corrects a mistake and confirms with the keyboard; each view passes axe', async () => {
    const email = uniqueEmail('returning-browser');
    const lastYear = (await admin('/admin/cycles', 'POST', {
      name: '2026 Mentoring Program',
      opensAt: hours(-1),
      closesAt: hours(1),
    })) as Cycle;
    await fetch(`${gateway.url}/applications/mentor`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aMentorApplication({ email, capacity: 2 })),
    });
    await waitForEmails(email, 1);
    await admin(
      `/admin/cycles/${lastYear.id}`,
      'PUT',
      { name: lastYear.name, opensAt: hours(-6), closesAt: hours(-5) },
      lastYear.version,
    );
    const thisYear = (await admin('/admin/cycles', 'POST', {
      name: '2027 Mentoring Program',
      opensAt: hours(-1),
      closesAt: hours(48),
    })) as Cycle;
    await admin(`/admin/cycles/${thisYear.id}/invitations`, 'POST');
    const invitation = await eventually(
      async () => (await emailsTo(email)).find((each) => each.subject.includes('again')),
      Boolean,
    );
    const link = /https?:\/\/\S+\/returning-mentor\?token=\S+/.exec(
      invitation?.body.text ?? '',
    )?.[0];
    expect(link).toBeDefined();

    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link as string);
    expect(await page.locator('h1').textContent()).toBe(
      'Take part again in the 2027 Mentoring Program',
    );
    expect(await page.locator('#capacity').inputValue()).toBe('2');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'returning-mentor.png'), fullPage: true });
    if (process.env.DOCS_SCREENSHOTS === '1') {
      await page.screenshot({ path: DOCS_RETURNING_MENTOR_PNG, fullPage: true });
    }
    const withScript = await browser.newContext();
    const checked = await withScript.newPage();
    await checked.goto(link as string);
    expect(await seriousAxeFindings(checked)).toEqual([]);

    // The keyboard alone: leave consent unticked, send, and read what the page says.
    await tabTo(page, '#capacity');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
    // The browser's own check stops an unticked required box: send without it, as a
    // browser that lacks it would, to see the server's message.
    await page.evaluate(() => document.querySelector('form')?.setAttribute('novalidate', ''));
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForLoadState();
    expect(await page.getByRole('alert').textContent()).toContain('Consent');
    expect(await page.locator('#consent').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#capacity').inputValue()).toBe('3');
    await page.screenshot({
      path: join(ARTIFACTS_DIR, 'returning-mentor-problem.png'),
      fullPage: true,
    });
    // The same mistake where axe can run (it needs script), then its findings.
    await checked.evaluate(() => document.querySelector('form')?.setAttribute('novalidate', ''));
    await checked.getByRole('button', { name: 'Confirm my place' }).click();
    await checked.getByRole('alert').waitFor();
    expect(await seriousAxeFindings(checked)).toEqual([]);

    await tabTo(page, '#consent');
    await page.keyboard.press('Space');
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/thank-you\?reference=LM-/);
    const listed = (await admin(`/admin/submissions?type=mentor&cycle=${thisYear.id}`, 'GET')) as {
      items: Submission[];
    };
    expect(listed.items.map((item) => item.application)).toEqual([
      expect.objectContaining({ email, capacity: 3, consent: true }),
    ]);
    await context.close();
    await withScript.close();
  });
});
