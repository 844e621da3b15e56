import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { CONSOLE_MANIFEST_FILE, type ConsoleManifest } from './console-page.js';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * Reads the console's build from `directory` (its manifest and every script and style
 * sheet), once per container: a few tens of kilobytes.
 */
export function readConsoleBuild(directory: string) {
  const manifest = JSON.parse(
    readFileSync(join(directory, CONSOLE_MANIFEST_FILE), 'utf8'),
  ) as ConsoleManifest;
  const assets = new Map<string, { contentType: string; body: Buffer }>();
  for (const name of readdirSync(directory)) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType) assets.set(name, { contentType, body: readFileSync(join(directory, name)) });
  }
  return { manifest, assets };
}
