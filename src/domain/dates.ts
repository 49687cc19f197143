// Calendar dates as ISO strings (yyyy-mm-dd), parsed strictly and printed the French way.

const MONTHS = [
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin',
  'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
];

function valid(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2200) return false;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= dim;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Parses dd/mm/yyyy, d/m/yyyy or yyyy-mm-dd into an ISO date, or null when absent or impossible. */
export function parseDate(input: string): string | null {
  const s = input.trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return valid(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return valid(y, mo, d) ? s : null;
  }
  return null;
}

/**
 * parseDate, plus what spreadsheets write: a 2-digit year (`09/11/26`, read as Calc does: 00–29 → 20xx,
 * 30–99 → 19xx) and day or month without their leading zero (`9/11/2026`). `understood` is set when the input
 * was not already dd/mm/yyyy or yyyy-mm-dd, so that the caller can say how it was read.
 */
export function parseSpreadsheetDate(input: string): { iso: string; understood?: string } | null {
  const s = input.trim();
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(s);
  if (!m) {
    const iso = parseDate(s);
    return iso ? { iso } : null;
  }
  const yy = Number(m[3]);
  const y = m[3].length === 2 ? (yy < 30 ? 2000 + yy : 1900 + yy) : yy;
  const [d, mo] = [Number(m[1]), Number(m[2])];
  if (!valid(y, mo, d)) return null;
  const iso = `${y}-${pad(mo)}-${pad(d)}`;
  const strict = m[1].length === 2 && m[2].length === 2 && m[3].length === 4;
  return strict ? { iso } : { iso, understood: shortFrenchDate(iso) };
}

/** "2025-01-13" → "13 janvier 2025" ("1er" for the first of the month). */
export function frenchDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d === 1 ? '1er' : d} ${MONTHS[m - 1]} ${y}`;
}

/** "2025-01-13" → "13/01/2025". */
export function shortFrenchDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** Working days (Monday to Friday) from start to end, both included. */
export function workingDays(startIso: string, endIso: string): number {
  const [sy, sm, sd] = startIso.split('-').map(Number);
  const [ey, em, ed] = endIso.split('-').map(Number);
  const start = Date.UTC(sy, sm - 1, sd);
  const end = Date.UTC(ey, em - 1, ed);
  let n = 0;
  for (let t = start; t <= end; t += 86_400_000) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) n++;
  }
  return n;
}

/** "4 semaines (20 jours ouvrés)", "3 semaines et 2 jours (17 jours ouvrés)", "1 jour ouvré". */
export function periodLength(startIso: string, endIso: string): string {
  const days = workingDays(startIso, endIso);
  const weeks = Math.floor(days / 5);
  const rest = days % 5;
  const s = (n: number, w: string) => `${n} ${w}${n > 1 ? 's' : ''}`;
  if (weeks === 0) return `${s(days, 'jour')} ouvré${days > 1 ? 's' : ''}`;
  return `${s(weeks, 'semaine')}${rest ? ` et ${s(rest, 'jour')}` : ''} (${days} jours ouvrés)`;
}

/** Age in whole years on a given date (both ISO). */
export function ageOn(birthIso: string, onIso: string): number {
  const [by, bm, bd] = birthIso.split('-').map(Number);
  const [y, m, d] = onIso.split('-').map(Number);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}

export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
