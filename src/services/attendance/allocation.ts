// The allocation de PFMP to declare: per learner and period, days done × the daily rate of the class's level,
// within the year's cap, and what still blocks the declaration (attendance not confirmed, attestation not printed).
import { existsSync, readdirSync } from 'node:fs';
import { allocationFor, inForce, levelFromClassName, parseLevel, LEVELS, type Level, type Scales } from '../../domain/allocation.js';
import { isAlsaceMoselle, schoolYear } from '../../domain/calendar.js';
import { plannedDays } from './attendance.js';
import { summariseAttendance } from '../../domain/attendance.js';
import { csvDocument, type CsvValue } from '../../domain/csv-safety.js';
import { UsageError, UserError } from '../../domain/errors.js';
import { documentBaseName } from '../../domain/filenames.js';
import type { Learner, Period } from '../../domain/model.js';
import type { Store } from '../../store/store.js';
import { periodRef, type PeriodRef } from '../shared/refs.js';
import { periodDocumentsDir } from '../shared/private-fs.js';
import { resolvePeriod } from '../shared/resolve.js';
import { loadScales } from './scales.js';

export interface AllocationRow {
  learner: { id: number; ine: string | null; lastName: string; firstName: string; status: string };
  class: string;
  period: PeriodRef;
  level: Level | null;
  days: number;
  /** € a day; null when no allocation applies. */
  rate: number | null;
  amount: number | null;
  /** The school year's total with this period, and its cap (null: no cap). */
  yearTotal: number | null;
  cap: number | null;
  capped: boolean;
  confirmed: boolean;
  /** What keeps the line out of the declaration (apprentice, unknown level, attendance not confirmed…). */
  blockers: string[];
}

export interface AllocationReport {
  scope: { period: PeriodRef | null; class: string | null };
  rows: AllocationRow[];
  total: { days: number; amount: number };
  /** Classes whose level is not known: set it with cpro classes set <classe> niveau=… */
  unknownLevels: string[];
}

async function classLevel(store: Store, classId: number): Promise<Level | null> {
  const c = await store.classes.get(classId);
  if (!c) return null;
  return (c.level as Level | null) ?? levelFromClassName(c.name);
}

interface Ctx {
  store: Store;
  scales: Scales;
  alsace: boolean;
  periods: Map<number, Period>;
  /** learner id → period id → amount, for the running totals. */
  years: Map<number, Map<number, ReturnType<typeof allocationFor>>>;
}

async function periodOf(ctx: Ctx, id: number): Promise<Period> {
  let p = ctx.periods.get(id);
  if (!p) ctx.periods.set(id, (p = (await ctx.store.periods.get(id))!));
  return p;
}

async function daysDone(ctx: Ctx, period: Period, assignmentId: number): Promise<number> {
  const rec = await ctx.store.attendance.record(assignmentId);
  return summariseAttendance({
    plannedDays: plannedDays(period, rec, ctx.alsace),
    absences: await ctx.store.attendance.absences(assignmentId),
    dailyHours: rec?.dailyHours ?? null,
  }).daysDone;
}

/** Every placement's allocation of a learner, in date order, the cap running over each school year. */
async function learnerLines(ctx: Ctx, learner: Learner) {
  let lines = ctx.years.get(learner.id);
  if (lines) return lines;
  lines = new Map();
  const totals = new Map<string, number>();
  for (const p of await ctx.store.attendance.placementsOf(learner.id)) {
    const period = await periodOf(ctx, p.periodId);
    const year = schoolYear(period.start);
    const previous = totals.get(year) ?? 0;
    const line = allocationFor({
      status: learner.status,
      level: await classLevel(ctx.store, period.classId),
      days: await daysDone(ctx, period, p.assignmentId),
      previous,
      scale: inForce(ctx.scales.allocation, period.start),
    });
    if ('amount' in line) totals.set(year, line.total);
    lines.set(period.id, line);
  }
  ctx.years.set(learner.id, lines);
  return lines;
}

function attestationPrinted(cwd: string, period: Period, learner: Learner): boolean {
  const dir = periodDocumentsDir(cwd, period.name);
  if (!existsSync(dir)) return false;
  const base = documentBaseName('attestation', period.name, learner.firstName, learner.lastName);
  return readdirSync(dir).some((f) => f.startsWith(base) && /\.(pdf|docx)$/i.test(f));
}

export async function allocationReport(store: Store, opts: { period?: string; class?: string; cwd?: string }): Promise<AllocationReport> {
  if (!!opts.period === !!opts.class) throw new UsageError('donnez --period ou --class (l\'un des deux)');
  const cwd = opts.cwd ?? process.cwd();
  let periods: Period[];
  let className: string | null = null;
  if (opts.period) {
    periods = [await resolvePeriod(store, opts.period)];
  } else {
    const c = await store.classes.find(opts.class!.trim());
    if (!c) throw new UserError(`classe introuvable : « ${opts.class} » (voir « cpro classes list »)`);
    className = c.name;
    periods = (await store.periods.list()).filter((p) => p.classId === c.id).sort((a, b) => a.start.localeCompare(b.start) || a.id - b.id);
  }
  const ctx: Ctx = { store, scales: await loadScales(store), alsace: isAlsaceMoselle(await store.config.get('etablissement.uai')), periods: new Map(), years: new Map() };
  const rows: AllocationRow[] = [];
  const unknown = new Set<string>();
  for (const period of periods) {
    ctx.periods.set(period.id, period);
    const records = await store.attendance.inPeriod(period.id);
    for (const l of await store.learners.inPeriod(period.id)) {
      const line = (await learnerLines(ctx, l)).get(period.id)!;
      const assignmentId = (await store.periods.assignmentId(period.id, l.id))!;
      const confirmed = !!records.get(assignmentId)?.confirmedAt;
      const blockers: string[] = [];
      let days = 0;
      if ('reason' in line) {
        days = await daysDone(ctx, period, assignmentId);
        if (line.reason === 'apprentice') blockers.push('apprenti : pas d\'allocation');
        else if (line.reason === 'unknown-level') {
          unknown.add(period.className);
          blockers.push(`niveau de la classe ${period.className} inconnu (cpro classes set "${period.className}" niveau=…)`);
        } else blockers.push(`aucun taux pour le niveau ${line.level} à cette date (barèmes)`);
      } else {
        days = line.days;
        if (!confirmed) blockers.push('présence non confirmée (cpro attendance confirm)');
        if (!attestationPrinted(cwd, period, l)) blockers.push('attestation non imprimée (cpro print attestations)');
      }
      const ok = 'amount' in line;
      rows.push({
        learner: { id: l.id, ine: l.ine, lastName: l.lastName, firstName: l.firstName, status: l.status },
        class: period.className,
        period: periodRef(period),
        level: await classLevel(store, period.classId),
        days,
        rate: ok ? line.rate : null,
        amount: ok ? line.amount : null,
        yearTotal: ok ? line.total : null,
        cap: ok ? line.cap : null,
        capped: ok ? line.capped : false,
        confirmed,
        blockers,
      });
    }
  }
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    scope: { period: opts.period ? periodRef(periods[0]) : null, class: className },
    rows,
    total: { days: round(rows.reduce((s, r) => s + (r.amount !== null ? r.days : 0), 0)), amount: round(rows.reduce((s, r) => s + (r.amount ?? 0), 0)) },
    unknownLevels: [...unknown],
  };
}

/** A number as French spreadsheets read it: integers as numbers, decimals with a comma. */
const frenchNumber = (n: number | null): CsvValue => (n === null ? null : Number.isInteger(n) ? n : String(n).replace('.', ','));

/** The declaration list as the end-of-term exports write CSV: BOM, `;`, CRLF, formula-like cells neutralised. */
export function allocationCsv(r: AllocationReport): string {
  return csvDocument(
    ['Classe', 'Période', 'Nom', 'Prénom', 'INE', 'Statut', 'Niveau', 'Jours effectués', 'Taux journalier (€)', 'Montant (€)', "Cumul de l'année (€)", 'Plafond annuel (€)', 'Présence confirmée', 'À régler avant déclaration'],
    r.rows.map((x) => [
      x.class, x.period.name, x.learner.lastName, x.learner.firstName, x.learner.ine, x.learner.status, x.level,
      frenchNumber(x.days), frenchNumber(x.rate), frenchNumber(x.amount), frenchNumber(x.yearTotal), frenchNumber(x.cap), x.confirmed, x.blockers.join(' ; '),
    ]),
  );
}

export interface ClassLevelChange {
  class: string;
  level: Level | null;
  previous: Level | null;
  changed: boolean;
}

/** `cpro classes set <class> niveau=<level>`: the level the allocation uses (empty value: back to the name's). */
export async function setClassLevel(store: Store, className: string, value: string): Promise<ClassLevelChange> {
  const c = await store.classes.find(className.trim());
  if (!c) throw new UserError(`classe introuvable : « ${className} » (voir « cpro classes list »)`);
  const level = value.trim() === '' ? null : parseLevel(value);
  if (value.trim() !== '' && !level) throw new UsageError(`niveau inconnu « ${value} » : choisissez ${LEVELS.join(', ')}`);
  const previous = (c.level as Level | null) ?? null;
  if (previous !== level) await store.transaction(() => store.classes.setLevel(c.id, level));
  return { class: c.name, level, previous, changed: previous !== level };
}

export interface ClassListing {
  class: string;
  level: Level | null;
  /** Where the level comes from: set by the user, read from the name, or unknown. */
  source: 'défini' | 'nom' | 'inconnu';
}

export async function listClasses(store: Store): Promise<ClassListing[]> {
  return (await store.classes.list()).map((c) => {
    const fromName = levelFromClassName(c.name);
    const level = (c.level as Level | null) ?? fromName;
    return { class: c.name, level, source: c.level ? 'défini' : fromName ? 'nom' : 'inconnu' };
  });
}
