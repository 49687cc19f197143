// Reads rendered documents back as text: the paragraphs of a DOCX, the text of a PDF (as a reader would extract it).
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|apos|#(\d+)|#x([0-9a-f]+));/gi, (_, name: string, dec?: string, hex?: string) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : ENTITIES[name],
  );

/** The text of word/document.xml, one line per paragraph. */
export async function docxText(buf: Buffer): Promise<string> {
  return (await readDocx(buf)).text;
}

/** The text of word/document.xml and its page size in twips. */
export async function readDocx(buf: Buffer | Uint8Array): Promise<{ text: string; pageSize: [number, number] }> {
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file('word/document.xml')!.async('string');
  const size = /<w:pgSz[^>]*w:w="(\d+)"[^>]*w:h="(\d+)"/.exec(xml);
  return { text: paragraphs(xml).join('\n'), pageSize: size ? [Number(size[1]), Number(size[2])] : [0, 0] };
}

/** The paragraphs of a DOCX, one per line (line breaks inside a paragraph become spaces). */
export async function docxParagraphs(buf: Buffer | Uint8Array): Promise<string[]> {
  const zip = await JSZip.loadAsync(buf);
  return paragraphs(await zip.file('word/document.xml')!.async('string'));
}

function paragraphs(xml: string): string[] {
  return xml
    .split('</w:p>')
    .map((p) =>
      [...p.matchAll(/<w:br\/>|<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => (m[0] === '<w:br/>' ? ' ' : unescape(m[1]))).join(''),
    )
    .filter((p) => p.length > 0);
}

/**
 * The text of every page, whitespace collapsed. Items are glued as laid out: a space only where the text has one,
 * where a line ends, or where the next item starts apart (another table cell), so "pré-convention" stays whole.
 */
export async function pdfText(buf: Buffer | Uint8Array): Promise<{ text: string; pages: number; sizes: Array<[number, number]> }> {
  const doc = await getDocument({ data: new Uint8Array(buf), verbosity: 0, disableFontFace: true }).promise;
  const parts: string[] = [];
  const sizes: Array<[number, number]> = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const { width, height } = page.getViewport({ scale: 1 });
    sizes.push([Math.round(width), Math.round(height)]);
    const content = await page.getTextContent();
    let end: { x: number; y: number } | null = null;
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const [x, y] = [item.transform[4], item.transform[5]];
      if (end && (Math.abs(y - end.y) > 1 || x - end.x > 1.5)) parts.push(' ');
      parts.push(item.str);
      if (item.hasEOL) parts.push(' ');
      end = { x: x + item.width, y };
    }
    parts.push(' ');
  }
  const pages = doc.numPages;
  await doc.destroy();
  return { text: flat(parts.join('')), pages, sizes };
}

/** Whitespace collapsed, so that a phrase wrapped over two lines is still found. */
export const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
