import { HtmlDocument } from '../../platform/html/html-document.js';
import { html } from '../../platform/html/markup.js';
import { rawTextContent } from '../../platform/html/raw-text.js';
import { renderHtmlDocument } from '../../platform/html/render-html.js';
import type { ConsoleSettings } from './console-settings.js';

/** The file the console's build writes beside its assets, naming them. */
export const CONSOLE_MANIFEST_FILE = 'console-manifest.json';

/**
 * The folder beside the console function's handler that holds its build. A folder of its
 * own: the build empties its output folder first, and the bundle's folder holds index.mjs.
 */
export const CONSOLE_BUILD_FOLDER = 'console-build';

/** The built console: its script and style sheet, by file name (content-hashed). */
export interface ConsoleManifest {
  script: string;
  stylesheet: string;
}

/** Where the console's assets are served. */
export const CONSOLE_ASSETS_PATH = '/console/assets';

/**
 * JSON safe inside a `<script type="application/json">` data block: `<` never appears raw,
 * so no value can close the element; U+2028/9 are escaped for old parsers.
 */
export function jsonForDataBlock(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The console's one HTML page (also its sign-in callback): a shell that loads the script,
 * with the settings as a JSON data block, which CSP does not treat as script. Without
 * JavaScript it says so.
 */
export function renderConsolePage(manifest: ConsoleManifest, settings: ConsoleSettings): string {
  const asset = (file: string) => `${CONSOLE_ASSETS_PATH}/${file}`;
  // The console's own style sheet (its CSP allows no inline style) and no site layout: its
  // script renders the whole page into #console.
  const head = html`<link rel="stylesheet" href=${asset(manifest.stylesheet)}/>
<script type="module" src=${asset(manifest.script)}></script>
<script type="application/json" id="console-settings" ...${rawTextContent(jsonForDataBlock(settings))}></script>`;
  return renderHtmlDocument(
    html`<${HtmlDocument} title="Staff console: LACMA Mentoring Program" head=${head}>
<div id="console"><main class="page"><h1>Staff console</h1><p id="loading">Loading…</p>
<noscript><p>The staff console needs JavaScript. Turn it on for this site and reload.</p></noscript></main></div>
<//>`,
  );
}
