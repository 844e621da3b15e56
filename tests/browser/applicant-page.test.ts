import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ARTIFACTS_DIR, launchChromium, seriousAxeFindings } from '../support/browser.js';
import { aMenteeApplication, uniqueEmail } from '../support/builders.js';
import { signIn } from '../support/console-browser.js';
import { storedApplication, waitForEmails } from '../support/local-aws.js';

const gatewayUrl = inject('gatewayUrl');
let browser: Browser;
let noScript: BrowserContext;
let withScript: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
  // The applicant's page must work with JavaScript off; axe needs it on to run.
  noScript = await browser.newContext({ javaScriptEnabled: false });
  withScript = await browser.newContext();
});
afterAll(async () => {
  await browser?.close();
});

async function applyAndFollowLink(): Promise<{
  id: string;
  reference: string;
  link: string;
  messageId: string;
}> {
  const email = uniqueEmail('own-page');
  const response = await fetch(`${gatewayUrl}/applications/mentee`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      aMenteeApplication({
        email,
        statement: 'Markup stays text: <b>bold</b> <img src=x onerror=alert(1)>',
      }),
    ),
  });
  const { id, reference } = (await response.json()) as { id: string; reference: string };
  const [confirmation] = await waitForEmails(email, 1);
  const link = /https?:\/\/\S+\/my-application\?token=\S+/.exec(confirmation?.body.text ?? '')?.[0];
  expect(link).toBeDefined();
  return { id, reference, link: link as string, messageId: confirmation?.messageId as string };
}

/**
 * Opens the confirmation in the SES stand-in's inbox page, shows its HTML and clicks the
 * link, as a person trying it locally does: the link opens a new tab (the page refuses to
 * be framed, and the inbox shows emails in a frame). Returns where the tab went.
 */
async function openFromInbox(messageId: string): Promise<string> {
  const inbox = await withScript.newPage();
  await inbox.goto(inject('sesUrl'));
  await inbox.locator(`button[onclick="toggle('${messageId}-html')"]`).click();
  const [opened] = await Promise.all([
    withScript.waitForEvent('page'),
    inbox
      .frameLocator(`[id="${messageId}-html-iframe"]`)
      .getByRole('link', { name: /See what you sent/ })
      .click(),
  ]);
  await opened.waitForLoadState();
  expect(await opened.locator('h1').textContent()).toBe('Your mentee application');
  const url = opened.url();
  await inbox.close();
  await opened.close();
  return url;
}

/** Tabs from the top of the page to the control named `name`: keyboard only. */
async function tabTo(page: Page, name: string) {
  for (let presses = 0; presses < 40; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page
      .evaluate(() => document.activeElement?.textContent?.trim() ?? '')
      .catch(() => '');
    if (focused === name) return;
  }
  throw new Error(`"${name}" is not reachable with Tab`);
}

async function axeClean(url: string, shot: string) {
  const page = await withScript.newPage();
  await page.goto(url);
  await page.screenshot({
    path: join(ARTIFACTS_DIR, `applicant-page-${shot}.png`),
    fullPage: true,
  });
  expect(await seriousAxeFindings(page)).toEqual([]);
  await page.close();
}

describe("the applicant's own page in Chromium, JavaScript off", () => {
  it('opens from the inbox, withdraws with the keyboard through the confirmation step, then deletes; each view passes axe', async () => {
    const { id, reference, link, messageId } = await applyAndFollowLink();
    expect(await openFromInbox(messageId)).toBe(link);
    const page = await noScript.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Trusted Type/i.test(message.text()))
        violations.push(message.text());
    });

    await page.goto(link);
    await expect(page.locator('h1').textContent()).resolves.toBe('Your mentee application');
    await expect(page.locator('dl.facts').first().textContent()).resolves.toContain(reference);
    // The statement's markup is shown as the applicant typed it, not run.
    expect(await page.locator('main').textContent()).toContain(
      'Markup stays text: <b>bold</b> <img src=x onerror=alert(1)>',
    );
    expect(await page.locator('img').count()).toBe(0);
    await axeClean(link, 'status');

    await page.keyboard.press('Home');
    await tabTo(page, 'Withdraw my application');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/my-application\/withdraw\?token=/);
    expect(await page.locator('h1').textContent()).toBe('Withdraw your application?');
    expect((await storedApplication(id))?.status).toBe('received');
    await axeClean(page.url(), 'confirm-withdraw');

    await tabTo(page, 'Yes, withdraw my application');
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=withdraw/);
    expect(await page.getByRole('status').textContent()).toBe(
      'Your application is withdrawn. Program staff have been told.',
    );
    expect(await page.locator('dl.facts').first().textContent()).toContain('Withdrawn.');
    expect((await storedApplication(id))?.status).toBe('withdrawn');
    await axeClean(page.url(), 'withdrawn');

    await tabTo(page, 'Delete my data');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/my-application\/delete\?token=/);
    expect(await page.locator('h1').textContent()).toBe('Delete your data?');
    await axeClean(page.url(), 'confirm-delete');
    await tabTo(page, 'Yes, delete my data');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/my-application\/delete$/);
    expect(await page.locator('h1').textContent()).toBe('Application deleted');
    expect((await storedApplication(id))?.status).toBe('erased');

    const again = await page.goto(link);
    expect(again?.status()).toBe(410);
    expect(await page.locator('main').textContent()).toContain('deleted at your request');
    await page.screenshot({
      path: join(ARTIFACTS_DIR, 'applicant-page-deleted.png'),
      fullPage: true,
    });
    await axeClean(link, 'deleted');
    expect(violations).toEqual([]);

    // Staff see that the applicant asked for it.
    const staff = await withScript.newPage();
    await signIn(staff, gatewayUrl, { email: 'ada@ladocs.example', group: 'admins' });
    await staff.goto(`${gatewayUrl}/console#/submissions/${id}`);
    await staff.getByRole('heading', { name: 'Erased application' }).waitFor();
    expect(await staff.locator('main p').first().textContent()).toMatch(
      /^This mentee application was erased on .+ [AP]M at the applicant's request, from the link in their confirmation email\. Nothing personal is kept\.$/,
    );
    await staff.close();
  });

  it('shows a refused link as a page a person can act on, usable at phone width', async () => {
    const { link } = await applyAndFollowLink();
    const forged = `${link.slice(0, -3)}${link.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const phone = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 375, height: 740 },
    });
    const page = await phone.newPage();
    const response = await page.goto(forged);
    expect(response?.status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('This link is not valid');
    await page.goto(link);
    await page.screenshot({
      path: join(ARTIFACTS_DIR, 'applicant-page-phone.png'),
      fullPage: true,
    });
    // Nothing runs off the side at phone width.
    const overflow = await withScript.newPage();
    await overflow.setViewportSize({ width: 375, height: 740 });
    await overflow.goto(link);
    expect(await overflow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    await axeClean(forged, 'refused');
    await phone.close();
  });
});
