import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { buildConsole, CONSOLE_TARGETS } from '../infra/console-build.js';
import { launchChromium } from '../tests/support/browser.js';
import { signIn } from '../tests/support/console-browser.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * The console's script, gzipped as the console function serves it, beside its floor: the
 * same esbuild settings on a Preact + htm page that renders one line.
 */
export async function consoleBundleSizes(outDir: string) {
  const built = await buildConsole(`${outDir}/console`);
  const { readFile } = await import('node:fs/promises');
  const script = await readFile(`${outDir}/console/${built.manifest.script}`);
  const floor = await build({
    entryPoints: ['bench/console-floor/main.ts'],
    bundle: true,
    minify: true,
    format: 'esm',
    target: CONSOLE_TARGETS,
    platform: 'browser',
    write: false,
    logLevel: 'error',
  });
  const floorBytes = Buffer.from(floor.outputFiles[0]?.contents ?? new Uint8Array());
  return {
    scriptBytes: script.length,
    scriptGzipBytes: gzipSync(script).length,
    floorGzipBytes: gzipSync(floorBytes).length,
  };
}

async function timeTo(page: Page, url: string, ready: () => Promise<unknown>) {
  const started = performance.now();
  await page.goto(url);
  await ready();
  return performance.now() - started;
}

/**
 * How long Debian's Chromium takes, locally, from navigating to /console to the first page
 * of applications on screen, for someone whose sign-in session is alive (the usual case: a
 * reload, a bookmark): the page, its script, the silent round trip through the sign-in
 * service, the token exchange and the first list call. The floor: the server-rendered front
 * page of the same gateway, which runs no script.
 */
export async function consoleLoadTimes(gatewayUrl: string, runs: number) {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, gatewayUrl, { email: 'bench@ladocs.example', group: 'staff' });
    const consoleTimes: number[] = [];
    const floorTimes: number[] = [];
    for (let run = 0; run < runs; run++) {
      floorTimes.push(
        await timeTo(page, `${gatewayUrl}/`, () =>
          page.getByRole('heading', { level: 1 }).waitFor(),
        ),
      );
      consoleTimes.push(
        // The list's own address: the console's first page has been the dashboard since it came.
        await timeTo(page, `${gatewayUrl}/console#/applications`, () =>
          page.locator('.summary-line').waitFor(),
        ),
      );
    }
    return { consoleMedian: median(consoleTimes), floorMedian: median(floorTimes), runs };
  } finally {
    await browser.close();
  }
}
