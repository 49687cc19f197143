// The one place that adapts the docx package's internals: its compiler gives the package's parts (XML and media),
// and yazl zips them with Node's zlib. docx's public packer zips with fflate, in JavaScript: measured in
// test/documents/docx-zip.bench.ts, a pré-convention and a bilan entreprise take about a quarter longer that way.
// Relies on one internal of docx (its version is pinned in package.json), checked by
// test/documents/docx-pack.test.ts: `Packer.compiler.compile(file)`, returning the parts by path. Without it,
// docx's own packer is used.
import { createRequire } from 'node:module';
import { Packer, type Document } from 'docx';

interface Compiler {
  compile(file: Document, prettify?: string, overrides?: unknown[]): Map<string, string | Uint8Array>;
}

const compiler = (Packer as unknown as { compiler?: Compiler }).compiler;

/** Whether the parts come from docx's compiler and are zipped by yazl (false: docx's slower packer is used). */
export const ownZip = typeof compiler?.compile === 'function';

/** The bytes of a .docx file. */
export async function packDocx(doc: Document): Promise<Buffer> {
  if (!ownZip) return Packer.toBuffer(doc);
  return zip(compiler!.compile(doc));
}

// The parts carry their own dates in docProps/core.xml: a fixed entry date keeps the same document byte-identical.
const ENTRY_DATE = new Date(1980, 0, 1);

/** A zip archive of the parts, DEFLATE-compressed, in order, with UTF-8 names. */
export function zip(parts: Map<string, string | Uint8Array>): Promise<Buffer> {
  const { ZipFile } = createRequire(import.meta.url)('yazl') as typeof import('yazl');
  const archive = new ZipFile();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    archive.outputStream.on('data', (c: Buffer) => chunks.push(c));
    archive.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    archive.outputStream.on('error', reject);
  });
  for (const [path, data] of parts) {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    archive.addBuffer(bytes, path, { mtime: ENTRY_DATE, compress: true });
  }
  archive.end();
  return done;
}
