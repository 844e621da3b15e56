/// <reference lib="dom" />
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startGatewayProcess } from '../../infra/local/gateway-process.js';
import { launchChromium } from '../support/browser.js';
import { aMenteeApplication, aMentorApplication, uniqueEmail } from '../support/builders.js';
import {
  screenshot,
  seriousAxeFindings,
  signIn,
  watchForViolations,
} from '../support/console-browser.js';
import { readReceipt } from '../support/http.js';
import { freshTable } from '../support/in-process-intake.js';
import { emailsTo, eventually, storedApplication, waitForEmails } from '../support/local-aws.js';
import { seedMatchablePool } from '../support/matching-seed.js';
import { reportDeliveryProblem } from '../support/ses-notifications.js';
import { staffToken } from '../support/staff-tokens.js';

/** The bulk review picture in the staff guide (written with DOCS_SCREENSHOTS=1). */
const DOCS_BULK_REVIEW_PNG = fileURLToPath(
  new URL('../../docs/images/bulk-review.png', import.meta.url),
);

/** The dashboard picture in the staff guide (written with DOCS_SCREENSHOTS=1). */
const DOCS_DASHBOARD_PNG = fileURLToPath(
  new URL('../../docs/images/dashboard.png', import.meta.url),
);

let browser: Browser;
const base = () => inject('gatewayUrl');

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** Letters only (names refuse digits), different in every run. */
function uniqueLetters(length = 6): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz';
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

async function apply(type: 'mentor' | 'mentee', application: Record<string, unknown>) {
  const response = await fetch(`${base()}/applications/${type}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(application),
  });
  expect(response.status).toBe(201);
  return readReceipt(response);
}

async function search(page: Page, text: string) {
  await page.getByLabel('Search').fill(text);
  await page.getByRole('button', { name: 'Find' }).click();
}

// A busy CI machine can take seconds to render what a person sees at once.
const PATIENTLY = { timeout: 10_000 };

const resultLinks = (page: Page) => page.getByRole('table').getByRole('link');

describe('the staff console in Chromium', () => {
  it('lets staff sign in, find an application by reference, email and name, and read an applicant’s markup as text', async () => {
    const suffix = uniqueLetters();
    const email = uniqueEmail('console');
    const receipt = await apply(
      'mentor',
      aMentorApplication({
        email,
        firstName: 'Ximena',
        lastName: `Núñez-${suffix}`,
        statement: '<img src=x onerror="window.injected=1"> I would like to mentor.',
      }),
    );
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = await watchForViolations(page);

    await signIn(page, base(), { email: 'casey@ladocs.example', group: 'staff' });
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'list-staff');

    await search(page, receipt.reference.toLowerCase());
    await expect
      .poll(() => resultLinks(page).allTextContents(), PATIENTLY)
      .toEqual([receipt.reference]);
    await search(page, email.toUpperCase());
    await expect
      .poll(() => resultLinks(page).allTextContents(), PATIENTLY)
      .toEqual([receipt.reference]);
    // Case- and accent-insensitive prefix of the last name.
    await search(page, `nunez-${suffix.slice(0, 4).toUpperCase()}`);
    await expect
      .poll(() => resultLinks(page).allTextContents(), PATIENTLY)
      .toEqual([receipt.reference]);
    await screenshot(page, 'search');
    // Staff see no admin controls.
    expect(await page.getByRole('button', { name: 'Export CSV' }).count()).toBe(0);

    await resultLinks(page).first().click();
    await page.getByRole('heading', { level: 1, name: /Ximena/ }).waitFor();
    expect(
      await page
        .getByText('<img src=x onerror="window.injected=1"> I would like to mentor.')
        .count(),
    ).toBe(1);
    expect(await page.locator('img').count()).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { injected?: number }).injected),
    ).toBeUndefined();
    expect(await page.getByRole('button', { name: 'Erase' }).count()).toBe(0);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'detail-staff');

    // A second application from the same address links to the first, in a readable sentence.
    const later = await apply(
      'mentor',
      aMentorApplication({ email, statement: 'Second thoughts.' }),
    );
    await page.goto(`${base()}/console#/submissions/${later.id}`);
    const duplicate = page
      .locator('dt', { hasText: 'Duplicate' })
      .locator('xpath=following-sibling::dd');
    await expect
      .poll(() => duplicate.textContent(), PATIENTLY)
      .toMatch(/^A later application from the same address\. Open the earlier application$/);
    expect(await duplicate.getByRole('link').getAttribute('href')).toBe(
      `#/submissions/${receipt.id}`,
    );
    expect(await violations()).toEqual([]);
    await context.close();
  });

  it('saves a status and notes, and a stale edit says what changed and keeps what was typed', async () => {
    const receipt = await apply('mentee', aMenteeApplication());
    const path = `#/submissions/${receipt.id}`;
    const first = await browser.newContext();
    const second = await browser.newContext();
    const ada = await first.newPage();
    const casey = await second.newPage();
    await signIn(ada, base(), { email: 'ada@ladocs.example', group: 'admins', path });
    await signIn(casey, base(), { email: 'casey@ladocs.example', group: 'staff', path });
    await ada.getByLabel('Status').waitFor();
    await casey.getByLabel('Status').waitFor();

    // Casey saves first; Ada, still on the version she opened, saves after.
    await casey.getByLabel('Status').selectOption('under_review');
    await casey.getByRole('button', { name: 'Save' }).click();
    await casey.getByText(/^Saved at/).waitFor();
    await ada.getByLabel('Status').selectOption('declined');
    await ada.getByLabel('Notes').fill('Spoke on the phone: no longer available this year.');
    await ada.getByRole('button', { name: 'Save' }).click();

    const alert = ada.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      'casey@ladocs.example changed the status from Received to Under review',
    );
    expect(await alert.textContent()).toContain(
      'The current status is Under review and there are no notes. Check them',
    );
    expect(await ada.getByLabel('Notes').inputValue()).toBe(
      'Spoke on the phone: no longer available this year.',
    );
    expect(await ada.getByLabel('Status').inputValue()).toBe('declined');
    await screenshot(ada, 'stale-edit');
    expect((await storedApplication(receipt.id))?.status).toBe('under_review');

    await ada.getByRole('button', { name: 'Save' }).click();
    await ada.getByText(/^Saved at/).waitFor();
    const stored = await storedApplication(receipt.id);
    expect(stored).toMatchObject({
      status: 'declined',
      notes: 'Spoke on the phone: no longer available this year.',
      version: 3,
    });
    expect(await ada.locator('.history li').allTextContents()).toEqual([
      expect.stringContaining('received'),
      expect.stringContaining(
        'casey@ladocs.example changed the status from Received to Under review',
      ),
      expect.stringContaining(
        'ada@ladocs.example changed the status from Under review to Declined and changed the notes',
      ),
    ]);
    await first.close();
    await second.close();
  });

  it('lets admins export the filtered list as a CSV download and erase an application after naming it', async () => {
    const email = uniqueEmail('erase');
    const receipt = await apply('mentor', aMentorApplication({ email }));
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const violations = await watchForViolations(page);
    await signIn(page, base(), { email: 'ada@ladocs.example', group: 'admins' });

    await page.getByLabel('Role').selectOption('mentor');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.waitForURL(/type=mentor/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^mentoring-applications-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path()) as string, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(receipt.reference);
    expect(csv).not.toContain(',Mentee,');

    await search(page, receipt.reference);
    await resultLinks(page).first().click();
    await page.getByRole('button', { name: 'Erase' }).click();
    const dialog = page.getByRole('dialog', { name: `Erase application ${receipt.reference}?` });
    await dialog.waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'erase-dialog');
    // Cancel first: nothing happens.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await storedApplication(receipt.id))?.status).toBe('received');

    await page.getByRole('button', { name: 'Erase' }).click();
    await dialog.getByRole('button', { name: `Erase ${receipt.reference}` }).click();
    await page.getByText(`Application ${receipt.reference} was erased.`).waitFor();
    const erased = await eventually(
      () => storedApplication(receipt.id),
      (item) => item?.status === 'erased',
    );
    expect(erased).not.toHaveProperty('application');
    // What is left says who erased it, as one readable sentence.
    await page.goto(`${base()}/console#/submissions/${receipt.id}`);
    await page.getByRole('heading', { name: 'Erased application' }).waitFor();
    expect(await page.locator('main p').first().textContent()).toMatch(
      /^This mentor application was erased on .+ [AP]M by ada@ladocs\.example\. Nothing personal is kept\.$/,
    );
    expect(await violations()).toEqual([]);
    await context.close();
  });

  it('tells someone in no group that they have no access', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, base(), { email: 'visitor@ladocs.example', group: 'none' });

    await page.getByRole('heading', { name: 'No access' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain(
      'not in the staff or admins group',
    );
    expect(await page.getByLabel('Search').count()).toBe(0);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'no-access');
    await context.close();
  });

  it('keeps the page on reload, and signing out ends the session', async () => {
    const receipt = await apply('mentor', aMentorApplication());
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, base(), {
      email: 'casey@ladocs.example',
      group: 'staff',
      path: `#/submissions/${receipt.id}`,
    });
    await page.getByRole('heading', { level: 1, name: /Wendy Coates/ }).waitFor();

    // Tokens live in memory: a reload signs in again, silently, while the session lasts.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /Wendy Coates/ }).waitFor();
    expect(page.url()).toBe(`${base()}/console#/submissions/${receipt.id}`);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').waitFor();
    expect(page.url()).toContain('/oidc/interaction/');
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'sign-in');
    await context.close();
  });

  it('works with the keyboard alone, and on a phone', async () => {
    const receipt = await apply('mentee', aMenteeApplication());
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, base(), { email: 'casey@ladocs.example', group: 'staff' });

    await page.getByLabel('Search').focus();
    await page.keyboard.type(receipt.reference);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => resultLinks(page).allTextContents(), PATIENTLY)
      .toEqual([receipt.reference]);
    await resultLinks(page).first().focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Status').waitFor();
    // The new view's heading takes focus, so a screen reader says where it is.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.tagName), PATIENTLY)
      .toBe('H1');
    await page.getByLabel('Status').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Called; follow up in May.');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Save');
    await page.keyboard.press('Enter');
    await page.getByText(/^Saved at/).waitFor();
    expect(await storedApplication(receipt.id)).toMatchObject({
      status: 'under_review',
      notes: 'Called; follow up in May.',
    });
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'detail-phone');
    await context.close();
  });
});

describe('an expired console session', () => {
  it('renews the ID token with the refresh token, then, once that has expired too, signs in again and comes back to the same page', async () => {
    // A gateway of its own whose ID tokens last 2 s and refresh tokens 6 s.
    const gateway = await startGatewayProcess({
      ...inject('functionEnv'),
      LOCAL_ID_TOKEN_SECONDS: '2',
      LOCAL_REFRESH_TOKEN_SECONDS: '6',
    });
    try {
      const response = await fetch(`${gateway.url}/applications/mentee`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(aMenteeApplication()),
      });
      const receipt = await readReceipt(response);
      expect(response.status).toBe(201);
      const context = await browser.newContext();
      const page = await context.newPage();
      const signInPages: string[] = [];
      page.on('framenavigated', (frame) => {
        if (frame.url().includes('/oidc/interaction/')) signInPages.push(frame.url());
      });
      await signIn(page, gateway.url, {
        email: 'casey@ladocs.example',
        group: 'staff',
        path: `#/submissions/${receipt.id}`,
      });
      await page.getByLabel('Notes').waitFor();
      expect(signInPages).toHaveLength(1);

      // The ID token has expired: saving renews it, without a sign-in page.
      await page.waitForTimeout(2500);
      await page.getByLabel('Notes').fill('Renewed.');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(/^Saved at/).waitFor();
      expect(signInPages).toHaveLength(1);

      // Everything has expired: the next call sends the person to sign in, then back here.
      await page.waitForTimeout(6500);
      await page.getByLabel('Notes').fill('Typed after the session ended.');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByLabel('Email').waitFor();
      expect(signInPages).toHaveLength(2);
      await page.getByLabel('Email').fill('casey@ladocs.example');
      await page.getByLabel('Group').selectOption('staff');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByLabel('Notes').waitFor();
      expect(page.url()).toBe(`${gateway.url}/console#/submissions/${receipt.id}`);
      // What was typed is still there, and saves.
      expect(await page.getByLabel('Notes').inputValue()).toBe('Typed after the session ended.');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(/^Saved at/).waitFor();
      await context.close();
    } finally {
      await gateway.stop();
    }
  });
});

describe('matching in the console', () => {
  it('runs suggestions, shows a pair with its reasons, lets an admin approve it, and end it', async () => {
    // Only Armenian in common: this mentor and this mentee can only be matched together.
    const suffix = uniqueLetters();
    const mentorEmail = uniqueEmail('console-mentor');
    const menteeEmail = uniqueEmail('console-mentee');
    const mentor = await apply(
      'mentor',
      aMentorApplication({
        email: mentorEmail,
        firstName: 'Anahit',
        lastName: `Mentor${suffix}`,
        languages: ['armenian'],
        capacity: 1,
        menteeStages: ['medical_student'],
      }),
    );
    const mentee = await apply(
      'mentee',
      aMenteeApplication({
        email: menteeEmail,
        firstName: 'Aram',
        lastName: `Mentee${suffix}`,
        languages: ['armenian'],
        careerStage: 'medical_student',
        meetingPreference: 'either',
      }),
    );
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = await watchForViolations(page);
    await signIn(page, base(), { email: 'ada@ladocs.example', group: 'admins' });
    for (const id of [mentor.id, mentee.id]) {
      await page.goto(`${base()}/console#/submissions/${id}`);
      await page.getByLabel('Status').selectOption('under_review');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(/^Saved at/).waitFor();
    }

    await page.getByRole('link', { name: 'Matching' }).click();
    // The applications other tests left Received are not in the pool, and the page says so.
    const note = page.getByRole('note').filter({ hasText: 'still Received, so not in the pool' });
    await note.waitFor();
    expect(
      await note.getByRole('link', { name: 'Review them, several at once' }).getAttribute('href'),
    ).toBe('#/applications?status=received');
    await page.getByRole('button', { name: 'Run suggestions' }).click();
    const label = `Aram Mentee${suffix} with Anahit Mentor${suffix}`;
    const approve = page.getByRole('button', { name: `Approve ${label}` });
    await approve.waitFor();
    const row = page.getByRole('row').filter({ has: approve });
    await row.getByText('Reasons').click();
    expect(await row.locator('li').allTextContents()).toContainEqual(
      expect.stringContaining('Both speak Armenian'),
    );
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'matching');

    await approve.click();
    await row.getByText('Approved: both are matched').waitFor();
    expect(await storedApplication(mentee.id)).toMatchObject({ status: 'matched' });
    expect(await storedApplication(mentor.id)).toMatchObject({ status: 'matched', matchCount: 1 });
    await waitForEmails(menteeEmail, 2, 10_000);
    const introduction = (await emailsTo(menteeEmail)).find((email) =>
      email.subject.includes('meet your mentor'),
    );
    expect(introduction?.body.text).toContain(mentorEmail);

    await row.getByRole('link', { name: `Aram Mentee${suffix}` }).click();
    await page.getByText('Matched with').waitFor();
    await screenshot(page, 'matched-application');
    // Ending it: a form in a dialog, where focus starts; ending without a reason says so
    // beside the field, which takes focus.
    await page.getByRole('button', { name: 'End match' }).click();
    const form = page.getByRole('dialog', { name: 'End the match with the mentor' });
    await form.waitFor();
    const reason = form.getByLabel('Reason');
    expect(await reason.evaluate((field) => field === document.activeElement)).toBe(true);
    await form.getByRole('button', { name: 'End match' }).click();
    // Said in the form's alert and beside the field, which it describes.
    await form.getByRole('alert').getByText('Choose a reason for ending the match.').waitFor();
    const reasonError = form.locator('p.error');
    expect(await reasonError.textContent()).toBe('Choose a reason for ending the match.');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await reason.getAttribute('aria-describedby')).toContain(
      await reasonError.getAttribute('id'),
    );
    expect(await reason.evaluate((field) => field === document.activeElement)).toBe(true);
    expect(await form.getByLabel('Note (optional)').count()).toBe(0);
    await reason.selectOption('other');
    expect(await reasonError.count()).toBe(0);
    expect(await reason.getAttribute('aria-invalid')).toBeNull();
    await form.getByLabel('Note (optional)').fill('The mentee moved to Boston');
    await form
      .getByLabel(
        'Return the mentee to the pool with priority for the next matching run (the previous mentor is left out)',
      )
      .check();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'end-match');
    // The keyboard alone: Enter in the note sends the form.
    await form.getByLabel('Note (optional)').press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: 'The match has ended (other reason).' })
      .waitFor(PATIENTLY);
    expect(await form.isVisible()).toBe(false);
    expect(await storedApplication(mentee.id)).toMatchObject({
      status: 'under_review',
      priority: true,
      excludedMentors: [{ mentorId: mentor.id, reason: 'other' }],
    });
    expect(await storedApplication(mentor.id)).toMatchObject({
      status: 'under_review',
      matchCount: 0,
    });
    await page
      .getByRole('listitem')
      .filter({
        hasText:
          'ended the match: other reason, noting “The mentee moved to Boston”; back in the pool with priority for the next run, and the two will not be suggested together again',
      })
      .waitFor();
    await page.getByText('Left out of matching').waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'ended-match');

    // The scoring: an admin's weights must add up to 100 before they are saved.
    await page.getByRole('link', { name: 'Matching' }).click();
    await page.getByText(/^Scoring \(version \d+\)$/).click();
    await page.getByLabel('Same region').fill('25');
    await page.getByText('they must add up to 100').waitFor();
    await page.getByRole('button', { name: 'Save scoring' }).click();
    await page.getByRole('alert').getByText('The weights must add up to 100').waitFor();
    await page.getByLabel('Same region').fill('15');
    await page.getByRole('button', { name: 'Save scoring' }).click();
    await page.getByText(/^Saved as version \d+; the next run uses it\.$/).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    expect(await violations()).toEqual([]);
    await context.close();
  });

  it('approves a whole run with Approve all, saying how far it has got in a live region; again, nothing changes', async () => {
    // A gateway on a table of its own: Approve all approves every pair in its pool.
    const tableName = await freshTable();
    const gateway = await startGatewayProcess({
      ...inject('functionEnv'),
      TABLE_NAME: tableName,
      EMAIL_STREAM: 'off',
    });
    try {
      const size = 12;
      const { mentorIds, menteeIds } = await seedMatchablePool(tableName, {
        mentors: size,
        mentees: size,
      });
      const context = await browser.newContext();
      const page = await context.newPage();
      const violations = await watchForViolations(page);
      await signIn(page, gateway.url, {
        email: 'ada@ladocs.example',
        group: 'admins',
        path: '#/matching',
      });
      await page.getByRole('button', { name: 'Run suggestions' }).click();
      await page.getByRole('button', { name: 'Approve all' }).click();

      const progress = page.locator('.progress[role="status"]');
      await progress.getByText(`Approved ${size} of ${size} pairs.`).waitFor(PATIENTLY);
      expect(await progress.getAttribute('aria-live')).toBe('polite');
      expect(await page.getByText('Approved: both are matched').count()).toBe(size);
      for (const id of [...mentorIds, ...menteeIds]) {
        expect((await storedApplication(id, tableName))?.status, id).toBe('matched');
      }
      expect(await seriousAxeFindings(page)).toEqual([]);
      await screenshot(page, 'matching-approved-all');

      await page.getByRole('button', { name: 'Approve all' }).click();
      await expect.poll(() => page.getByText('Already approved').count(), PATIENTLY).toBe(size);
      expect(await progress.textContent()).toBe(`Approved ${size} of ${size} pairs.`);
      expect(await violations()).toEqual([]);
      await context.close();
    } finally {
      await gateway.stop();
    }
  });

  it('says on a suggested pair, before approval, and on the application that an address bounced or complained', async () => {
    const tableName = await freshTable();
    const gateway = await startGatewayProcess({
      ...inject('functionEnv'),
      TABLE_NAME: tableName,
      EMAIL_STREAM: 'off',
    });
    try {
      const {
        mentorIds: [mentorId],
        menteeIds: [menteeId],
      } = await seedMatchablePool(tableName, { mentors: 1, mentees: 1 });
      const addressOf = async (id: string | undefined) => {
        const stored = await storedApplication(String(id), tableName);
        return String((stored?.application as { email?: string } | undefined)?.email);
      };
      // As SES reports them, through the bounce and complaint handler.
      await reportDeliveryProblem(
        tableName,
        'Bounce',
        await addressOf(mentorId),
        new Date('2026-12-03T18:30:00.000Z'),
      );
      await reportDeliveryProblem(
        tableName,
        'Complaint',
        await addressOf(menteeId),
        new Date('2026-12-04T16:00:00.000Z'),
      );
      const context = await browser.newContext();
      const page = await context.newPage();
      const violations = await watchForViolations(page);
      await signIn(page, gateway.url, {
        email: 'ada@ladocs.example',
        group: 'admins',
        path: '#/matching',
      });
      await page.getByRole('button', { name: 'Run suggestions' }).click();

      const approve = page.getByRole('button', { name: /^Approve .+ with .+/ });
      await approve.waitFor(PATIENTLY);
      const row = page.getByRole('row').filter({ has: approve });
      const mentorWarning = row.getByText(
        "The mentor's email bounced on Dec 3, 2026 (the address does not accept mail) — the introduction will not reach them.",
      );
      const menteeWarning = row.getByText(
        'The mentee marked one of our emails as spam on Dec 4, 2026 (a complaint) — the introduction will not reach them.',
      );
      await mentorWarning.waitFor();
      await menteeWarning.waitFor();
      // The Approve button is described by both warnings: a screen reader hears them with it.
      const described = String(await approve.getAttribute('aria-describedby')).split(' ');
      expect(described).toEqual([
        await menteeWarning.getAttribute('id'),
        await mentorWarning.getAttribute('id'),
      ]);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await screenshot(page, 'matching-address-problems');

      await row.getByRole('cell').getByRole('link').click();
      await page
        .getByText(
          "This applicant's email bounced on Dec 3, 2026 (the address does not accept mail) — we no longer email this address, so introductions and other emails will not reach them.",
        )
        .waitFor(PATIENTLY);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await screenshot(page, 'address-problem-application');
      expect(await violations()).toEqual([]);
      await context.close();
    } finally {
      await gateway.stop();
    }
  });
});

describe('bulk review in the console', () => {
  const FIRST_NAMES = [
    'Amara',
    'Bruno',
    'Chloe',
    'Dario',
    'Elena',
    'Farid',
    'Grace',
    'Hiro',
    'Imani',
    'Jonah',
    'Keiko',
    'Luis',
    'Maya',
    'Nikhil',
    'Olga',
    'Pablo',
    'Quinn',
    'Rosa',
    'Samir',
    'Tessa',
  ];

  it('selects twenty applications with the keyboard, moves them to Under review in one action, and says what it did in a live region', async () => {
    // A gateway on a table of its own: the list holds exactly these applications.
    const tableName = await freshTable();
    const gateway = await startGatewayProcess({
      ...inject('functionEnv'),
      TABLE_NAME: tableName,
      EMAIL_STREAM: 'off',
    });
    try {
      const applyHere = async (type: 'mentor' | 'mentee', application: Record<string, unknown>) => {
        const response = await fetch(`${gateway.url}/applications/${type}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(application),
        });
        expect(response.status).toBe(201);
        return readReceipt(response);
      };
      // Five mentors first (oldest), then a mentee who withdrew, then twenty mentees.
      for (const lastName of ['Adeyemi', 'Brandt', 'Castro', 'Dubois', 'Eriksen']) {
        await applyHere('mentor', aMentorApplication({ firstName: 'Dana', lastName }));
      }
      const withdrawn = await applyHere(
        'mentee',
        aMenteeApplication({ firstName: 'Uma', lastName: 'Whitfield' }),
      );
      const moved = await fetch(`${gateway.url}/admin/submissions/${withdrawn.id}`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${await staffToken(['staff'])}`,
          'content-type': 'application/json',
          'if-match': '"1"',
        },
        body: JSON.stringify({ status: 'withdrawn' }),
      });
      expect(moved.status).toBe(200);
      const mentees = [];
      for (const firstName of FIRST_NAMES) {
        mentees.push(await applyHere('mentee', aMenteeApplication({ firstName, lastName: 'Lee' })));
      }

      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const violations = await watchForViolations(page);
      await signIn(page, gateway.url, { email: 'casey@ladocs.example', group: 'staff' });
      // 26 applications: a second page, so every one matching can be gathered.
      await page.getByText('25 applications on this page, newest first.').waitFor(PATIENTLY);
      await page
        .getByRole('button', { name: 'Select all matching the filters (up to 500)' })
        .click();
      await page
        .getByText('All 26 applications matching the filters are selected.')
        .waitFor(PATIENTLY);
      expect(await page.getByRole('button', { name: 'Apply to 26 selected' }).count()).toBe(1);
      await page.getByRole('button', { name: 'Clear selection' }).click();

      // Only the mentees: the twenty and the one who withdrew, on one page.
      await page.getByLabel('Role').selectOption('mentee');
      await page.getByRole('button', { name: 'Find' }).click();
      await page.getByText('21 applications, newest first.').waitFor(PATIENTLY);
      const selectPage = page.getByLabel('Select all 21 on this page');
      await selectPage.focus();
      await page.keyboard.press('Space');
      await page.getByText('21 applications selected.', { exact: true }).waitFor();
      // Each row's checkbox is named after its applicant: Uma's is taken out again.
      await page.getByLabel(`Select Uma Whitfield, ${withdrawn.reference}`).focus();
      await page.keyboard.press('Space');
      await page.getByText('20 applications selected.', { exact: true }).waitFor();
      // From "Choose a status", past Received, to Under review.
      await page.getByLabel('New status').focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      expect(await page.getByLabel('New status').inputValue()).toBe('under_review');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Spring intake: first read');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
        'Apply to 20 selected',
      );
      await page.keyboard.press('Enter');

      const summary = page.locator('.bulk-summary[role="status"]');
      await summary.getByText('Changed 20 of 20 applications to Under review.').waitFor(PATIENTLY);
      // The list is read again: the twenty now show their new status; nothing stays selected.
      await expect
        .poll(
          () => page.getByRole('cell', { name: 'Under review', exact: true }).count(),
          PATIENTLY,
        )
        .toBe(20);
      await page.getByText('0 applications selected.', { exact: true }).waitFor();
      for (const receipt of mentees) {
        const stored = await storedApplication(receipt.id, tableName);
        expect(stored).toMatchObject({ status: 'under_review', version: 2 });
        expect(stored?.history).toEqual([
          {
            at: expect.any(String),
            by: { sub: expect.any(String), email: 'casey@ladocs.example' },
            changes: { status: { from: 'received', to: 'under_review' } },
            note: 'Spring intake: first read',
          },
        ]);
      }
      expect(await storedApplication(withdrawn.id, tableName)).toMatchObject({
        status: 'withdrawn',
        version: 2,
      });
      expect(await seriousAxeFindings(page)).toEqual([]);

      // Three more to Waitlisted, Uma among them: she stays withdrawn, and the summary says why.
      for (const label of [
        `Select Tessa Lee, ${mentees[19]?.reference}`,
        `Select Samir Lee, ${mentees[18]?.reference}`,
        `Select Uma Whitfield, ${withdrawn.reference}`,
      ]) {
        await page.getByLabel(label).check();
      }
      await page.getByLabel('New status').selectOption('waitlisted');
      await page.getByLabel('Note (optional)').fill('Waiting for the autumn mentors');
      await page.getByRole('button', { name: 'Apply to 3 selected' }).click();
      await summary.getByText('Changed 2 of 3 applications to Waitlisted.').waitFor(PATIENTLY);
      expect(await summary.locator('p').allTextContents()).toEqual([
        'Changed 2 of 3 applications to Waitlisted.',
        `Skipped 1: it is Withdrawn, which cannot move to Waitlisted. ${withdrawn.reference} (Uma Whitfield).`,
      ]);
      expect(await summary.getByRole('link', { name: /Uma Whitfield/ }).getAttribute('href')).toBe(
        `#/submissions/${withdrawn.id}`,
      );
      await expect
        .poll(() => page.getByRole('cell', { name: 'Waitlisted', exact: true }).count(), PATIENTLY)
        .toBe(2);
      expect(await storedApplication(mentees[19]?.id ?? '', tableName)).toMatchObject({
        status: 'waitlisted',
        version: 3,
      });
      expect(await seriousAxeFindings(page)).toEqual([]);
      await screenshot(page, 'bulk-review');
      // The staff guide's picture, refreshed on request (it is committed, so not every run):
      // the top of the page: the filters, the form and its summary, and the first rows.
      if (process.env.DOCS_SCREENSHOTS === '1') {
        await page.screenshot({
          path: DOCS_BULK_REVIEW_PNG,
          fullPage: true,
          clip: { x: 0, y: 0, width: 1280, height: 1000 },
        });
      }
      expect(await violations()).toEqual([]);
      await context.close();
    } finally {
      await gateway.stop();
    }
  });

  it('shows the dashboard: the funnel, three charts each with its table, email health, all from the aggregate', async () => {
    const mentee = await apply('mentee', aMenteeApplication({ careerStage: 'resident_or_fellow' }));
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = await watchForViolations(page);
    await signIn(page, base(), { email: 'casey@ladocs.example', group: 'staff' });

    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: /^Dashboard/ }).waitFor();
    for (const name of [
      'Applications over time',
      'Mentees by career stage, and mentor places',
      'Mentees by region',
    ]) {
      const chart = page.getByRole('img', { name });
      await chart.waitFor();
      expect(await chart.locator('desc').textContent()).not.toBe('');
      await page.getByRole('table', { name: `${name} (as a table)` }).waitFor();
    }
    // The mentee applied above is counted once the tally has run (a 5 s batching window).
    await eventually(
      async () => {
        await page.reload();
        const row = page
          .getByRole('table', { name: 'Mentees by career stage, and mentor places (as a table)' })
          .getByRole('row', { name: /Resident or fellow/ });
        return Number((await row.getByRole('cell').first().textContent()) ?? 0);
      },
      (count) => count > 0,
      30_000,
    );
    expect(mentee.id).toBeTruthy();
    await page.getByRole('table', { name: "The cycle's emails by state" }).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await screenshot(page, 'dashboard');
    if (process.env.DOCS_SCREENSHOTS === '1') {
      await page.screenshot({ path: DOCS_DASHBOARD_PNG, fullPage: true });
    }
    expect(await violations()).toEqual([]);
    await context.close();
  });
});
