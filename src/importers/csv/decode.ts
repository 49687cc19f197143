// Stage 1 of every file import (CSV exports, YAML portfolios): bytes → text. Detects UTF-8 (with or without BOM),
// UTF-16LE/BE with BOM and falls back to Windows-1252; refuses binary files.
import { UserError } from '../../domain/errors.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

const ALIASES: Record<string, Encoding> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  utf16: 'utf-16le',
  'utf-16': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
  latin1: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'iso-8859-15': 'windows-1252',
  cp1252: 'windows-1252',
  'windows-1252': 'windows-1252',
  ansi: 'windows-1252',
};

export function parseEncoding(name: string): Encoding {
  const e = ALIASES[name.toLowerCase()];
  if (!e) {
    throw new UserError(`encodage inconnu « ${name} » (valeurs possibles : utf-8, utf-16le, windows-1252)`);
  }
  return e;
}

export interface Decoded {
  text: string;
  encoding: Encoding;
}

/** `what` names the file expected, in the refusal of a binary one (« un export CSV »). */
export function decode(bytes: Uint8Array, fileLabel: string, forced?: Encoding, what = 'un export CSV'): Decoded {
  let detected: Encoding;
  let bomLength = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    detected = 'utf-8';
    bomLength = 3;
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    detected = 'utf-16le';
    bomLength = 2;
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    detected = 'utf-16be';
    bomLength = 2;
  } else {
    detected = 'utf-8'; // without a BOM: UTF-8 if it decodes as such, else Windows-1252 (below)
  }
  if (forced && bomLength > 0 && forced !== detected) {
    throw new UserError(
      `${fileLabel} : le fichier commence par la marque d'un fichier ${detected} (BOM), contraire à --encoding ${forced} ; ` +
        `retirez --encoding ou indiquez --encoding ${detected}.`,
    );
  }
  let encoding = forced ?? detected;
  let body = bytes.subarray(bomLength);
  // Some old Windows exports end with a Ctrl-Z (0x1A) end-of-file mark: it is not content.
  if (body.length > 0 && body[body.length - 1] === 0x1a) body = body.subarray(0, body.length - 1);
  if (!encoding.startsWith('utf-16') && body.includes(0)) {
    throw new UserError(`${fileLabel} : fichier binaire, ce n'est pas ${what}.`);
  }
  let text: string | undefined;
  if (encoding === 'utf-8') {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      if (forced) throw new UserError(`${fileLabel} : le fichier n'est pas encodé en utf-8 valide.`);
      encoding = 'windows-1252';
    }
  }
  text ??= encoding === 'windows-1252' ? decodeWindows1252(body) : new TextDecoder(encoding).decode(body);
  if (looksBinary(text)) throw new UserError(`${fileLabel} : fichier binaire, ce n'est pas ${what}.`);
  return { text: text.normalize('NFC'), encoding };
}

// Windows-1252 differs from ISO-8859-1 in 0x80–0x9F (€, Œ, œ, Ÿ, curly quotes…). Node 20's TextDecoder
// decodes "windows-1252" as ISO-8859-1, so those bytes are mapped here.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (ch) => CP1252_HIGH[ch.charCodeAt(0) - 0x80]);
}

/**
 * Binary content: a NUL anywhere in the decoded text (whatever the encoding, UTF-16 included), or many control
 * characters at the start. A stray control character in a cell is not binary: the cell check names its row.
 */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const head = text.slice(0, 4096);
  const controls = head.match(/[\u0001-\u0008\u000e-\u001f]/g);
  return !!controls && controls.length > 8;
}
