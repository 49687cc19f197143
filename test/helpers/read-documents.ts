// Reading exported documents back as a reader would: DOCX paragraphs from word/document.xml, PDF text by pdfjs.
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|apos|#(\d+)|#x([0-9a-f]+));/gi, (_, name: string, dec?: string, hex?: string) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : ENTITIES[name],
  );

/** The paragraphs of a DOCX, one per line (line breaks inside a paragraph become spaces). */
export async function docxParagraphs(buf: Buffer | Uint8Array): Promise<string[]> {
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml
    .split('</w:p>')
    .map((p) =>
      [...p.matchAll(/<w:br\/>|<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => (m[0] === '<w:br/>' ? ' ' : unescapeXml(m[1]))).join(''),
    )
    .filter((p) => p.length > 0);
}

/** The text of every page of a PDF, whitespace collapsed. */
export async function pdfPlainText(buf: Buffer | Uint8Array): Promise<{ text: string; pages: number }> {
  const doc = await getDocument({ data: new Uint8Array(buf), verbosity: 0, disableFontFace: true }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
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
  return { text: parts.join('').replace(/\s+/g, ' ').trim(), pages };
}
