import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayProcess } from '../../infra/local/gateway-process.js';
import type { Cycle } from '../../shared/applications/cycles.js';
import { toLosAngelesWallTime } from '../../shared/platform/text/los-angeles-time.js';
import { launchChromium } from '../support/browser.js';
import { aMenteeApplication, aMentorApplication, uniqueEmail } from '../support/builders.js';
import {
  screenshot,
  seriousAxeFindings,
  signIn,
  watchForViolations,
} from '../support/console-browser.js';
import { startGatewayWithAdmin } from '../support/in-process-intake.js';
import { emailsTo, eventually, waitForEmails } from '../support/local-aws.js';
import { adminCaller } from '../support/matched-pair.js';

/** The Cycles picture in the staff guide (written with DOCS_SCREENSHOTS=1). */
const DOCS_CYCLES_PNG = fileURLToPath(new URL('../../docs/images/cycles.png', import.meta.url));

// A gateway and table of their own: a cycle changes what every list shows by default, and
// its window what the forms take, so no other test may see these.
let gateway: GatewayProcess;
let browser: Browser;
let admins: string;

beforeAll(async () => {
  ({ gateway, admins } = await startGatewayWithAdmin('program-year'));
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
});

const PATIENTLY = { timeout: 10_000 };

const asAdmin = (path: string, method = 'GET', body?: unknown, version?: number) =>
  adminCaller(gateway.url, admins)(path, method, body, version);
const hours = (offset: number) =>
  toLosAngelesWallTime(new Date(Date.now() + offset * 3_600_000).toISOString());
const apply = async (type: 'mentor' | 'mentee', application: Record<string, unknown>) => {
  const response = await fetch(`${gateway.url}/applications/${type}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(application),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
};

describe('the program’s year in the console, in Chromium', () => {
  it('opens on the dashboard; an admin creates a cycle, carries waiting mentees over and invites last cycle’s mentors', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = await watchForViolations(page);
    await signIn(page, gateway.url, { email: 'ada@ladocs.example', group: 'admins', path: '#/' });

    // The first page is the dashboard, and the navigation says so.
    await page.getByRole('heading', { name: /^Dashboard/ }).waitFor(PATIENTLY);
    const nav = page.getByRole('navigation', { name: 'Sections' });
    expect(await nav.getByRole('link', { name: 'Dashboard' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await nav.getByRole('link', { name: 'Cycles' }).click();
    await page.getByRole('heading', { name: 'Cycles' }).waitFor();
    await page.getByText('No cycle is set up, so the forms are always open.').waitFor(PATIENTLY);
    expect(await seriousAxeFindings(page)).toEqual([]);

    // Last year: a mentor and a waitlisted mentee applied while it was open; then it closed.
    const mentorEmail = uniqueEmail('year-mentor');
    let lastYear = (await asAdmin('/admin/cycles', 'POST', {
      name: '2026 Mentoring Program',
      opensAt: hours(-1),
      closesAt: hours(1),
    })) as Cycle;
    await apply('mentor', aMentorApplication({ email: mentorEmail }));
    const mentee = await apply('mentee', aMenteeApplication({ lastName: 'Waitlisted' }));
    await asAdmin(`/admin/submissions/${mentee.id}`, 'PATCH', { status: 'under_review' }, 1);
    await asAdmin(`/admin/submissions/${mentee.id}`, 'PATCH', { status: 'waitlisted' }, 2);
    await waitForEmails(mentorEmail, 1);
    lastYear = (await asAdmin(
      `/admin/cycles/${lastYear.id}`,
      'PUT',
      { name: lastYear.name, opensAt: hours(-6), closesAt: hours(-5) },
      lastYear.version,
    )) as Cycle;
    await page.reload();
    await page.getByRole('row', { name: /2026 Mentoring Program/ }).waitFor(PATIENTLY);

    // This year's, through the form: a mistake first, said beside its field.
    await page.getByRole('button', { name: 'New cycle' }).click();
    await page.getByLabel('Name').fill('2027 Mentoring Program');
    await page.getByLabel('Applications open').fill(hours(-1));
    await page.getByLabel('Applications close', { exact: true }).fill(hours(-2));
    await page.getByRole('button', { name: 'Create cycle' }).click();
    const closes = page.locator('#cycle-closesAt');
    await page.getByText('Applications must close after they open.').first().waitFor();
    expect(await closes.getAttribute('aria-invalid')).toBe('true');
    expect(await closes.evaluate((input) => input === document.activeElement)).toBe(true);
    await closes.fill(hours(24 * 30));
    await page.getByLabel('Matching day (optional)').fill('2027-03-01');
    await page.getByRole('button', { name: 'Create cycle' }).click();
    const said = page.getByRole('status').filter({ hasText: 'Created 2027 Mentoring Program.' });
    await said.waitFor(PATIENTLY);
    const thisYear = page.getByRole('row', { name: /2027 Mentoring Program/ });
    expect(await thisYear.getByRole('cell').nth(3).textContent()).toBe('Open (current)');

    await thisYear.getByRole('button', { name: /^Carry over waiting mentees into/ }).click();
    await page
      .getByRole('status')
      .filter({
        hasText:
          'Carried 1 waiting mentee of 2026 Mentoring Program into 2027 Mentoring Program, with priority in matching.',
      })
      .waitFor(PATIENTLY);
    await thisYear.getByRole('button', { name: /^Invite last cycle's mentors/ }).click();
    await page
      .getByRole('status')
      .filter({
        hasText:
          'Invited 1 mentor of 2026 Mentoring Program to take part in 2027 Mentoring Program.',
      })
      .waitFor(PATIENTLY);
    await thisYear.getByRole('button', { name: /^Invite last cycle's mentors/ }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Invited 0 mentors of 2026 Mentoring Program' })
      .filter({ hasText: '1 had been invited already' })
      .waitFor(PATIENTLY);
    const invitations = await eventually(
      async () => (await emailsTo(mentorEmail)).filter((email) => email.subject.includes('again')),
      (found) => found.length > 0,
    );
    expect(invitations).toHaveLength(1);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'cycles');
    if (process.env.DOCS_SCREENSHOTS === '1') {
      await page.screenshot({ path: DOCS_CYCLES_PNG, fullPage: true });
    }

    // The list shows the current cycle by default: the carried mentee is in it; all cycles
    // show the mentor of last year too.
    await nav.getByRole('link', { name: 'Applications' }).click();
    const cycleFilter = page.getByLabel('Cycle');
    await cycleFilter.waitFor(PATIENTLY);
    expect(await cycleFilter.locator('option:checked').textContent()).toBe(
      '2027 Mentoring Program (current)',
    );
    await page.getByRole('row', { name: /Waitlisted/ }).waitFor(PATIENTLY);
    expect(await page.getByRole('table').getByRole('row').count()).toBe(2);
    await cycleFilter.selectOption({ label: 'All cycles' });
    await page.getByRole('button', { name: 'Find' }).click();
    await page.waitForURL(/cycle=all/);
    await eventually(
      () => page.getByRole('table').getByRole('row').count(),
      (rows) => rows === 3,
    );
    expect(await seriousAxeFindings(page)).toEqual([]);
    expect(await violations()).toEqual([]);
    await context.close();
  });
});
