// Use cases of a period's attendance: absences recorded one by one or imported, schedules, confirmation, and the
// per-learner summary (days, hours, minors' limits, gratification) that show, print and allocation read.
import { isAlsaceMoselle, holidaysBetween, isoWeekday, schoolYear, workingDays, formatWeekdays, type PublicHoliday } from '../../domain/calendar.js';
import {
  describeAbsence,
  gratificationDue,
  hostKey,
  minorScheduleIssues,
  summariseAttendance,
  type Absence,
} from '../../domain/attendance.js';
import { inForce } from '../../domain/allocation.js';
import { ageOn, shortFrenchDate } from '../../domain/dates.js';
import { UserError, type DataError } from '../../domain/errors.js';
import { isMinorOn } from '../../domain/minors.js';
import type { Learner, Period } from '../../domain/model.js';
import { readCsvFile, type CsvOptions } from '../../importers/csv/read.js';
import { ABSENCE_COLUMNS, absenceHeaderErrors, validateAbsenceRows } from '../../importers/attendance.js';
import type { AttendanceRecord, ConfirmedBy } from '../../store/attendance.js';
import type { Store } from '../../store/store.js';
import { matchRowLearner } from '../shared/match-row-learner.js';
import { periodRef, type PeriodRef } from '../shared/refs.js';
import { resolveLearner, resolvePeriod } from '../shared/resolve.js';
import { loadScales } from './scales.js';

const WEEKDAY_NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

export interface AbsenceView extends Absence {
  /** "journée", "demi-journée", "3 h". */
  length: string;
}

export interface GratificationView {
  /** Hours done in the same host in the same school year up to this period, this one included. */
  cumulatedHours: number;
  due: boolean;
  /** The legal hourly minimum in force at the end of the period, from the scales; null when none is. */
  hourlyMinimum: number | null;
}

export interface LearnerAttendance {
  learner: { id: number; ine: string | null; lastName: string; firstName: string; status: string };
  daysPlanned: number;
  daysDone: number;
  hours: number;
  dailyHours: number;
  /** The schedule's daily hours were given (else 7 h). */
  scheduleKnown: boolean;
  weekdays: string;
  absences: AbsenceView[];
  confirmed: boolean;
  confirmedBy: ConfirmedBy | null;
  confirmedAt: string | null;
  /** A minor's schedule over the limits, empty otherwise. */
  minorIssues: string[];
  gratification: GratificationView;
}

export interface AttendanceReport {
  period: PeriodRef & { start: string; end: string };
  holidays: PublicHoliday[];
  learners: LearnerAttendance[];
}

async function alsaceMoselle(store: Store): Promise<boolean> {
  return isAlsaceMoselle(await store.config.get('etablissement.uai')); // the key print-plan's SCHOOL_KEYS.uai names
}

/** The working days of a placement: its schedule's weekdays (Monday to Friday by default), less public holidays. */
export function plannedDays(period: Pick<Period, 'start' | 'end'>, record: Pick<AttendanceRecord, 'weekdays'> | undefined, alsace: boolean): string[] {
  const key = `${period.start}|${period.end}|${record?.weekdays?.join(',') ?? ''}|${alsace}`;
  let days = calendars.get(key);
  if (!days) calendars.set(key, (days = workingDays(period.start, period.end, { weekdays: record?.weekdays ?? undefined, alsaceMoselle: alsace })));
  return days;
}
/** Working days by period dates and weekdays: the same for most learners of a period, computed once. */
const calendars = new Map<string, string[]>();

async function hoursOf(store: Store, period: Period, assignmentId: number, alsace: boolean): Promise<number> {
  const record = await store.attendance.record(assignmentId);
  return summariseAttendance({
    plannedDays: plannedDays(period, record, alsace),
    absences: await store.attendance.absences(assignmentId),
    dailyHours: record?.dailyHours ?? null,
  }).hours;
}

/** Hours done with the same host in the school year of `period`, up to it (its own hours given). */
async function cumulatedHours(store: Store, period: Period, learnerId: number, ownHours: number, alsace: boolean): Promise<number> {
  const placements = await store.attendance.placementsOf(learnerId);
  const self = placements.find((p) => p.periodId === period.id);
  const key = self && hostKey({ name: self.companyName, postalCode: self.companyPostalCode });
  if (!key) return ownHours;
  const year = schoolYear(period.start);
  let total = ownHours;
  for (const p of placements) {
    if (p.periodId === period.id || schoolYear(p.start) !== year || p.start > period.start) continue;
    if (hostKey({ name: p.companyName, postalCode: p.companyPostalCode }) !== key) continue;
    total += await hoursOf(store, (await store.periods.get(p.periodId))!, p.assignmentId, alsace);
  }
  return Math.round(total * 100) / 100;
}

/** The attendance of every learner of a period (or of one). */
export async function periodAttendance(store: Store, period: Period, only?: Learner[]): Promise<AttendanceReport> {
  const alsace = await alsaceMoselle(store);
  const records = await store.attendance.inPeriod(period.id);
  const absences = new Map<number, Absence[]>();
  for (const a of await store.attendance.absencesInPeriod(period.id)) {
    const list = absences.get(a.assignmentId) ?? [];
    list.push({ date: a.date, hours: a.hours, halfDay: a.halfDay, reason: a.reason });
    absences.set(a.assignmentId, list);
  }
  const scales = await loadScales(store);
  const hourlyMinimum = inForce(scales.gratification, period.end)?.hourlyMinimum ?? null;
  const learners: LearnerAttendance[] = [];
  for (const l of only ?? (await store.learners.inPeriod(period.id))) {
    const assignmentId = (await store.periods.assignmentId(period.id, l.id))!;
    const record = records.get(assignmentId);
    const days = plannedDays(period, record, alsace);
    const own = absences.get(assignmentId) ?? [];
    const s = summariseAttendance({ plannedDays: days, absences: own, dailyHours: record?.dailyHours ?? null });
    const cumulated = await cumulatedHours(store, period, l.id, s.hours, alsace);
    learners.push({
      learner: { id: l.id, ine: l.ine, lastName: l.lastName, firstName: l.firstName, status: l.status },
      daysPlanned: s.daysPlanned,
      daysDone: s.daysDone,
      hours: s.hours,
      dailyHours: s.dailyHours,
      scheduleKnown: record?.dailyHours != null,
      weekdays: formatWeekdays(record?.weekdays ?? [1, 2, 3, 4, 5]),
      absences: own.map((a) => ({ ...a, length: describeAbsence(a) })),
      confirmed: !!record?.confirmedAt,
      confirmedBy: record?.confirmedBy ?? null,
      confirmedAt: record?.confirmedAt ?? null,
      minorIssues: isMinorOn(l.birthDate, period.start) ? minorScheduleIssues(days, record?.dailyHours ?? null, ageOn(l.birthDate!, period.start)) : [],
      gratification: { cumulatedHours: cumulated, due: gratificationDue(cumulated), hourlyMinimum },
    });
  }
  return {
    period: { ...periodRef(period), start: period.start, end: period.end },
    holidays: holidaysBetween(period.start, period.end, alsace),
    learners,
  };
}

export async function showAttendance(store: Store, periodRef: string, learnerRef?: string): Promise<AttendanceReport> {
  const period = await resolvePeriod(store, periodRef);
  return periodAttendance(store, period, learnerRef ? [await resolveLearner(store, learnerRef, period.id)] : undefined);
}

/** Why `date` is not a working day of the placement, or null when it is one. */
function notWorkingReason(period: Period, record: AttendanceRecord | undefined, date: string, alsace: boolean): string | null {
  if (date < period.start || date > period.end) {
    return `le ${shortFrenchDate(date)} est en dehors de la période (du ${shortFrenchDate(period.start)} au ${shortFrenchDate(period.end)})`;
  }
  if (plannedDays(period, record, alsace).includes(date)) return null;
  const holiday = holidaysBetween(date, date, alsace)[0];
  if (holiday) return `le ${shortFrenchDate(date)} est férié (${holiday.name})`;
  return `le ${shortFrenchDate(date)} est un ${WEEKDAY_NAMES[isoWeekday(date) - 1]}, jour non travaillé de la période`;
}

function checkHours(a: { hours: number | null }, record: AttendanceRecord | undefined): string | null {
  const daily = record?.dailyHours ?? 7;
  if (a.hours !== null && a.hours > daily) return `${a.hours} h d'absence pour une journée de ${daily} h`;
  return null;
}

const sameAbsence = (a: Absence, b: Absence) => a.hours === b.hours && a.halfDay === b.halfDay && a.reason === b.reason;

export type Change = 'created' | 'updated' | 'unchanged' | 'removed';

export interface AbsenceChange {
  period: PeriodRef;
  learner: { id: number; lastName: string; firstName: string };
  date: string;
  change: Change;
  /** The attendance was confirmed and is no longer: it must be confirmed again. */
  unconfirmed: boolean;
}

export interface AbsenceInput {
  date: string;
  hours?: number | null;
  halfDay?: boolean;
  reason?: string | null;
}

async function placement(store: Store, periodRefText: string, learnerRefText: string) {
  const period = await resolvePeriod(store, periodRefText);
  const learner = await resolveLearner(store, learnerRefText, period.id);
  const assignmentId = (await store.periods.assignmentId(period.id, learner.id))!;
  return { period, learner, assignmentId };
}

/** Clears the confirmation of a placement whose attendance changed; true when there was one. */
async function unconfirm(store: Store, assignmentId: number): Promise<boolean> {
  if (!(await store.attendance.record(assignmentId))?.confirmedAt) return false;
  await store.attendance.setConfirmation(assignmentId, null, null);
  return true;
}

export async function addAbsence(store: Store, periodRefText: string, learnerRefText: string, input: AbsenceInput): Promise<AbsenceChange> {
  const { period, learner, assignmentId } = await placement(store, periodRefText, learnerRefText);
  const record = await store.attendance.record(assignmentId);
  const absence: Absence = { date: input.date, hours: input.hours ?? null, halfDay: !!input.halfDay, reason: input.reason ?? null };
  const why = notWorkingReason(period, record, absence.date, await alsaceMoselle(store)) ?? checkHours(absence, record);
  if (why) throw new UserError(`absence refusée : ${why}`);
  const existing = (await store.attendance.absences(assignmentId)).find((a) => a.date === absence.date);
  const change: Change = !existing ? 'created' : sameAbsence(existing, absence) ? 'unchanged' : 'updated';
  let unconfirmed = false;
  if (change !== 'unchanged') {
    await store.transaction(async () => {
      await store.attendance.saveAbsence(assignmentId, absence);
      unconfirmed = await unconfirm(store, assignmentId);
    });
  }
  return { period: periodRef(period), learner: { id: learner.id, lastName: learner.lastName, firstName: learner.firstName }, date: absence.date, change, unconfirmed };
}

export async function removeAbsence(store: Store, periodRefText: string, learnerRefText: string, date: string): Promise<AbsenceChange> {
  const { period, learner, assignmentId } = await placement(store, periodRefText, learnerRefText);
  let change: Change = 'unchanged';
  let unconfirmed = false;
  await store.transaction(async () => {
    if (await store.attendance.removeAbsence(assignmentId, date)) {
      change = 'removed';
      unconfirmed = await unconfirm(store, assignmentId);
    }
  });
  return { period: periodRef(period), learner: { id: learner.id, lastName: learner.lastName, firstName: learner.firstName }, date, change, unconfirmed };
}

export interface AbsenceImportOptions extends CsvOptions {
  period?: string;
  dryRun?: boolean;
}

export interface AbsenceImportReport {
  absences: { created: number; updated: number; unchanged: number };
  /** Learners whose confirmed attendance the import changed: to be confirmed again. */
  unconfirmed: Array<{ period: string; learner: string }>;
  warnings: string[];
  errors: DataError[];
}

export function emptyAbsenceReport(errors: DataError[] = []): AbsenceImportReport {
  return { absences: { created: 0, updated: 0, unchanged: 0 }, unconfirmed: [], warnings: [], errors };
}

/**
 * Imports absences, one a line, into one period (--period) or into the period each line names. A line sets the
 * absence of its learner on its date (adding it or replacing it); absences not in the file are kept.
 */
export async function importAbsences(store: Store, file: string, opts: AbsenceImportOptions = {}): Promise<AbsenceImportReport> {
  const fixed = opts.period ? await resolvePeriod(store, opts.period) : undefined;
  const table = readCsvFile(file, ABSENCE_COLUMNS, opts);
  const report = emptyAbsenceReport(absenceHeaderErrors(table, !!fixed));
  if (table.unknownColumns.length) {
    report.warnings.push(`colonne(s) inconnue(s) ignorée(s) : ${table.unknownColumns.map((c) => `« ${c} »`).join(', ')}`);
  }
  if (report.errors.length) return report;
  const alsace = await alsaceMoselle(store);
  const { rows, errors } = validateAbsenceRows(table);
  const seen = new Map<string, number>();
  const plan: Array<{ assignmentId: number; absence: Absence; label: { period: string; learner: string } }> = [];
  const pools = new Map<number, Learner[]>();
  const poolOf = async (p: Period) => pools.get(p.id) ?? pools.set(p.id, await store.learners.inPeriod(p.id)).get(p.id)!;
  for (const row of rows) {
    let period = fixed;
    let learner: Learner | undefined;
    if (period) {
      learner = matchRowLearner(await poolOf(period), period, row, errors);
    } else {
      const name = row.period ?? '';
      const candidates = /^\d+$/.test(name) ? [await store.periods.get(Number(name))].filter((p): p is Period => !!p) : await store.periods.byName(name);
      if (!name || candidates.length === 0) {
        errors.push({ line: row.line, column: 'Période', message: name ? `période introuvable : « ${name} »` : 'période manquante' });
        continue;
      }
      const found: Array<{ p: Period; l: Learner }> = [];
      for (const p of candidates) {
        const l = matchRowLearner(await poolOf(p), p, row, []);
        if (l) found.push({ p, l });
      }
      if (found.length !== 1) {
        if (candidates.length === 1) matchRowLearner(await poolOf(candidates[0]), candidates[0], row, errors);
        else errors.push({ line: row.line, column: 'Nom', message: found.length ? `l'apprenant est dans plusieurs périodes « ${name} » : donnez le numéro de la période` : `apprenant introuvable dans les périodes « ${name} »` });
        continue;
      }
      ({ p: period, l: learner } = found[0]);
    }
    if (!learner || !period) continue;
    const assignmentId = (await store.periods.assignmentId(period.id, learner.id))!;
    const key = `${assignmentId}|${row.date}`;
    const previous = seen.get(key);
    if (previous !== undefined) {
      errors.push({ line: row.line, column: 'Date', message: `absence du ${shortFrenchDate(row.date)} déjà donnée à la ligne ${previous} pour ${learner.lastName} ${learner.firstName}` });
      continue;
    }
    seen.set(key, row.line);
    const record = await store.attendance.record(assignmentId);
    const absence: Absence = { date: row.date, hours: row.hours, halfDay: row.halfDay, reason: row.reason };
    const why = notWorkingReason(period, record, row.date, alsace);
    if (why) {
      errors.push({ line: row.line, column: 'Date', message: why });
      continue;
    }
    const tooMany = checkHours(absence, record);
    if (tooMany) {
      errors.push({ line: row.line, column: 'Heures', message: tooMany });
      continue;
    }
    const existing = (await store.attendance.absences(assignmentId)).find((a) => a.date === row.date);
    const change = !existing ? 'created' : sameAbsence(existing, absence) ? 'unchanged' : 'updated';
    report.absences[change]++;
    if (change !== 'unchanged') plan.push({ assignmentId, absence, label: { period: period.name, learner: `${learner.lastName} ${learner.firstName}` } });
  }
  report.errors = errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (report.errors.length) {
    report.absences = { created: 0, updated: 0, unchanged: 0 };
    return report;
  }
  const confirmed: typeof plan = [];
  for (const [i, p] of plan.entries()) {
    if (plan.findIndex((q) => q.assignmentId === p.assignmentId) === i && (await store.attendance.record(p.assignmentId))?.confirmedAt) confirmed.push(p);
  }
  report.unconfirmed = confirmed.map((p) => p.label);
  if (!opts.dryRun) {
    await store.transaction(async () => {
      for (const p of plan) await store.attendance.saveAbsence(p.assignmentId, p.absence);
      for (const p of confirmed) await store.attendance.setConfirmation(p.assignmentId, null, null);
    });
  }
  return report;
}

export interface ConfirmReport {
  period: PeriodRef;
  confirmed: number;
  unchanged: number;
  undone: boolean;
}

/** The teacher (or the tutor, from the portal) confirms the attendance of one learner or of the whole period. */
export async function confirmAttendance(
  store: Store,
  periodRefText: string,
  opts: { learner?: string; undo?: boolean; by?: ConfirmedBy; now?: () => Date } = {},
): Promise<ConfirmReport> {
  const period = await resolvePeriod(store, periodRefText);
  const learners = opts.learner ? [await resolveLearner(store, opts.learner, period.id)] : await store.learners.inPeriod(period.id);
  const at = (opts.now?.() ?? new Date()).toISOString();
  let confirmed = 0;
  let unchanged = 0;
  await store.transaction(async () => {
    for (const l of learners) {
      const id = (await store.periods.assignmentId(period.id, l.id))!;
      const was = !!(await store.attendance.record(id))?.confirmedAt;
      if (was === !opts.undo) {
        unchanged++;
        continue;
      }
      await store.attendance.setConfirmation(id, opts.undo ? null : at, opts.undo ? null : (opts.by ?? 'enseignant'));
      confirmed++;
    }
  });
  return { period: periodRef(period), confirmed, unchanged, undone: !!opts.undo };
}

export interface ScheduleReport {
  period: PeriodRef;
  changed: number;
  unchanged: number;
  unconfirmed: number;
  /** Minors whose new schedule breaks the limits. */
  minors: Array<{ learner: string; issues: string[] }>;
}

/** Sets the daily hours and the weekdays worked of one learner's placement or of every placement of a period. */
export async function setSchedule(
  store: Store,
  periodRefText: string,
  opts: { learner?: string; dailyHours?: number | null; weekdays?: number[] | null },
): Promise<ScheduleReport> {
  const period = await resolvePeriod(store, periodRefText);
  const learners = opts.learner ? [await resolveLearner(store, opts.learner, period.id)] : await store.learners.inPeriod(period.id);
  const report: ScheduleReport = { period: periodRef(period), changed: 0, unchanged: 0, unconfirmed: 0, minors: [] };
  const alsace = await alsaceMoselle(store);
  await store.transaction(async () => {
    for (const l of learners) {
      const id = (await store.periods.assignmentId(period.id, l.id))!;
      const rec = await store.attendance.record(id);
      const daily = opts.dailyHours !== undefined ? opts.dailyHours : (rec?.dailyHours ?? null);
      const days = opts.weekdays !== undefined ? opts.weekdays : (rec?.weekdays ?? null);
      if (isMinorOn(l.birthDate, period.start)) {
        const issues = minorScheduleIssues(plannedDays(period, { weekdays: days }, alsace), daily, ageOn(l.birthDate!, period.start));
        if (issues.length) report.minors.push({ learner: `${l.lastName} ${l.firstName}`, issues });
      }
      if (daily === (rec?.dailyHours ?? null) && (days ?? []).join(',') === (rec?.weekdays ?? []).join(',')) {
        report.unchanged++;
        continue;
      }
      await store.attendance.setSchedule(id, daily, days);
      if (await unconfirm(store, id)) report.unconfirmed++;
      report.changed++;
    }
  });
  return report;
}

