import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The fonts a letter is set in when its words go beyond what the PDF standard fonts can
 * encode (WinAnsi: Western European letters only): DejaVu Serif, which covers Latin (with
 * Vietnamese), Greek and Cyrillic. Free to embed and redistribute (its LICENSE ships beside).
 */
export const LETTER_FONT_FILES = {
  regular: 'DejaVuSerif.ttf',
  bold: 'DejaVuSerif-Bold.ttf',
  license: 'LICENSE',
} as const;

/** The folder beside a function's bundle that holds the letter fonts (infra copies them). */
export const LETTER_FONTS_FOLDER = 'letter-fonts';

/** The two faces a letter is set in, as font files. */
export interface LetterFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

/**
 * Where the font files are: beside the running bundle when deployed (the function's asset
 * folder has no node_modules), else in the dejavu-fonts-ttf package (the source, tests).
 */
export function letterFontsDirectory(moduleUrl: string = import.meta.url): string {
  const beside = join(dirname(fileURLToPath(moduleUrl)), LETTER_FONTS_FOLDER);
  if (existsSync(join(beside, LETTER_FONT_FILES.regular))) return beside;
  const packageJson = createRequire(moduleUrl).resolve('dejavu-fonts-ttf/package.json');
  return join(dirname(packageJson), 'ttf');
}

let loaded: Promise<LetterFonts> | undefined;

/**
 * The letter fonts, read once per container and only when a letter needs them: most names
 * fit the standard fonts, and 1 MB of font files is not read for those.
 */
export function loadLetterFonts(directory?: string): Promise<LetterFonts> {
  loaded ??= (async () => {
    const folder = directory ?? letterFontsDirectory();
    const [regular, bold] = await Promise.all([
      readFile(join(folder, LETTER_FONT_FILES.regular)),
      readFile(join(folder, LETTER_FONT_FILES.bold)),
    ]);
    return { regular, bold };
  })();
  // A failed read is not kept: the next letter tries again.
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}
