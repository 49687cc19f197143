// Annexes a learner uploads: which types are accepted (read from the first bytes, never from the name) and the
// limits per file and per portfolio.
export const ANNEX_MAX_BYTES = 5 * 1024 * 1024;
export const PORTFOLIO_ANNEX_QUOTA = 30 * 1024 * 1024;

export type AnnexMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

/** The type of a file from its signature: %PDF-, JPEG's FF D8 FF, PNG's 89 50 4E 47 0D 0A 1A 0A; null otherwise. */
export function annexTypeOf(bytes: Uint8Array): AnnexMediaType | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return null;
}

export function mediaTypeLabel(t: string): string {
  return t === 'application/pdf' ? 'PDF' : t === 'image/jpeg' ? 'image JPEG' : t === 'image/png' ? 'image PNG' : t;
}

/** `name`, or « photo (2).jpg », « photo (3).jpg »… when taken (case ignored); the result is added to `taken`. */
export function uniqueFileName(name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  const used = new Set(Array.from(taken, (s) => s.toLowerCase()));
  let out = name;
  for (let n = 2; used.has(out.toLowerCase()); n++) out = `${stem} (${n})${ext}`;
  taken.add(out);
  return out;
}
