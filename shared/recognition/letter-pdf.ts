import fontkit from '@pdf-lib/fontkit';
import { Encodings } from '@pdf-lib/standard-fonts';
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { LetterFonts } from './letter-fonts.js';
import { ASSOCIATION, type LetterWords } from './letter-words.js';

// US Letter, in points, with inch margins.
const PAGE = { width: 612, height: 792, margin: 72 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
// The association's blue, as in its emails.
const NAVY = rgb(0, 0x3a / 255, 0x70 / 255);
const INK = rgb(0.1, 0.1, 0.1);

/** The faces a letter is set in. */
interface Faces {
  regular: PDFFont;
  bold: PDFFont;
}

/** What rendering a letter needs beyond its words. */
export interface LetterPdfOptions {
  /** When it was issued: the PDF's creation date, so the same letter renders the same. */
  issuedAt: string;
  /** The embeddable fonts, asked for only when the standard fonts cannot set the words. */
  fonts: () => Promise<LetterFonts>;
}

/** Every string of a letter, for checking what its fonts must encode. */
function allText(words: LetterWords): string[] {
  return [
    words.association,
    words.program,
    words.date,
    words.title,
    words.recognizes,
    words.name,
    words.forWhat,
    ...words.paragraphs,
    ...words.closing,
  ];
}

/**
 * Whether the PDF standard fonts can set every character: they encode WinAnsi only
 * (Western European letters: José Núñez yes, Nguyễn or Łukasz no), and pdf-lib throws on
 * anything else.
 */
export function fitsStandardFonts(texts: readonly string[]): boolean {
  return texts.every((text) =>
    [...text].every((character) =>
      Encodings.WinAnsi.canEncodeUnicodeCodePoint(character.codePointAt(0) ?? 0),
    ),
  );
}

async function facesFor(document: PDFDocument, words: LetterWords, options: LetterPdfOptions) {
  if (fitsStandardFonts(allText(words))) {
    return {
      regular: await document.embedFont(StandardFonts.TimesRoman),
      bold: await document.embedFont(StandardFonts.TimesRomanBold),
    };
  }
  // Subset: only the glyphs used are embedded (about 6 KB a face instead of 380 KB). A
  // character DejaVu lacks (a CJK name) is set as the font's empty box, never a crash.
  const fonts = await options.fonts();
  document.registerFontkit(fontkit);
  return {
    regular: await document.embedFont(fonts.regular, { subset: true }),
    bold: await document.embedFont(fonts.bold, { subset: true }),
  };
}

/**
 * Breaks text into lines no wider than `width`, at spaces; a word wider than a line on its
 * own (a long name without spaces) is broken between characters rather than overflowing.
 */
export function wrapText(text: string, measure: (text: string) => number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const push = (word: string) => {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) <= width) {
      line = candidate;
      return;
    }
    if (line) lines.push(line);
    line = '';
    if (measure(word) <= width) {
      line = word;
      return;
    }
    let piece = '';
    for (const character of word) {
      if (piece && measure(piece + character) > width) {
        lines.push(piece);
        piece = '';
      }
      piece += character;
    }
    line = piece;
  };
  for (const word of text.split(/\s+/).filter(Boolean)) push(word);
  if (line) lines.push(line);
  return lines;
}

/** A cursor down the page: each block is drawn below the last. */
class Column {
  private y = PAGE.height - PAGE.margin;

  constructor(private readonly page: PDFPage) {}

  space(points: number) {
    this.y -= points;
  }

  text(
    text: string,
    font: PDFFont,
    size: number,
    options: { centered?: boolean; color?: typeof INK; leading?: number } = {},
  ) {
    const leading = options.leading ?? 1.4;
    for (const line of wrapText(text, (each) => font.widthOfTextAtSize(each, size), TEXT_WIDTH)) {
      this.y -= size * leading;
      const width = font.widthOfTextAtSize(line, size);
      this.page.drawText(line, {
        x: options.centered ? PAGE.margin + (TEXT_WIDTH - width) / 2 : PAGE.margin,
        y: this.y,
        size,
        font,
        color: options.color ?? INK,
      });
    }
  }

  rule() {
    this.y -= 10;
    this.page.drawLine({
      start: { x: PAGE.margin, y: this.y },
      end: { x: PAGE.width - PAGE.margin, y: this.y },
      thickness: 0.75,
      color: NAVY,
    });
  }
}

/** The largest size, down to `min`, at which `text` fits one line; `min` if none does. */
function fittingSize(text: string, font: PDFFont, size: number, min: number): number {
  let fitting = size;
  while (fitting > min && font.widthOfTextAtSize(text, fitting) > TEXT_WIDTH) fitting -= 1;
  return fitting;
}

/**
 * A mentor's letter of recognition as a one-page PDF: the association's heading, the date,
 * the title, the mentor's name on a line of its own, what they did, and the thanks. Set in
 * Times when every character allows (no font embedded: about 2 KB), else in embedded
 * DejaVu Serif. The text is real text, so it can be searched, copied and read back.
 */
export async function renderLetterPdf(
  words: LetterWords,
  options: LetterPdfOptions,
): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const faces: Faces = await facesFor(document, words, options);
  const issued = new Date(options.issuedAt);
  document.setTitle(`${words.title}: ${words.name}`);
  document.setAuthor(ASSOCIATION);
  document.setSubject(words.forWhat);
  document.setCreator(`${ASSOCIATION}, ${words.program}`);
  document.setCreationDate(issued);
  document.setModificationDate(issued);
  document.setLanguage('en-US');

  const column = new Column(document.addPage([PAGE.width, PAGE.height]));
  column.text(words.association, faces.bold, 16, { color: NAVY });
  column.text(words.program, faces.regular, 12, { color: NAVY });
  column.rule();
  column.space(24);
  column.text(words.date, faces.regular, 12);
  column.space(36);
  column.text(words.title, faces.bold, 24, { centered: true, color: NAVY });
  column.space(24);
  column.text(words.recognizes, faces.regular, 13, { centered: true });
  column.space(8);
  column.text(words.name, faces.bold, fittingSize(words.name, faces.bold, 22, 14), {
    centered: true,
  });
  column.space(8);
  column.text(words.forWhat, faces.regular, 13, { centered: true });
  column.space(30);
  for (const paragraph of words.paragraphs) {
    column.text(paragraph, faces.regular, 12, { leading: 1.5 });
    column.space(12);
  }
  column.space(18);
  for (const line of words.closing) column.text(line, faces.regular, 12);
  // Object streams off: a plain cross-reference table, which every reader takes.
  return document.save({ useObjectStreams: false });
}
