// File names of the printed documents: their wording, safe on Windows, macOS and Linux, and never colliding.

export type DocumentKind = 'preconvention' | 'attestation' | 'bilan-attitudes' | 'bilan-entreprise' | 'grille-certificative';

/** Longest base name kept, in characters: room for a folder, " (99)" and ".docx" under Windows' 260-character paths. */
export const MAX_BASE_NAME = 120;
/**
 * Longest base name kept, in UTF-8 bytes: Linux and macOS limit a name to 255 bytes, and 120 characters of CJK or
 * emoji take up to 480. Leaves room for " (9999)", an extension and the "-99" of a repeated outbox message.
 */
export const MAX_BASE_BYTES = 200;

/** `s` cut to at most `max` UTF-8 bytes, on a character boundary. */
export function cutToBytes(s: string, max: number): string {
  if (Buffer.byteLength(s, 'utf8') <= max) return s;
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > max) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** The file name, without extension, of a learner's document for a period (user guide wording). */
export function documentBaseName(kind: DocumentKind, periodName: string, firstName: string, lastName: string): string {
  const who = `${firstName} ${lastName}`;
  switch (kind) {
    case 'preconvention':
      return safeFileName(`Annexe ${periodName} ${who}`);
    case 'attestation':
      return safeFileName(`Attestation - ${periodName} - ${who}`);
    case 'bilan-attitudes':
      return safeFileName(`Bilan attitudes - ${periodName} - ${who}`);
    case 'bilan-entreprise':
      return safeFileName(`Bilan entreprise - ${periodName} - ${who}`);
    case 'grille-certificative':
      return safeFileName(`Grille certificative - ${periodName} - ${who}`);
  }
}

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * A name any common file system accepts: NFC; no `/ \ : * ? " < > |` nor control characters; no leading or
 * trailing dots and spaces; not a Windows device name (CON, NUL, COM1…); at most `max` characters and
 * MAX_BASE_BYTES bytes (uniqueName() then keeps cut names apart).
 */
export function safeFileName(name: string, max = MAX_BASE_NAME): string {
  let s = name
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/[/\\|]/g, '-')
    .replace(/\s*:\s*/g, ' - ')
    .replace(/"/g, "'")
    .replace(/[*?<>]/g, '')
    .replace(/\s+/g, ' ');
  s = trimEnds(s);
  if (Array.from(s).length > max) s = trimEnds(Array.from(s).slice(0, max).join(''));
  if (Buffer.byteLength(s, 'utf8') > MAX_BASE_BYTES) s = trimEnds(cutToBytes(s, MAX_BASE_BYTES));
  if (!s) s = 'document';
  // Windows refuses a device name even with an extension ("CON.docx").
  if (RESERVED.test(s.split('.')[0].trim())) s = `_${s}`;
  return s;
}

function trimEnds(s: string): string {
  return s.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
}

/**
 * `base`, or `base (2)`, `base (3)`… — the first that is not in `taken`, compared ignoring case (as Windows and
 * macOS do). The name returned is added to `taken`.
 */
export function uniqueName(base: string, taken: Set<string>): string {
  // The folded names are kept beside `taken` and rebuilt only when it changed otherwise: folding every taken name
  // again for each new one made a 2,000-learner period's 10,000 file names take 25 s.
  let used = folded.get(taken);
  if (!used || used.size !== taken.size) {
    used = new Set(Array.from(taken, foldName));
    folded.set(taken, used);
  }
  let name = base;
  for (let n = 2; used.has(foldName(name)); n++) name = `${base} (${n})`;
  taken.add(name);
  used.add(foldName(name));
  return name;
}

const foldName = (s: string) => s.normalize('NFC').toLowerCase();
const folded = new WeakMap<Set<string>, Set<string>>();
