import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayProcess } from '../../infra/local/gateway-process.js';
import { ARTIFACTS_DIR, launchChromium, seriousAxeFindings } from '../support/browser.js';
import { aMentorApplication, uniqueEmail } from '../support/builders.js';
import { signIn, watchForViolations } from '../support/console-browser.js';
import { startGatewayWithAdmin } from '../support/in-process-intake.js';
import { emailsTo, eventually } from '../support/local-aws.js';
import { adminCaller, matchedPair } from '../support/matched-pair.js';

/** The colleague dialog in the staff guide (written with DOCS_SCREENSHOTS=1). */
const DOCS_COLLEAGUE_PNG = fileURLToPath(
  new URL('../../docs/images/colleague.png', import.meta.url),
);

// A gateway and table of their own: one match, and the mentors who could join it.
let gateway: GatewayProcess;
let tableName: string;
let browser: Browser;
let admins: string;

beforeAll(async () => {
  ({ gateway, tableName, admins } = await startGatewayWithAdmin('colleague-browser'));
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
});

/** Tabs forward until the focused element matches `selector`: keyboard only. */
async function tabTo(page: Page, selector: string) {
  for (let presses = 0; presses < 60; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted), selector)) return;
  }
  throw new Error(`${selector} is not reachable with Tab`);
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('bringing in a colleague from the Matches page, in Chromium', () => {
  it('states the need, reads the ranked candidates and their reasons, chooses one with the keyboard, and passes axe on the dialog', async () => {
    const emails = {
      mentor: uniqueEmail('colleague-b-mentor'),
      mentee: uniqueEmail('colleague-b-mentee'),
      colleague: uniqueEmail('colleague-b-peds'),
    };
    const admin = adminCaller(gateway.url, admins);
    await matchedPair(gateway.url, tableName, admins, emails);
    const applied = await fetch(`${gateway.url}/applications/mentor`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        aMentorApplication({
          email: emails.colleague,
          firstName: 'Ana',
          lastName: 'Ruiz',
          specialty: 'pediatrics',
        }),
      ),
    });
    const { id: colleagueId } = (await applied.json()) as { id: string };
    await admin(`/admin/submissions/${colleagueId}`, 'PATCH', { status: 'under_review' }, 1);

    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = await watchForViolations(page);
    await signIn(page, gateway.url, {
      email: 'casey@ladocs.example',
      group: 'staff',
      path: '#/matches',
    });
    const open = page.getByRole('button', { name: 'Bring in a colleague for Jordan Lee' });
    await open.waitFor({ timeout: 10_000 });

    // Opened from the keyboard; a need left out is said beside its field, which takes focus.
    await open.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Bring in a colleague for Jordan Lee' });
    await dialog.waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await tabTo(page, 'dialog button[type=submit]');
    await page.keyboard.press('Enter');
    await dialog.getByText('Say what the colleague is needed for').waitFor();
    expect(await focusedId(page)).toMatch(/-need$/);
    const need = dialog.getByLabel('What the colleague is needed for');
    expect(await need.getAttribute('aria-invalid')).toBe('true');

    await page.keyboard.type('A pediatric emergency rotation');
    await dialog.getByLabel('Specialty it is for (optional)').selectOption('pediatrics');
    await tabTo(page, 'dialog button[type=submit]');
    await page.keyboard.press('Enter');
    const candidates = dialog.getByRole('group', { name: /Choose a colleague/ });
    await candidates.waitFor();
    const first = candidates.getByRole('radio').first();
    expect(await candidates.getByRole('radio').count()).toBe(1);
    expect(await dialog.getByText(/Ana Ruiz, Pediatrics: score \d+, 2 places left/).count()).toBe(
      1,
    );
    await dialog
      .getByText("The mentor's specialty, Pediatrics, is one the mentee is interested in")
      .waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'console-colleague.png'), fullPage: true });
    if (process.env.DOCS_SCREENSHOTS === '1') {
      await page.screenshot({ path: DOCS_COLLEAGUE_PNG, fullPage: true });
    }

    // Confirming with none chosen says so beside the list; then Space chooses Ana Ruiz.
    await tabTo(page, 'dialog button[type=submit]');
    await page.keyboard.press('Enter');
    await dialog.getByText('Choose one of the colleagues listed.').waitFor();
    expect(await first.evaluate((radio) => radio === document.activeElement)).toBe(true);
    await page.keyboard.press('Space');
    expect(await first.isChecked()).toBe(true);
    await tabTo(page, 'dialog button[type=submit]');
    await page.keyboard.press('Enter');

    await page
      .getByRole('status')
      .filter({ hasText: "Ana Ruiz is now Jordan Lee's colleague, beside Wendy Coates" })
      .waitFor();
    expect(await dialog.isVisible()).toBe(false);
    const row = page.getByRole('row').filter({ hasText: 'Jordan Lee' });
    // The list is read again once the status is said: the row follows.
    const colleague = row.locator('p.colleague-line');
    await colleague.waitFor();
    expect(await colleague.textContent()).toBe(
      'Colleague: Ana Ruiz, for: A pediatric emergency rotation',
    );
    await row
      .getByRole('button', { name: 'End colleague match of Ana Ruiz with Jordan Lee' })
      .waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    expect(await violations()).toEqual([]);
    await eventually(
      async () =>
        (await emailsTo(emails.colleague)).filter((email) => email.subject.includes('colleague')),
      (found) => found.length === 1,
    );
    await context.close();
  });
});
