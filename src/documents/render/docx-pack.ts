// The one place that adapts the docx package's internals: its compiler gives the package's parts (XML and media),
// and Node's zlib zips them. docx zips with fflate, in JavaScript, which took about a quarter of a small DOCX's time.
// Relies on one internal, checked by test/documents/docx-pack.test.ts: `Packer.compiler.compile(file)`, returning
// the parts by path. Without it, docx's own packer is used.
import * as zlib from 'node:zlib';
import { Packer, type Document } from 'docx';

interface Compiler {
  compile(file: Document, prettify?: string, overrides?: unknown[]): Map<string, string | Uint8Array>;
}

const compiler = (Packer as unknown as { compiler?: Compiler }).compiler;

/** Whether the parts come from docx's compiler and are zipped here (false: docx's slower packer is used). */
export const ownZip = typeof compiler?.compile === 'function';

/** The bytes of a .docx file. */
export async function packDocx(doc: Document): Promise<Buffer> {
  if (!ownZip) return Packer.toBuffer(doc);
  return zip(compiler!.compile(doc));
}

// zlib.crc32 is Node ≥ 20.15; a table-driven CRC-32 otherwise.
const crc32: (data: Uint8Array) => number =
  (zlib as { crc32?: (data: Uint8Array) => number }).crc32 ??
  (() => {
    const table = new Uint32Array(256).map((_, n) => {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      return c >>> 0;
    });
    return (data: Uint8Array) => {
      let c = 0xffffffff;
      for (const b of data) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
      return (c ^ 0xffffffff) >>> 0;
    };
  })();

const UTF8_NAMES = 0x0800;
const DEFLATE = 8;
const DOS_DATE = 0x0021; // 1 January 1980, 00:00: the parts carry their own dates in docProps/core.xml

/** A zip archive (no zip64: a document's parts are far below 4 GB) of the parts, DEFLATE-compressed, in order. */
export function zip(parts: Map<string, string | Uint8Array>): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [path, data] of parts) {
    const raw = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const packed = zlib.deflateRawSync(raw);
    const name = Buffer.from(path, 'utf8');
    const crc = crc32(raw);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (DEFLATE)
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(DEFLATE, 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    chunks.push(local, name, packed);

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(UTF8_NAMES, 8);
    entry.writeUInt16LE(DEFLATE, 10);
    entry.writeUInt16LE(0, 12);
    entry.writeUInt16LE(DOS_DATE, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(raw.length, 24);
    entry.writeUInt16LE(name.length, 28);
    // extra, comment, disk number, internal and external attributes: 0
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);

    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.size, 8);
  end.writeUInt16LE(parts.size, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}
