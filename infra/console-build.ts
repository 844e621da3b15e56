import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import {
  CONSOLE_MANIFEST_FILE,
  type ConsoleManifest,
} from '../shared/review/console/console-page.js';

const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The console's sources: its script's entry and its style sheet. */
export const CONSOLE_SOURCES = {
  script: 'console/main.ts',
  stylesheet: 'console/console.css',
} as const;

/** The browsers the console supports: those with Trusted Types and ES2022 (2023 on). */
export const CONSOLE_TARGETS = ['chrome111', 'edge111', 'firefox115', 'safari16.4'];

/** The console as built: file names, and each file's size in bytes. */
export interface ConsoleBuild {
  manifest: ConsoleManifest;
  bytes: Record<string, number>;
}

/**
 * Bundles the console with esbuild into `outDir`: one minified, content-hashed script (and
 * the chunks it imports on demand) and style sheet, and the manifest naming them. Used by `npm start`, the tests, the bench and
 * the console function's bundling (deployed, the files sit beside its handler).
 */
export async function buildConsole(outDir: string): Promise<ConsoleBuild> {
  const out = resolve(outDir);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const result = await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: { console: CONSOLE_SOURCES.script, 'console-style': CONSOLE_SOURCES.stylesheet },
    entryNames: '[name]-[hash]',
    // Views the first page does not need load on demand, as chunks of their own (served
    // beside the script, under the same `script-src 'self'`).
    splitting: true,
    chunkNames: 'chunk-[hash]',
    outdir: out,
    bundle: true,
    minify: true,
    format: 'esm',
    target: CONSOLE_TARGETS,
    platform: 'browser',
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const bytes: Record<string, number> = {};
  let script = '';
  let stylesheet = '';
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    const name = basename(file);
    bytes[name] = output.bytes;
    if (output.entryPoint === CONSOLE_SOURCES.script) script = name;
    if (output.entryPoint === CONSOLE_SOURCES.stylesheet) stylesheet = name;
  }
  const manifest: ConsoleManifest = { script, stylesheet };
  await writeFile(resolve(out, CONSOLE_MANIFEST_FILE), JSON.stringify(manifest));
  return { manifest, bytes };
}

// `tsx infra/console-build.ts <dir>`: what the console function's bundling runs.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const target = process.argv[2];
  if (!target) throw new Error('usage: tsx infra/console-build.ts <output directory>');
  const built = await buildConsole(target);
  console.log(`Console built: ${built.manifest.script}, ${built.manifest.stylesheet}`);
}
