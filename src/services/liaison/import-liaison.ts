// Use case: fill liaison sheets from a CSV (company and tutor), like the annex import: read and validate the
// whole file, plan against the store, then apply in one transaction (or stop there with --dry-run).
import { readCsvFile, type CsvOptions } from '../../importers/csv/read.js';
import { LIAISON_COLUMNS, liaisonHeaderErrors, validateLiaisonRows, type LiaisonRow } from '../../importers/liaison.js';
import { formatDataError, type DataError } from '../../domain/errors.js';
import type { Learner, LiaisonSheet, Period } from '../../domain/model.js';
import { changeLabels, changedFields, deName, fieldValue, withField, type LiaisonField } from '../../domain/liaison.js';
import { agree, matchKey } from '../../domain/text.js';
import type { Store } from '../../store/store.js';
import { matchRowLearner } from '../shared/match-row-learner.js';

export interface LiaisonImportReport {
  sheets: { updated: number; unchanged: number };
  /** The sheets that change: fields filled where they were empty, and fields whose value is replaced. */
  changes: Array<{ line: number; period: string; class: string; learner: string; filled: string[]; replaced: string[] }>;
  warnings: string[];
  errors: DataError[];
}

export interface LiaisonImportOptions extends CsvOptions {
  dryRun?: boolean;
  now?: () => Date;
}

export const emptyLiaisonReport = (errors: DataError[] = []): LiaisonImportReport => ({
  sheets: { updated: 0, unchanged: 0 },
  changes: [],
  warnings: [],
  errors,
});

interface SheetPlan {
  line: number;
  period: Period;
  learner: Learner;
  before: LiaisonSheet;
  after: LiaisonSheet;
  changed: string[];
  fields: LiaisonField[];
}

export async function importLiaison(store: Store, file: string, opts: LiaisonImportOptions = {}): Promise<LiaisonImportReport> {
  const table = readCsvFile(file, LIAISON_COLUMNS, opts);
  const report = emptyLiaisonReport();
  const headerErrors = liaisonHeaderErrors(table);
  if (headerErrors.length) {
    report.errors = headerErrors;
    return report;
  }
  if (table.unknownColumns.length) {
    const n = table.unknownColumns.length;
    report.warnings.push(
      `${agree(n, 'colonne inconnue ignorée', 'colonnes inconnues ignorées')} : ` +
        table.unknownColumns.map((c) => `« ${c} »`).join(', '),
    );
  }
  const { rows, errors, warnings } = validateLiaisonRows(table);
  errors.push(...table.shapeErrors);
  report.warnings.push(...table.annotate(warnings).map(formatDataError));
  // Planned under the write lock: a sheet another teacher saved meanwhile is planned against, not overwritten.
  const planAndApply = async () => {
    const plans = await planSheets(store, rows, errors, table.rowOf);
    report.errors = table.annotate(errors).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    if (report.errors.length) return;

    for (const p of plans) {
      if (p.changed.length === 0) {
        report.sheets.unchanged++;
        continue;
      }
      report.sheets.updated++;
      report.changes.push({
        line: p.line,
        period: p.period.name,
        class: p.period.className,
        learner: `${p.learner.lastName} ${p.learner.firstName}`,
        filled: p.fields.filter((f) => fieldValue(p.before, f) === null).map((f) => f.label),
        replaced: p.fields.filter((f) => fieldValue(p.before, f) !== null).map((f) => f.label),
      });
    }
    if (!opts.dryRun && report.sheets.updated > 0) {
      const now = (opts.now?.() ?? new Date()).toISOString();
      for (const p of plans) if (p.changed.length) await store.sheets.save(p.after, now);
    }
  };
  await (opts.dryRun ? planAndApply() : store.transaction(planAndApply));
  return report;
}

async function planSheets(store: Store, rows: LiaisonRow[], errors: DataError[], rowOf: (line: number) => number): Promise<SheetPlan[]> {
  const plans = new Map<number, SheetPlan>();
  const learnersOf = new Map<number, Learner[]>();
  for (const row of rows) {
    const period = await findPeriod(store, row, errors);
    if (!period) continue;
    if (!learnersOf.has(period.id)) learnersOf.set(period.id, await store.learners.inPeriod(period.id));
    const learner = matchRowLearner(learnersOf.get(period.id)!, period, row, errors);
    if (!learner) continue;
    const assignmentId = (await store.periods.assignmentId(period.id, learner.id))!;
    const first = plans.get(assignmentId);
    if (first) {
      errors.push({
        line: row.line,
        column: 'Nom',
        message: `la fiche ${deName(`${learner.firstName} ${learner.lastName}`)} pour « ${period.name} » figure déjà à la ligne ${rowOf(first.line)}`,
      });
      continue;
    }
    const before = (await store.sheets.get(assignmentId))!;
    let after = before;
    for (const { field, value } of row.values) after = withField(after, field, value);
    plans.set(assignmentId, { line: row.line, period, learner, before, after, changed: changeLabels(before, after), fields: changedFields(before, after) });
  }
  return [...plans.values()];
}

async function findPeriod(store: Store, row: LiaisonRow, errors: DataError[]): Promise<Period | undefined> {
  const err = (message: string) => errors.push({ line: row.line, column: 'Période', message });
  let candidates = await store.periods.byName(row.period);
  if (candidates.length === 0 && /^\d+$/.test(row.period)) {
    const byId = await store.periods.get(Number(row.period));
    if (byId) candidates = [byId];
  }
  if (row.className) candidates = candidates.filter((p) => matchKey(p.className) === matchKey(row.className!));
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) {
    err(`période introuvable « ${row.period} »${row.className ? ` dans la classe ${row.className}` : ''} (voir « cpro periods list »)`);
  } else {
    err(
      `plusieurs périodes s'appellent « ${row.period} » (${candidates.map((p) => p.className).join(', ')}) : ` +
        'ajoutez une colonne « Classe » ou indiquez le numéro de la période',
    );
  }
  return undefined;
}
