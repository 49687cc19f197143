// Use case: a whole period's evaluations from one CSV. Read and validate every row, merge each onto what is
// recorded, check the rules (kind, référentiel, lock), then write the plan in one transaction — or stop there.
import { readCsvFile, type CsvOptions } from '../../importers/csv/read.js';
import { analyseHeader, evaluationColumns, validateEvaluationRows, type EvaluationRow } from '../../importers/evaluation.js';
import { UserError, formatDataError, type DataError } from '../../domain/errors.js';
import {
  canonicalEvaluation,
  defaultMeetingDate,
  emptyEvaluation,
  evaluationChanges,
  evaluationItems,
  evaluationRefusal,
  sameEvaluation,
  type Evaluation,
  type EvaluationContent,
  type EvaluationType,
  type Level,
} from '../../domain/evaluation.js';
import type { Period } from '../../domain/model.js';
import type { Referentiel } from '../../domain/referentiel.js';
import type { Store } from '../../store/store.js';
import { evaluationRuleErrors, placementOf, type Change } from './evaluations.js';
import { matchRowLearner } from '../shared/match-row-learner.js';
import { getReferentiel } from '../referentiels/referentiels.js';
import { resolvePeriod } from '../shared/resolve.js';

export interface EvaluationImportOptions extends CsvOptions {
  type?: EvaluationType;
  dryRun?: boolean;
  now?: () => Date;
}

export interface EvaluationImportReport {
  period: string | null;
  className: string | null;
  type: EvaluationType | null;
  evaluations: { created: number; updated: number; unchanged: number };
  /** Rows without any value, for learners who have no evaluation: nothing to record. */
  blank: number;
  /** What would change / changed, learner by learner. */
  changes: Array<{ line: number; learner: string; change: Exclude<Change, 'unchanged'>; details: string[] }>;
  warnings: string[];
  errors: DataError[];
}

export function emptyEvaluationReport(errors: DataError[] = []): EvaluationImportReport {
  return {
    period: null,
    className: null,
    type: null,
    evaluations: { created: 0, updated: 0, unchanged: 0 },
    blank: 0,
    changes: [],
    warnings: [],
    errors,
  };
}

interface PlannedEvaluation {
  assignmentId: number;
  change: Change;
  content: EvaluationContent;
}

export async function importEvaluations(store: Store, file: string, periodRef: string, opts: EvaluationImportOptions = {}): Promise<EvaluationImportReport> {
  const period = await resolvePeriod(store, periodRef);
  const ref = await getReferentiel(store, period.referentiel);
  if (opts.type) {
    const refusal = evaluationRefusal(period, opts.type, ref);
    if (refusal) throw new UserError(refusal);
  }
  const table = readCsvFile(file, evaluationColumns(ref), opts);
  const report = emptyEvaluationReport();
  report.period = period.name;
  report.className = period.className;
  const header = analyseHeader(table, ref, opts.type);
  report.warnings.push(...header.warnings);
  report.type = header.type;
  if (header.errors.length) {
    report.errors = header.errors;
    return report;
  }
  const type = header.type!;
  const refusal = evaluationRefusal(period, type, ref);
  if (refusal) throw new UserError(refusal);

  const { rows, errors, warnings } = validateEvaluationRows(table, ref, type);
  errors.push(...table.shapeErrors);
  report.warnings.push(...table.annotate(warnings).map(formatDataError));
  // Planned under the write lock, as the annex import: a tutor's save committed meanwhile is merged, not lost.
  const planAndApply = async () => {
    const plan = await planEvaluations(store, period, ref, type, rows, errors, report, table.rowOf);
    report.errors = table.annotate(errors).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    if (report.errors.length) {
      report.changes = [];
      report.evaluations = { created: 0, updated: 0, unchanged: 0 };
      return;
    }
    if (opts.dryRun) return;
    const at = (opts.now?.() ?? new Date()).toISOString();
    for (const e of plan) if (e.change !== 'unchanged') await store.evaluations.save(e.assignmentId, type, e.content, at);
  };
  await (opts.dryRun ? planAndApply() : store.transaction(planAndApply));
  return report;
}

async function planEvaluations(
  store: Store,
  period: Period,
  ref: Referentiel,
  type: EvaluationType,
  rows: EvaluationRow[],
  errors: DataError[],
  report: EvaluationImportReport,
  rowOf: (line: number) => number,
): Promise<PlannedEvaluation[]> {
  const pool = await store.learners.inPeriod(period.id);
  const seen = new Map<number, number>();
  const plan: PlannedEvaluation[] = [];
  for (const row of rows) {
    const learner = matchRowLearner(pool, period, row, errors);
    if (!learner) continue;
    const who = `${learner.lastName} ${learner.firstName}`;
    const previous = seen.get(learner.id);
    if (previous !== undefined) {
      errors.push({ line: row.line, learner: who, column: 'Nom', message: `${who} figure déjà à la ligne ${rowOf(previous)}` });
      continue;
    }
    seen.set(learner.id, row.line);
    const placement = await placementOf(store, period, learner);
    const recorded = (await store.evaluations.get(placement.assignmentId, type)) ?? null;
    if (row.blank && !recorded) {
      report.blank++;
      continue;
    }
    const next = mergeRow(ref, type, period, recorded, row);
    for (const message of evaluationRuleErrors(placement, type, recorded, next)) {
      errors.push({ line: row.line, learner: who, column: columnOf(message), message });
    }
    const before = recorded ? canonicalEvaluation(ref, type, recorded) : null;
    const change: Change = !before ? 'created' : sameEvaluation(before, next) ? 'unchanged' : 'updated';
    report.evaluations[change]++;
    if (change !== 'unchanged') {
      report.changes.push({ line: row.line, learner: who, change, details: before ? evaluationChanges(before, next) : [] });
    }
    plan.push({ assignmentId: placement.assignmentId, change, content: next });
  }
  return plan;
}

/** The column a rule message is about, for the error line. */
function columnOf(message: string): string | undefined {
  if (/date de rencontre|verrouillé/.test(message)) return 'Date de rencontre';
  if (/tâche/.test(message)) return 'Tâches';
  if (/engagement/.test(message)) return 'Engagement';
  return undefined;
}

/**
 * The row applied onto the recorded evaluation: a present column replaces the recorded value (an empty cell clears
 * it), an absent column keeps it. Answering a competency globally clears its recorded detailed answers, and
 * answering a sub-competency clears the recorded global one.
 */
export function mergeRow(
  ref: Referentiel,
  type: EvaluationType,
  period: Pick<Period, 'end'>,
  recorded: Evaluation | null,
  row: EvaluationRow,
): EvaluationContent {
  const base = recorded ? canonicalEvaluation(ref, type, recorded) : emptyEvaluation(ref, type, period);
  const levels: Record<string, Level> = { ...base.levels };
  for (const [code, level] of row.levels) {
    if (level === null) delete levels[code];
    else levels[code] = level;
  }
  for (const c of evaluationItems(ref, type).filter((i) => i.details.length)) {
    if (row.levels.get(c.code)) for (const d of c.details) if (!row.levels.has(d)) delete levels[d];
    if (c.details.some((d) => row.levels.get(d)) && !row.levels.has(c.code)) delete levels[c.code];
  }
  return canonicalEvaluation(ref, type, {
    tasksDone: row.tasks ?? base.tasksDone,
    levels,
    modes: base.modes,
    engagement: row.engagement !== undefined ? row.engagement : base.engagement,
    meetingDate: row.meetingDate !== undefined ? (row.meetingDate ?? defaultMeetingDate(period)) : base.meetingDate,
    comment: row.comment !== undefined ? row.comment : base.comment,
  });
}
