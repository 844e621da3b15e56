/// <reference lib="dom" />
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS_DIR } from './browser.js';

export { seriousAxeFindings } from './browser.js';

/** A local sign-in group, as the provider's page offers it. */
export type ConsoleGroup = 'staff' | 'admins' | 'none';

/**
 * Starts listening for CSP and Trusted Types violations before any page script runs (an
 * init script goes through the DevTools protocol, which CSP does not block).
 */
export async function watchForViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { violations: string[] }).violations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (
      message.type() === 'error' &&
      /Content Security Policy|Trusted Type/i.test(message.text())
    ) {
      errors.push(message.text());
    }
  });
  return async () => [
    ...errors,
    ...(await page.evaluate(
      () => (window as unknown as { violations?: string[] }).violations ?? [],
    )),
  ];
}

/**
 * Signs in through the local provider's page as a person would, from `path` of the console
 * (the applications list unless told; `#/` is the dashboard, the first page).
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  options: { email: string; group: ConsoleGroup; path?: string },
) {
  await page.goto(`${baseUrl}/console${options.path ?? '#/applications'}`);
  await page.getByLabel('Email').fill(options.email);
  await page.getByLabel('Group').selectOption(options.group);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/console#\//);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** A full-page screenshot in .test-artifacts/. */
export function screenshot(page: Page, name: string) {
  return page.screenshot({ path: join(ARTIFACTS_DIR, `console-${name}.png`), fullPage: true });
}
