import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayProcess } from '../../infra/local/gateway-process.js';
import type { Cycle } from '../../shared/applications/cycles.js';
import { documentClientOver } from '../../shared/platform/aws/clients.js';
import { toLosAngelesWallTime } from '../../shared/platform/text/los-angeles-time.js';
import { launchChromium } from '../support/browser.js';
import { aMentorApplication, uniqueEmail } from '../support/builders.js';
import { completeTheCycle } from '../support/completed-mentor.js';
import {
  screenshot,
  seriousAxeFindings,
  signIn,
  watchForViolations,
} from '../support/console-browser.js';
import { dynamoDbClient, startGatewayWithAdmin } from '../support/in-process-intake.js';
import { emailsTo, eventually, waitForEmails } from '../support/local-aws.js';
import { adminCaller } from '../support/matched-pair.js';
import { pdfText } from '../support/pdf-text.js';

/** The Letters picture in the staff guide (written with DOCS_SCREENSHOTS=1). */
const DOCS_LETTERS_PNG = fileURLToPath(new URL('../../docs/images/letters.png', import.meta.url));

// A gateway and table of their own: the cycle and its completed mentors are this test's.
let gateway: GatewayProcess;
let tableName: string;
let browser: Browser;
let admins: string;

beforeAll(async () => {
  ({ gateway, tableName, admins } = await startGatewayWithAdmin('letters-browser'));
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
});

const PATIENTLY = { timeout: 10_000 };
const asAdmin = (path: string, method = 'GET', body?: unknown) =>
  adminCaller(gateway.url, admins)(path, method, body);
const hours = (offset: number) =>
  toLosAngelesWallTime(new Date(Date.now() + offset * 3_600_000).toISOString());
const applyToMentor = async (application: Record<string, unknown>) => {
  const response = await fetch(`${gateway.url}/applications/mentor`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(application),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
};

describe('letters of recognition in the console, in Chromium', () => {
  it('an admin issues letters from the cycle’s Letters page with the keyboard, hears what happened, and downloads one', async () => {
    const cycle = (await asAdmin('/admin/cycles', 'POST', {
      name: '2026 Mentoring Program',
      opensAt: hours(-1),
      closesAt: hours(2),
    })) as Cycle;
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const violations = await watchForViolations(page);
    await signIn(page, gateway.url, {
      email: 'ada@ladocs.example',
      group: 'admins',
      path: '#/cycles',
    });

    // Before anyone completes the cycle, the page says why there is nothing to issue.
    await page.getByRole('link', { name: `Letters of recognition for ${cycle.name}` }).click();
    await page
      .getByText(
        'No mentor has completed this cycle yet: letters can be issued once the cycle is completed.',
      )
      .waitFor(PATIENTLY);
    expect(await seriousAxeFindings(page)).toEqual([]);

    const jose = uniqueEmail('browser-letter-jose');
    const wendy = uniqueEmail('browser-letter-wendy');
    const joseId = await applyToMentor(
      aMentorApplication({ email: jose, firstName: 'José', lastName: 'Núñez', credential: 'MD' }),
    );
    const wendyId = await applyToMentor(
      aMentorApplication({
        email: wendy,
        firstName: 'Wendy',
        lastName: 'Coates',
        credential: 'DO',
      }),
    );
    await waitForEmails(jose, 1);
    await waitForEmails(wendy, 1);
    const documents = documentClientOver(dynamoDbClient());
    await completeTheCycle(documents, tableName, joseId, {
      matches: [{ meetings: [2, 6] }, { meetings: [4] }],
      letterByEmail: true,
    });
    await completeTheCycle(documents, tableName, wendyId, { matches: [{ meetings: [3] }] });

    await page.reload();
    const table = page.getByRole('table', { name: `Mentors who completed ${cycle.name}, by name` });
    await table.waitFor(PATIENTLY);
    const joseRow = table.getByRole('row', { name: /José Núñez, MD/ });
    expect(await joseRow.getByRole('cell').allInnerTexts()).toEqual(
      expect.arrayContaining(['2', '10', 'Yes', 'Not issued']),
    );
    expect(
      await table
        .getByRole('row', { name: /Wendy Coates, DO/ })
        .getByRole('cell')
        .allInnerTexts(),
    ).toEqual(expect.arrayContaining(['No']));
    expect(await seriousAxeFindings(page)).toEqual([]);

    // Select all with the keyboard, then issue.
    const selectAll = page.getByRole('checkbox', { name: 'Select all 2 mentors' });
    await selectAll.focus();
    await page.keyboard.press('Space');
    expect(await page.getByRole('checkbox', { name: 'Select José Núñez, MD' }).isChecked()).toBe(
      true,
    );
    await page.getByRole('button', { name: 'Issue letters (2 selected)' }).focus();
    await page.keyboard.press('Enter');

    const status = page.locator('.bulk-summary[role="status"]');
    await status
      .getByText('Issued 2 letters, 1 of them emailed with the mentor’s consent.')
      .waitFor(PATIENTLY);
    await joseRow
      .getByText(/^Issued .* by ada@ladocs\.example\. (Being emailed|Emailed)\.$/)
      .waitFor(PATIENTLY);
    await screenshot(page, 'letters');
    if (process.env.DOCS_SCREENSHOTS === '1') {
      await page.screenshot({ path: DOCS_LETTERS_PNG, fullPage: true });
    }
    expect(await seriousAxeFindings(page)).toEqual([]);

    // Asked again: nothing issued or emailed twice, and the page says so.
    await page.getByRole('checkbox', { name: 'Select José Núñez, MD' }).check();
    await page.getByRole('button', { name: 'Issue letters (1 selected)' }).click();
    await status
      .getByText('1 mentor had a letter already: nothing was issued or emailed again.')
      .waitFor(PATIENTLY);

    // Wendy did not ask for hers by email: staff download it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the letter of Wendy Coates, DO' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(
      'letter-of-recognition-wendy-coates-do-2026-mentoring-program.pdf',
    );
    const { text } = await pdfText(await readFile((await download.path()) as string));
    expect(text.replace(/\s+/g, ' ')).toContain(
      'Wendy Coates, DO mentored 1 mentee through the cycle and reported 3 meetings with them.',
    );
    const letters = await eventually(
      async () =>
        (await emailsTo(jose)).filter((email) => email.subject.includes('letter of recognition')),
      (found) => found.length === 1,
    );
    expect(letters).toHaveLength(1);
    expect(
      (await emailsTo(wendy)).filter((email) => email.subject.includes('letter of recognition')),
    ).toEqual([]);
    expect(await violations()).toEqual([]);
    await context.close();
  });

  it('tells staff who are not admins that letters are for admins', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, gateway.url, {
      email: 'sam@ladocs.example',
      group: 'staff',
      path: '#/cycles/any-cycle/letters',
    });
    await page.getByText('Letters of recognition are issued by admins.').waitFor(PATIENTLY);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await context.close();
  });
});
