// The French public calendar of a placement: public holidays (Easter-based ones computed), working days, school years.

export interface PublicHoliday {
  date: string;
  name: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** Easter Sunday of a Gregorian year (anonymous Gregorian computus, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/** `isoDate` shifted by `days` (negative allowed). */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** ISO weekday: 1 Monday … 7 Sunday. */
export function isoWeekday(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** Schools in Alsace-Moselle (departments 57, 67, 68): their UAI starts with 057, 067 or 068. */
export function isAlsaceMoselle(uai: string | null | undefined): boolean {
  return !!uai && /^0(57|67|68)/.test(uai.trim());
}

/** France's public holidays of a year (code du travail L3133-1), plus Good Friday and 26 December in Alsace-Moselle. */
export function publicHolidays(year: number, alsaceMoselle = false): PublicHoliday[] {
  const easter = easterSunday(year);
  const list: PublicHoliday[] = [
    { date: iso(year, 1, 1), name: "Jour de l'an" },
    { date: addDays(easter, 1), name: 'Lundi de Pâques' },
    { date: iso(year, 5, 1), name: 'Fête du travail' },
    { date: iso(year, 5, 8), name: 'Victoire 1945' },
    { date: addDays(easter, 39), name: 'Ascension' },
    { date: addDays(easter, 50), name: 'Lundi de Pentecôte' },
    { date: iso(year, 7, 14), name: 'Fête nationale' },
    { date: iso(year, 8, 15), name: 'Assomption' },
    { date: iso(year, 11, 1), name: 'Toussaint' },
    { date: iso(year, 11, 11), name: 'Armistice 1918' },
    { date: iso(year, 12, 25), name: 'Noël' },
  ];
  if (alsaceMoselle) {
    list.push({ date: addDays(easter, -2), name: 'Vendredi saint' }, { date: iso(year, 12, 26), name: 'Saint-Étienne' });
  }
  return list.sort((x, y) => x.date.localeCompare(y.date));
}

/** The holidays falling between two ISO dates included. */
export function holidaysBetween(start: string, end: string, alsaceMoselle = false): PublicHoliday[] {
  const out: PublicHoliday[] = [];
  for (let y = Number(start.slice(0, 4)); y <= Number(end.slice(0, 4)); y++) {
    for (const h of publicHolidays(y, alsaceMoselle)) if (h.date >= start && h.date <= end) out.push(h);
  }
  return out;
}

/** Monday to Friday: the working days of a period unless it says otherwise. */
export const DEFAULT_WEEKDAYS: readonly number[] = [1, 2, 3, 4, 5];

export interface WorkingDaysOptions {
  /** ISO weekdays worked (1 Monday … 7 Sunday); Monday to Friday by default. */
  weekdays?: readonly number[];
  alsaceMoselle?: boolean;
}

/** The working days of a period: its weekdays between start and end included, less public holidays. */
export function workingDays(start: string, end: string, opts: WorkingDaysOptions = {}): string[] {
  const weekdays = new Set(opts.weekdays ?? DEFAULT_WEEKDAYS);
  const holidays = new Set(holidaysBetween(start, end, opts.alsaceMoselle).map((h) => h.date));
  const out: string[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) {
    if (weekdays.has(isoWeekday(d)) && !holidays.has(d)) out.push(d);
  }
  return out;
}

/** The school year of a date, "2025-2026" for any date from 1 September 2025 to 31 August 2026. */
export function schoolYear(isoDate: string): string {
  const y = Number(isoDate.slice(0, 4));
  const m = Number(isoDate.slice(5, 7));
  const first = m >= 9 ? y : y - 1;
  return `${first}-${first + 1}`;
}

/** The Monday of the ISO week of a date (weeks for the minors' weekly limit). */
export function weekStart(isoDate: string): string {
  return addDays(isoDate, 1 - isoWeekday(isoDate));
}

const DAY_NAMES = ['lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim'];

/** "lun,mar,mer,jeu,ven" or "lun-ven" → ISO weekdays; null when a name is unknown. */
export function parseWeekdays(input: string): number[] | null {
  const out = new Set<number>();
  for (const part of input.split(/[,\s]+/).filter(Boolean)) {
    const range = part.split('-');
    const idx = range.map((r) => DAY_NAMES.indexOf(r.trim().toLowerCase().slice(0, 3)) + 1);
    if (idx.some((i) => i === 0) || idx.length > 2) return null;
    if (idx.length === 1) out.add(idx[0]);
    else for (let i = idx[0]; i <= idx[1]; i++) out.add(i);
  }
  return out.size ? [...out].sort((a, b) => a - b) : null;
}

/** [1,2,3,4,5] → "lun-ven"; [1,3,5] → "lun,mer,ven". */
export function formatWeekdays(days: readonly number[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  const contiguous = sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1);
  if (contiguous && sorted.length > 2) return `${DAY_NAMES[sorted[0] - 1]}-${DAY_NAMES[sorted[sorted.length - 1] - 1]}`;
  return sorted.map((d) => DAY_NAMES[d - 1]).join(',');
}
