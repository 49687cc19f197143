// Reading exported documents back as a reader would: the helpers of test/documents/readback.ts, under the names
// the e2e tests use.
import { pdfText } from '../documents/readback.js';

export { docxParagraphs } from '../documents/readback.js';

/** The text of every page of a PDF, whitespace collapsed. */
export async function pdfPlainText(buf: Buffer | Uint8Array): Promise<{ text: string; pages: number }> {
  const { text, pages } = await pdfText(buf);
  return { text, pages };
}
