// Attendance of a learner over a period: days planned and done, hours, absences, minors' limits, gratification.
import { weekStart } from './calendar.js';
import { minorHourLimits } from './minors.js';

/** 7 h a day when the schedule does not say otherwise (D.124-6: each 7 h of presence counts as one day). */
export const DEFAULT_DAILY_HOURS = 7;
/** Gratification due past two months: 44 days of 7 h, i.e. from the 309th hour (L.124-6, D.124-6). */
export const GRATIFICATION_THRESHOLD_HOURS = 44 * 7;

export interface Absence {
  date: string;
  /** Hours missed that day; null with halfDay false means the whole day. */
  hours: number | null;
  halfDay: boolean;
  reason: string | null;
}

export type AbsenceLength = { kind: 'day' } | { kind: 'half-day' } | { kind: 'hours'; hours: number };

export function absenceLength(a: Pick<Absence, 'hours' | 'halfDay'>): AbsenceLength {
  if (a.halfDay) return { kind: 'half-day' };
  if (a.hours !== null) return { kind: 'hours', hours: a.hours };
  return { kind: 'day' };
}

/** "journée", "demi-journée", "3 h". */
export function describeAbsence(a: Pick<Absence, 'hours' | 'halfDay'>): string {
  const l = absenceLength(a);
  return l.kind === 'day' ? 'journée' : l.kind === 'half-day' ? 'demi-journée' : `${formatHours(l.hours)} h`;
}

/** 7 → "7", 3.5 → "3,5". */
export function formatHours(h: number): string {
  return String(Math.round(h * 100) / 100).replace('.', ',');
}

/** Hours missed on a day of `dailyHours`: the whole day, half of it, or the hours given (at most the day). */
export function missedHours(a: Pick<Absence, 'hours' | 'halfDay'>, dailyHours: number): number {
  const l = absenceLength(a);
  if (l.kind === 'day') return dailyHours;
  if (l.kind === 'half-day') return dailyHours / 2;
  return Math.min(l.hours, dailyHours);
}

/**
 * The part of a day done despite an absence: 0 for a whole day, 0.5 for a half-day; an absence of some hours
 * leaves a whole day when none is missed, half a day when at most half the day is missed, else nothing.
 */
export function dayDone(a: Pick<Absence, 'hours' | 'halfDay'> | undefined, dailyHours: number): number {
  if (!a) return 1;
  const missed = missedHours(a, dailyHours);
  if (missed <= 0) return 1;
  if (missed <= dailyHours / 2) return 0.5;
  return 0;
}

export interface AttendanceInput {
  /** The period's working days (calendar.workingDays). */
  plannedDays: string[];
  absences: Absence[];
  /** Daily hours of the schedule, null when unknown (then 7 h). */
  dailyHours: number | null;
}

export interface AttendanceSummary {
  daysPlanned: number;
  daysDone: number;
  hours: number;
  dailyHours: number;
  /** Absences on a day that is not a working day of the period (ignored in the counts). */
  outside: Absence[];
}

export function summariseAttendance(input: AttendanceInput): AttendanceSummary {
  const dailyHours = input.dailyHours ?? DEFAULT_DAILY_HOURS;
  const planned = new Set(input.plannedDays);
  const byDate = new Map<string, Absence>();
  const outside: Absence[] = [];
  for (const a of input.absences) {
    if (planned.has(a.date)) byDate.set(a.date, a);
    else outside.push(a);
  }
  let daysDone = 0;
  let hours = 0;
  for (const d of input.plannedDays) {
    const a = byDate.get(d);
    daysDone += dayDone(a, dailyHours);
    hours += dailyHours - (a ? missedHours(a, dailyHours) : 0);
  }
  return { daysPlanned: input.plannedDays.length, daysDone, hours: Math.round(hours * 100) / 100, dailyHours, outside };
}

/**
 * Why a minor's schedule breaks the working-time limits of their age (8 h a day and 35 h a week from 16; 7 h a
 * day under 16; 30 h a week under 15), empty when it does not.
 */
export function minorScheduleIssues(plannedDays: string[], dailyHours: number | null, age = 16): string[] {
  const daily = dailyHours ?? DEFAULT_DAILY_HOURS;
  const limits = minorHourLimits(age);
  const issues: string[] = [];
  if (daily > limits.day) issues.push(`${formatHours(daily)} h par jour (au plus ${limits.day} h pour un mineur de ${age} ans)`);
  const weeks = new Map<string, number>();
  for (const d of plannedDays) weeks.set(weekStart(d), (weeks.get(weekStart(d)) ?? 0) + daily);
  const worst = Math.max(0, ...weeks.values());
  if (worst > limits.week) issues.push(`${formatHours(worst)} h par semaine (au plus ${limits.week} h pour un mineur de ${age} ans)`);
  return issues;
}

/**
 * The host organisation a placement counts towards for the gratification: its SIRET when known, else its
 * name and postcode (case, accents and spacing ignored). Null when the company is not known.
 */
export function hostKey(company: { siret?: string | null; name: string | null; postalCode: string | null }): string | null {
  const siret = company.siret?.replace(/\s+/g, '');
  if (siret) return `siret:${siret}`;
  if (!company.name) return null;
  const name = company.name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return `nom:${name}|${(company.postalCode ?? '').replace(/\s+/g, '')}`;
}

export interface GratificationInput {
  /** Hours done in the same host in the same school year, this placement included. */
  cumulatedHours: number;
}

/** Days of presence in the D.124-6 sense: each 7 h counts as a day. */
export function legalDays(hours: number): number {
  return Math.floor(hours / DEFAULT_DAILY_HOURS);
}

/** Whether the gratification is due: more than 44 days of 7 h, i.e. from the 309th hour. */
export function gratificationDue(cumulatedHours: number): boolean {
  return cumulatedHours > GRATIFICATION_THRESHOLD_HOURS;
}

/** "3", "3,5", "3.5 h" → hours; null when absent; NaN when unreadable. */
export function parseHours(cell: string): number | null {
  const s = cell.trim().replace(/\s*h$/i, '').replace(',', '.');
  if (!s) return null;
  return /^\d+(\.\d+)?$/.test(s) ? Number(s) : NaN;
}

/**
 * Why a tutor cannot confirm the attendance yet, or null: the days are known once the period's last day has come
 * (`today` and `periodEnd` ISO days). The teacher's `cpro attendance confirm` has no such limit.
 */
export function tutorConfirmationRefusal(periodEnd: string, today: string): string | null {
  if (today < periodEnd) return `la présence se confirme à partir du dernier jour de la période (${periodEnd.split('-').reverse().join('/')})`;
  return null;
}
