// The State's allocation de PFMP (décret 2023-765): days done × the daily rate of the class's level, within an
// annual cap; the rates, caps and the gratification's hourly minimum are dated data the school can update.

export const LEVELS = ['2de', '1re', 'Tle', 'CAP1', 'CAP2'] as const;
export type Level = (typeof LEVELS)[number];

/** The level typed by a user ("2de", "1RE", "terminale", "cap1"…), null when unknown. */
export function parseLevel(input: string): Level | null {
  const s = input.trim().toLowerCase().replace(/[\s.°-]+/g, '');
  const map: Record<string, Level> = {
    '2de': '2de', '2nde': '2de', seconde: '2de', '2': '2de',
    '1re': '1re', '1ere': '1re', '1ère': '1re', premiere: '1re', première: '1re', '1': '1re',
    tle: 'Tle', terminale: 'Tle', t: 'Tle',
    cap1: 'CAP1', '1cap': 'CAP1', cap2: 'CAP2', '2cap': 'CAP2',
  };
  return map[s] ?? null;
}

/** A class's level from its name when it starts with 2, 1 or T ("2MSPC1" → 2de, "TMSPC" → Tle), else null. */
export function levelFromClassName(name: string): Level | null {
  const s = name.trim();
  if (/^2/.test(s)) return '2de';
  if (/^1/.test(s)) return '1re';
  if (/^T/i.test(s)) return 'Tle';
  return null;
}

export interface AllocationScale {
  since: string;
  dailyRate: Partial<Record<Level, number>>;
  capWeeks: Partial<Record<Level, number>>;
  daysPerWeek: number;
}

export interface GratificationScale {
  since: string;
  hourlyMinimum: number;
}

export interface Scales {
  allocation: AllocationScale[];
  gratification: GratificationScale[];
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the scales file's JSON (French keys); every problem is listed, nothing is guessed. */
export function parseScales(raw: unknown): { scales?: Scales; errors: string[] } {
  const errors: string[] = [];
  const o = raw as Record<string, unknown> | null;
  if (!o || typeof o !== 'object') return { errors: ['le fichier doit contenir un objet JSON'] };
  const allocation: AllocationScale[] = [];
  const gratification: GratificationScale[] = [];
  const numbers = (v: unknown, where: string): Partial<Record<Level, number>> => {
    const out: Partial<Record<Level, number>> = {};
    if (!v || typeof v !== 'object') {
      errors.push(`${where} : objet attendu`);
      return out;
    }
    for (const [k, n] of Object.entries(v as Record<string, unknown>)) {
      if (!(LEVELS as readonly string[]).includes(k)) errors.push(`${where} : niveau inconnu « ${k} » (${LEVELS.join(', ')})`);
      else if (typeof n !== 'number' || !(n >= 0)) errors.push(`${where}.${k} : nombre positif attendu`);
      else out[k as Level] = n;
    }
    return out;
  };
  if (!Array.isArray(o.allocation)) errors.push('« allocation » : liste attendue');
  else
    o.allocation.forEach((a: Record<string, unknown>, i: number) => {
      const where = `allocation[${i}]`;
      if (typeof a?.depuis !== 'string' || !ISO.test(a.depuis)) errors.push(`${where}.depuis : date AAAA-MM-JJ attendue`);
      const days = a?.joursParSemaine ?? 5;
      if (typeof days !== 'number' || !(days > 0)) errors.push(`${where}.joursParSemaine : nombre positif attendu`);
      allocation.push({
        since: String(a?.depuis),
        dailyRate: numbers(a?.tauxJournalier, `${where}.tauxJournalier`),
        capWeeks: numbers(a?.plafondSemaines ?? {}, `${where}.plafondSemaines`),
        daysPerWeek: Number(days),
      });
    });
  if (!Array.isArray(o.gratification)) errors.push('« gratification » : liste attendue');
  else
    o.gratification.forEach((g: Record<string, unknown>, i: number) => {
      const where = `gratification[${i}]`;
      if (typeof g?.depuis !== 'string' || !ISO.test(g.depuis)) errors.push(`${where}.depuis : date AAAA-MM-JJ attendue`);
      if (typeof g?.tauxHoraireMinimal !== 'number' || !(g.tauxHoraireMinimal > 0)) errors.push(`${where}.tauxHoraireMinimal : nombre positif attendu`);
      gratification.push({ since: String(g?.depuis), hourlyMinimum: Number(g?.tauxHoraireMinimal) });
    });
  if (errors.length) return { errors };
  const bySince = <T extends { since: string }>(l: T[]) => l.sort((a, b) => a.since.localeCompare(b.since));
  return { scales: { allocation: bySince(allocation), gratification: bySince(gratification) }, errors };
}

/** The scale in force on a date: the latest whose start is not after it. */
export function inForce<T extends { since: string }>(list: T[], isoDate: string): T | undefined {
  let found: T | undefined;
  for (const s of list) if (s.since <= isoDate) found = s;
  return found;
}

export interface AllocationLine {
  days: number;
  rate: number;
  /** Days × rate, less what would go past the cap. */
  amount: number;
  /** Euros, null when the level has no cap. */
  cap: number | null;
  /** The year's total before this period. */
  previous: number;
  /** The year's total with this period. */
  total: number;
  capped: boolean;
}

export type AllocationRefusal =
  | { reason: 'apprentice' }
  | { reason: 'unknown-level' }
  | { reason: 'no-rate'; level: Level };

/**
 * One learner's allocation for one period. Apprentices get none (they are paid by their employer); a learner
 * whose class level is unknown is refused, never guessed.
 */
export function allocationFor(input: {
  status: 'Scolaire' | 'Apprenti';
  level: Level | null;
  days: number;
  /** The allocation already counted in the same school year, earlier periods. */
  previous: number;
  scale: AllocationScale | undefined;
}): AllocationLine | AllocationRefusal {
  if (input.status === 'Apprenti') return { reason: 'apprentice' };
  if (!input.level) return { reason: 'unknown-level' };
  const rate = input.scale?.dailyRate[input.level];
  if (rate === undefined || !input.scale) return { reason: 'no-rate', level: input.level };
  const weeks = input.scale.capWeeks[input.level];
  const cap = weeks === undefined ? null : weeks * input.scale.daysPerWeek * rate;
  const gross = round2(input.days * rate);
  const room = cap === null ? gross : Math.max(0, cap - input.previous);
  const amount = round2(Math.min(gross, room));
  return { days: input.days, rate, amount, cap, previous: input.previous, total: round2(input.previous + amount), capped: amount < gross };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** 150 → "150", 7.5 → "7,50": euros the French way. */
export function formatEuros(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace('.', ',');
}
