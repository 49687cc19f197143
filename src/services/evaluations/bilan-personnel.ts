// Use cases of the learners' bilans personnels: import a period's from one CSV (a row replaces the learner's
// bilan), and show one. Teachers never edit them otherwise.
import { readCsvFile, type CsvOptions } from '../../importers/csv/read.js';
import { BILAN_PERSONNEL_COLUMNS, bilanPersonnelHeaderErrors, validateBilanPersonnelRows } from '../../importers/bilan-personnel.js';
import type { DataError } from '../../domain/errors.js';
import { isEmptyBilanPersonnel, sameBilanPersonnel, type BilanPersonnel, type BilanPersonnelContent } from '../../domain/bilan-personnel.js';
import type { Store } from '../../store/store.js';
import { locatePlacement, withoutVersion } from './evaluations.js';
import { matchRowLearner } from '../shared/match-row-learner.js';
import { resolvePeriod } from '../shared/resolve.js';
import { agree } from '../../domain/text.js';

export interface BilanPersonnelImportOptions extends CsvOptions {
  dryRun?: boolean;
  now?: () => Date;
}

export interface BilanPersonnelImportReport {
  period: string | null;
  className: string | null;
  bilans: { created: number; updated: number; unchanged: number };
  /** Rows whose three cells are empty: ignored, a recorded bilan is kept. */
  blank: number;
  warnings: string[];
  errors: DataError[];
}

export function emptyBilanPersonnelReport(errors: DataError[] = []): BilanPersonnelImportReport {
  return { period: null, className: null, bilans: { created: 0, updated: 0, unchanged: 0 }, blank: 0, warnings: [], errors };
}

export async function importBilansPersonnels(store: Store, file: string, periodRef: string, opts: BilanPersonnelImportOptions = {}): Promise<BilanPersonnelImportReport> {
  const period = await resolvePeriod(store, periodRef);
  const table = readCsvFile(file, BILAN_PERSONNEL_COLUMNS, opts);
  const report = emptyBilanPersonnelReport(bilanPersonnelHeaderErrors(table));
  report.period = period.name;
  report.className = period.className;
  if (table.unknownColumns.length) {
    report.warnings.push(`${agree(table.unknownColumns.length, 'colonne inconnue ignorée', 'colonnes inconnues ignorées')} : ${table.unknownColumns.map((c) => `« ${c} »`).join(', ')}`);
  }
  if (report.errors.length) return report;

  const { rows, errors } = validateBilanPersonnelRows(table);
  errors.push(...table.shapeErrors);
  const pool = await store.learners.inPeriod(period.id);
  const seen = new Map<number, number>();
  const plan: Array<{ assignmentId: number; content: BilanPersonnelContent }> = [];
  for (const row of rows) {
    const learner = matchRowLearner(pool, period, row, errors);
    if (!learner) continue;
    const previous = seen.get(learner.id);
    if (previous !== undefined) {
      errors.push({ line: row.line, learner: `${learner.lastName} ${learner.firstName}`, column: 'Nom', message: `${learner.lastName} ${learner.firstName} figure déjà à la ligne ${table.rowOf(previous)}` });
      continue;
    }
    seen.set(learner.id, row.line);
    const content = { strengths: row.strengths, improvements: row.improvements, perspectives: row.perspectives };
    if (isEmptyBilanPersonnel(content)) {
      report.blank++;
      continue;
    }
    const assignmentId = (await store.periods.assignmentId(period.id, learner.id))!;
    const recorded = await store.evaluations.getBilanPersonnel(assignmentId);
    const change = !recorded ? 'created' : sameBilanPersonnel(recorded, content) ? 'unchanged' : 'updated';
    report.bilans[change]++;
    if (change !== 'unchanged') plan.push({ assignmentId, content });
  }
  report.errors = table.annotate(errors).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (report.errors.length) {
    report.bilans = { created: 0, updated: 0, unchanged: 0 };
    return report;
  }
  if (!opts.dryRun) {
    const at = (opts.now?.() ?? new Date()).toISOString();
    await store.transaction(async () => {
      for (const p of plan) await store.evaluations.saveBilanPersonnel(p.assignmentId, p.content, at);
    });
  }
  return report;
}

export interface BilanPersonnelShow {
  period: { id: number; name: string; className: string };
  learner: { id: number; lastName: string; firstName: string; ine: string | null };
  bilan: Omit<BilanPersonnel, 'version'> | null;
}

export async function showBilanPersonnel(store: Store, periodRef: string, learnerRef: string): Promise<BilanPersonnelShow> {
  const p = await locatePlacement(store, periodRef, learnerRef);
  return {
    period: { id: p.period.id, name: p.period.name, className: p.period.className },
    learner: { id: p.learner.id, lastName: p.learner.lastName, firstName: p.learner.firstName, ine: p.learner.ine },
    bilan: withoutVersion((await store.evaluations.getBilanPersonnel(p.assignmentId)) ?? null),
  };
}
