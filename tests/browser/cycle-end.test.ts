import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayProcess } from '../../infra/local/gateway-process.js';
import type { Cycle } from '../../shared/applications/cycles.js';
import { toLosAngelesWallTime } from '../../shared/platform/text/los-angeles-time.js';
import { ARTIFACTS_DIR, launchChromium, seriousAxeFindings, tabTo } from '../support/browser.js';
import { uniqueEmail } from '../support/builders.js';
import { signIn } from '../support/console-browser.js';
import { startGatewayWithAdmin } from '../support/in-process-intake.js';
import { emailsTo, eventually } from '../support/local-aws.js';
import { adminCaller, matchedPair, runCheckInScheduler } from '../support/matched-pair.js';

/** The staff guide's pictures (written with DOCS_SCREENSHOTS=1). */
const docsImage = (name: string) =>
  fileURLToPath(new URL(`../../docs/images/${name}`, import.meta.url));
const screenshot = async (page: import('playwright-core').Page, name: string) => {
  await page.screenshot({ path: join(ARTIFACTS_DIR, name), fullPage: true });
  if (process.env.DOCS_SCREENSHOTS === '1') {
    await page.screenshot({ path: docsImage(name), fullPage: true });
  }
};

// A gateway and table of their own: its cycle opens and closes here, and no other test's.
let gateway: GatewayProcess;
let tableName: string;
let browser: Browser;
let admins: string;
const HOUR = 3_600_000;
const wallTime = (offsetHours: number) =>
  toLosAngelesWallTime(new Date(Date.now() + offsetHours * HOUR).toISOString());

beforeAll(async () => {
  ({ gateway, tableName, admins } = await startGatewayWithAdmin('cycle-end-browser'));
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
});

describe('the end of the year, in Chromium', () => {
  const emails = { mentor: uniqueEmail('year-end-mentor'), mentee: uniqueEmail('year-end-mentee') };
  let cycle: Cycle;

  beforeAll(async () => {
    const admin = adminCaller(gateway.url, admins);
    cycle = (await admin('/admin/cycles', 'POST', {
      name: '2027 Mentoring Program',
      opensAt: wallTime(-24),
      closesAt: wallTime(24),
      endsOn: new Date(Date.now() + 200 * 24 * HOUR).toISOString().slice(0, 10),
    })) as Cycle;
    const { approvedAt } = await matchedPair(gateway.url, tableName, admins, emails);
    await runCheckInScheduler(tableName, approvedAt, 31);
    const checkIn = await eventually(
      async () => (await emailsTo(emails.mentee)).find((email) => email.subject.endsWith('going?')),
      Boolean,
    );
    const token = /\/check-in\?token=(\S+)/.exec(checkIn?.body.text ?? '')?.[1] as string;
    const answered = await fetch(`${gateway.url}/check-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${token}&met=yes&meetings=3&rating=4&contactStaff=no`,
      redirect: 'manual',
    });
    expect(answered.status).toBe(303);
    // The window closes (an hour ago, as an admin would move it); the program year runs on.
    cycle = (await admin(
      `/admin/cycles/${cycle.id}`,
      'PUT',
      { name: cycle.name, opensAt: wallTime(-24), closesAt: wallTime(-1), endsOn: cycle.endsOn },
      cycle.version,
    )) as Cycle;
  }, 120_000);

  it('lets an admin complete the closed cycle from its Outcomes page, and shows what came of it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, gateway.url, {
      email: 'ada@ladocs.example',
      group: 'admins',
      path: '#/outcomes',
    });
    await page.getByRole('heading', { name: 'Outcomes: 2027 Mentoring Program' }).waitFor();
    await page.getByText('Not completed yet').waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.getByRole('button', { name: 'Complete this cycle now…' }).click();
    await page.getByRole('heading', { name: 'Complete 2027 Mentoring Program now?' }).waitFor();
    await page.getByRole('button', { name: 'Yes, complete it' }).click();
    await page
      .getByRole('status')
      .filter({
        hasText:
          'Completed 2027 Mentoring Program: 1 match completed, 2 people asked to evaluate the year.',
      })
      .waitFor();
    await page.getByText(/^Completed on /).waitFor();
    expect(await page.getByRole('button', { name: 'Complete this cycle now…' }).count()).toBe(0);
    // The figures, and each chart's numbers as a table beside it.
    const figures = await page.locator('ul.figures').textContent();
    expect(figures).toContain('1 match made');
    expect(figures).toContain('1 completed');
    const responses = page.getByRole('table', { name: 'Check-in responses (as a table)' });
    expect(await responses.getByRole('row', { name: /Check-in 1/ }).textContent()).toBe(
      'Check-in 121',
    );
    expect(
      await page.getByRole('img', { name: /Check-in responses/ }).getAttribute('aria-labelledby'),
    ).toBe('check-in-responses-title check-in-responses-desc');
    const meetings = page.getByRole('table', { name: /Meetings each mentor reported/ });
    expect(await meetings.locator('tbody tr td').last().textContent()).toBe('0');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download as CSV' }).click();
    expect((await download).suggestedFilename()).toBe(
      'mentoring-outcomes-2027_Mentoring_Program.csv',
    );
    expect(await seriousAxeFindings(page)).toEqual([]);
    await context.close();
  });

  it('takes the mentee’s evaluation with the keyboard from the email, with JavaScript off', async () => {
    const evaluation = await eventually(
      async () =>
        (await emailsTo(emails.mentee)).find((email) =>
          email.subject.endsWith('how was your year?'),
        ),
      Boolean,
    );
    const link = /https?:\/\/\S+\/evaluation\?token=\S+/.exec(evaluation?.body.text ?? '')?.[0];
    expect(link).toBeDefined();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link as string);
    expect(await page.locator('h1').textContent()).toBe('How was your year in the program?');
    const withScript = await browser.newContext();
    const checked = await withScript.newPage();
    await checked.goto(link as string);
    expect(await seriousAxeFindings(checked)).toEqual([]);

    // Would take part again, gained two things, but no answer about the mentor yet: the
    // server's per-field answer to that is tested on DynamoDB Local (cycle-end.test.ts).
    await tabTo(page, 'input[name=takePartAgain][value=yes]');
    await page.keyboard.press('Space');
    await tabTo(page, 'input[name=gained][value=career_guidance]');
    await page.keyboard.press('Space');
    await tabTo(page, 'input[name=gained][value=connections]');
    await page.keyboard.press('Space');
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
    // The browser's own check stops the post (the radios are required), with no script.
    await page.waitForLoadState();
    expect(page.url()).not.toContain('done=1');
    expect(await page.locator('input[name=recommendMentor]:invalid').count()).toBe(2);
    expect(await page.locator('input[name=gained][value=connections]').isChecked()).toBe(true);
    await tabTo(page, 'input[name=recommendMentor][value=yes]');
    await page.keyboard.press('Space');
    await tabTo(page, '#note');
    await page.keyboard.type('The evening calls worked best.');
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/done=1/);
    expect(await page.getByRole('status').textContent()).toContain(
      'Thank you: your answers are saved.',
    );
    await screenshot(page, 'evaluation.png');
    await checked.goto(page.url());
    expect(await seriousAxeFindings(checked)).toEqual([]);
    await context.close();
    await withScript.close();

    // Staff see it counted.
    const staff = await browser.newContext();
    const outcomes = await staff.newPage();
    await signIn(outcomes, gateway.url, {
      email: 'casey@ladocs.example',
      group: 'staff',
      path: '#/outcomes',
    });
    await outcomes.getByText('1 of 2 people answered (50%).').waitFor();
    await outcomes.getByRole('table', { name: 'What people gained (as a table)' }).waitFor();
    expect(await seriousAxeFindings(outcomes)).toEqual([]);
    await screenshot(outcomes, 'outcomes.png');
    await staff.close();
  });
});
