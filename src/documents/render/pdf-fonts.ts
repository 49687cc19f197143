// The one place that adapts pdfmake/pdfkit internals: the embedded DejaVu fonts are read and parsed once per process.
//
// pdfmake 0.3 builds a new pdfkit document per PDF, and pdfkit then reads the TTF again and re-parses it with
// fontkit; with a Unicode font that is most of the time spent on a small PDF. Here each font file is read into one
// Buffer and parsed once; every document gets its own pdfkit font object (its own glyph subset) built on that one
// parsed font, and the word-shaping cache is shared across documents. Everything relies on four internals,
// checked by test/documents/pdf-fonts.test.ts: pdfmake's PDFDocument.provideFont/fontCache, pdfkit's
// _fontFamilies/_fontCount, the constructor of pdfkit's EmbeddedFont (document, fontkit font, id), and fontkit's
// getGlyph(id, codePoints) with the codePoints its glyphs keep. The versions they were written for are pinned in
// package.json (PATCHED_FOR below); an upgrade is a decision, checked by that test.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';

const require = createRequire(import.meta.url);

type FontType = 'normal' | 'bold' | 'italics' | 'bolditalics';

/** The exact versions whose internals are patched here (pinned in package.json, dependencies and overrides). */
export const PATCHED_FOR = { pdfmake: '0.3.11', pdfkit: '0.19.1', fontkit: '2.0.4' } as const;

/** The family name the PDF renderer uses; its files come from the dejavu-fonts-ttf package. */
export const PDF_FONT_FAMILY = 'DejaVuSans';
const FILES: Record<FontType, string> = {
  normal: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italics: 'DejaVuSans-Oblique.ttf',
  bolditalics: 'DejaVuSans-BoldOblique.ttf',
};

// Minimal shapes of the internals used, for type checking only.
interface PdfKitFont {
  id: string;
  font: unknown;
  layoutCache?: Record<string, unknown>;
}
interface PdfKitFontClass {
  new (document: unknown, font: unknown, id: string): PdfKitFont;
}
interface PdfKitDocument {
  _font: PdfKitFont;
  _fontCount: number;
  _fontFamilies: Record<string, PdfKitFont>;
  font(src: Buffer): PdfKitDocument;
}
interface PdfmakeDocument extends PdfKitDocument {
  fontCache: Record<string, Partial<Record<FontType, PdfKitFont>>>;
  getFontType(bold: boolean, italics: boolean): FontType;
}
interface Pdfmake {
  virtualfs: { writeFileSync(name: string, content: Buffer): void };
  addFonts(fonts: Record<string, Record<FontType, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(def: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

interface SharedFont {
  /** pdfkit's EmbeddedFont class, taken from the document that parsed the font. */
  EmbeddedFont: PdfKitFontClass;
  /** The parsed fontkit font, shared by every document. */
  parsed: unknown;
  /** Word → shaped glyph run, valid for any document since it depends on the font only. */
  layoutCache: Record<string, unknown>;
}

const ORIGINAL = Symbol.for('cprosync.pdfmake.provideFont');

let parses = 0;
let pdfmake: Pdfmake | null = null;
const buffers = new Map<FontType, Buffer>();
const shared = new Map<FontType, SharedFont>();

function fontBuffer(type: FontType): Buffer {
  let buf = buffers.get(type);
  if (!buf) {
    buf = readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${FILES[type]}`));
    buffers.set(type, buf);
  }
  return buf;
}

function sharedFont(type: FontType): SharedFont {
  let s = shared.get(type);
  if (!s) {
    const PDFKit = require('pdfkit') as new (opts: object) => PdfKitDocument;
    // A throwaway document does the one parse, so the font object is exactly what pdfkit itself would build.
    const probe = new PDFKit({ autoFirstPage: false, font: null }).font(fontBuffer(type));
    parses++;
    keepGlyphCodePoints(probe._font.font as FontkitFont);
    s = {
      EmbeddedFont: probe._font.constructor as PdfKitFontClass,
      parsed: probe._font.font,
      layoutCache: Object.create(null) as Record<string, unknown>,
    };
    shared.set(type, s);
  }
  return s;
}

interface FontkitFont {
  getGlyph(id: number, codePoints?: number[]): { codePoints: number[] } | null;
}

/**
 * fontkit keeps one glyph object per glyph id, with the characters of its first lookup; pdfkit writes those
 * characters into the PDF's ToUnicode map, which text extraction reads. A document's subset asks for the
 * components of composite glyphs by id alone ("Ÿ" is Y and a diaeresis), creating them without characters: with
 * the parsed font shared, a later document's "Y" would then extract as nothing. The characters of the first
 * lookup that has some are kept instead.
 */
function keepGlyphCodePoints(font: FontkitFont): void {
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id, codePoints = []) => {
    const glyph = getGlyph(id, codePoints);
    if (glyph && codePoints.length && !glyph.codePoints?.length) glyph.codePoints = codePoints;
    return glyph;
  };
}

function install(): Pdfmake {
  const pm = require('pdfmake') as Pdfmake;
  const PdfmakeDocument = (require('pdfmake/js/PDFDocument.js') as { default: { prototype: PdfmakeDocument } })
    .default;
  type ProvideFont = (this: PdfmakeDocument, family: string, bold: boolean, italics: boolean) => PdfKitFont;
  const proto = PdfmakeDocument.prototype as PdfmakeDocument & { provideFont: ProvideFont; [ORIGINAL]?: ProvideFont };
  // Re-installing (a module loaded twice, as under a test runner) replaces the patch instead of stacking it.
  const original = proto[ORIGINAL] ?? proto.provideFont;
  proto[ORIGINAL] = original;
  proto.provideFont = function (this: PdfmakeDocument, family: string, bold: boolean, italics: boolean) {
    if (family !== PDF_FONT_FAMILY) return original.call(this, family, bold, italics);
    const type = this.getFontType(bold, italics);
    const cache = (this.fontCache[family] ??= {});
    let font = cache[type];
    if (!font) {
      const s = sharedFont(type);
      font = new s.EmbeddedFont(this, s.parsed, `F${++this._fontCount}`);
      if (font.layoutCache) font.layoutCache = s.layoutCache;
      // pdfkit embeds (subsets) every font registered here when the document ends.
      this._fontFamilies[font.id] = font;
      cache[type] = font;
    }
    return font;
  };
  // Fonts are also put in pdfmake's virtual file system, so that the unpatched path would still find them.
  for (const [type, file] of Object.entries(FILES) as Array<[FontType, string]>) {
    pm.virtualfs.writeFileSync(file, fontBuffer(type));
  }
  pm.addFonts({ [PDF_FONT_FAMILY]: FILES });
  // Documents never load anything from the network or the disk.
  pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy(() => false);
  return pm;
}

/** Lays out and writes a pdfmake document definition into a PDF Buffer. */
export function printPdf(def: TDocumentDefinitions): Promise<Buffer> {
  pdfmake ??= install();
  return pdfmake.createPdf(def).getBuffer();
}

/** How many times a font file has been parsed in this process: at most once per style used. */
export function fontParseCount(): number {
  return parses;
}
