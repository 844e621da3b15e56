import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type GatewayProcess, startGatewayProcess } from '../../infra/local/gateway-process.js';
import { ARTIFACTS_DIR, launchChromium } from '../support/browser.js';
import { uniqueEmail } from '../support/builders.js';
import { storedApplicationsFor } from '../support/local-aws.js';

// The README's production setting: the thank-you page lives on the website, another origin.
let website: Server;
let websiteOrigin: string;
let gateway: GatewayProcess;
let browser: Browser;

beforeAll(async () => {
  website = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>Thanks</title><h1>Thank you, from the website</h1>');
  });
  await new Promise<void>((resolve) => website.listen(0, '127.0.0.1', resolve));
  websiteOrigin = `http://127.0.0.1:${(website.address() as AddressInfo).port}`;
  gateway = await startGatewayProcess({
    ...inject('functionEnv'),
    THANK_YOU_URL: `${websiteOrigin}/mentoring/thanks`,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  await new Promise<void>((resolve) => website.close(() => resolve()));
});

describe('a thank-you page on the website (another origin)', () => {
  it('receives an applicant without JavaScript after the post is saved', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const email = uniqueEmail('elsewhere');
    await page.goto(`${gateway.url}/forms/mentee`);
    await page.fill('#firstName', 'Jordan');
    await page.fill('#lastName', 'Lee');
    await page.fill('#email', email);
    await page.check('input[name="meetingPreference"][value="virtual"]');
    await page.selectOption('#region', 'west');
    await page.check('input[name="languages"][value="english"]');
    await page.fill('#statement', 'I am deciding between emergency medicine and pediatrics.');
    await page.check('#consent');
    await page.check('input[name="careerStage"][value="medical_student"]');
    await page.fill('#schoolOrProgram', 'David Geffen School of Medicine at UCLA');
    await page.fill('#expectedCompletionYear', '2028');
    await page.check('input[name="specialtyInterests"][value="pediatrics"]');
    await page.check('input[name="goals"][value="specialty_choice"]');

    await page.click('button[type="submit"]');

    // Before the fix the form's CSP (form-action 'self') blocked the redirect and the
    // browser stayed on the form, although the application was saved.
    await page.waitForURL(`${websiteOrigin}/mentoring/thanks?reference=*`);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'thank-you-on-website.png') });
    const reference = new URL(page.url()).searchParams.get('reference');
    expect((await storedApplicationsFor(email))[0]?.reference).toBe(reference);
    expect(await page.textContent('h1')).toBe('Thank you, from the website');
    await context.close();
  });
});
