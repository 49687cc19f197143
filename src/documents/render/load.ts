// The one place a renderer is loaded: on first use, once per process (docx and pdfmake take time to load).
import type { Block } from '../model.js';
import type { DocumentFormat } from '../../domain/print.js';

export type Renderer = (blocks: Block[]) => Promise<Buffer>;

const loaded = new Map<DocumentFormat, Promise<Renderer>>();

/** The renderer of blocks into a DOCX or PDF file. */
export function loadRenderer(format: DocumentFormat): Promise<Renderer> {
  let r = loaded.get(format);
  if (!r) {
    r = format === 'docx' ? import('./docx.js').then((m) => m.renderDocx) : import('./pdf.js').then((m) => m.renderPdf);
    loaded.set(format, r);
  }
  return r;
}
