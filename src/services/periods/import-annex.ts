// Use case: import an annex export. Read and validate the whole file, plan against the store, then apply the
// plan in one transaction (or stop there with --dry-run). Idempotence and atomicity come from the plan.
import { readCsvFile, type CsvOptions } from '../../importers/csv/read.js';
import { ANNEX_COLUMNS, validateAnnexRows, type AnnexRow } from '../../importers/annex.js';
import { formatDataError, type DataError } from '../../domain/errors.js';
import { isLocked, periodLockReason } from '../../domain/locks.js';
import { bilanDateLockError } from '../../domain/period-rules.js';
import { agree, matchKey } from '../../domain/text.js';
import type { Learner, LiaisonSheet, Period } from '../../domain/model.js';
import type { Store } from '../../store/store.js';
import type { LearnerInput } from '../../store/learners.js';
import type { PeriodInput } from '../../store/periods.js';
import { activeReferentiel } from '../referentiels/referentiels.js';

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  periods: Counts;
  learners: Counts;
  assignments: Counts;
  warnings: string[];
  errors: DataError[];
}

export interface ImportOptions extends CsvOptions {
  dryRun?: boolean;
  now?: () => Date;
}

const zero = (): Counts => ({ created: 0, updated: 0, unchanged: 0 });
export const emptyReport = (errors: DataError[] = []): ImportReport => ({
  periods: zero(),
  learners: zero(),
  assignments: zero(),
  warnings: [],
  errors,
});

type Change = 'created' | 'updated' | 'unchanged';

interface PeriodPlan {
  key: string;
  line: number;
  change: Change;
  existing?: Period;
  input: Omit<PeriodInput, 'classId'> & { className: string };
  /** Set when a new period's bilan date is before the class's latest bilan intermédiaire (that date). */
  lockedFrom?: string;
}
interface LearnerPlan {
  key: string;
  change: Change;
  existing?: Learner;
  input: Omit<LearnerInput, 'classId'> & { className: string };
}
interface AssignmentPlan {
  period: PeriodPlan;
  learner: LearnerPlan;
  change: Change;
  ownObjectives: string[] | null;
  ownTasks: string[] | null;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a === b || (a.length === b.length && a.every((x, i) => x === b[i]));

export function learnerMatchKey(lastName: string, firstName: string, birthDate: string | null, className: string): string {
  return [matchKey(lastName), matchKey(firstName), birthDate ?? '', matchKey(className)].join('|');
}

export async function importAnnex(store: Store, file: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const table = readCsvFile(file, ANNEX_COLUMNS, opts);
  const ref = await activeReferentiel(store);
  const report = emptyReport();
  if (table.unknownColumns.length) {
    report.warnings.push(
      `${agree(table.unknownColumns.length, 'colonne inconnue ignorée', 'colonnes inconnues ignorées')} : ${table.unknownColumns.map((c) => `« ${c} »`).join(', ')}`,
    );
  }
  const { rows, errors, warnings } = validateAnnexRows(table, ref);
  errors.push(...table.shapeErrors);
  report.warnings.push(...table.annotate(warnings).map(formatDataError));
  // The plan is made under the write lock, so that an import or an edit committed meanwhile is planned against.
  const planAndApply = async () => {
    const plan = await planImport(store, rows, ref.code, errors, table.rowOf);
    report.errors = table.annotate(errors).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    if (report.errors.length) return report;

    for (const p of plan.periods.values()) report.periods[p.change]++;
    for (const l of plan.learners.values()) report.learners[l.change]++;
    for (const a of plan.assignments) report.assignments[a.change]++;
    report.warnings.push(...plan.warnings);
    if (!opts.dryRun) await applyImport(store, plan, (opts.now?.() ?? new Date()).toISOString());
    return report;
  };
  return opts.dryRun ? planAndApply() : store.transaction(planAndApply);
}

interface Plan {
  periods: Map<string, PeriodPlan>;
  learners: Map<string, LearnerPlan>;
  assignments: AssignmentPlan[];
  warnings: string[];
}

/** The store's learners and sheets, loaded once per import rather than queried row by row. */
class StoreIndex {
  private learnersByIne = new Map<string, Learner>();
  private learnersByKey = new Map<string, Learner[]>();
  private sheetsByPeriod = new Map<number, Map<number, LiaisonSheet>>();
  readonly learnersById = new Map<number, Learner>();
  constructor(private store: Store, learners: Array<Learner & { matchKey: string }>) {
    for (const l of learners) {
      this.learnersById.set(l.id, l);
      if (l.ine) this.learnersByIne.set(l.ine, l);
      const list = this.learnersByKey.get(l.matchKey);
      if (list) list.push(l);
      else this.learnersByKey.set(l.matchKey, [l]);
    }
  }
  byIne(ine: string): Learner | undefined {
    return this.learnersByIne.get(ine);
  }
  byMatchKey(key: string): Learner[] {
    return this.learnersByKey.get(key) ?? [];
  }
  /** The liaison sheets of a period already read by `sheets`. */
  loadedSheets(periodId: number): Map<number, LiaisonSheet> {
    const sheets = this.sheetsByPeriod.get(periodId);
    if (!sheets) throw new Error(`sheets of period ${periodId} not loaded`);
    return sheets;
  }
  /** The liaison sheets of a period, by learner id. */
  async sheets(periodId: number): Promise<Map<number, LiaisonSheet>> {
    let sheets = this.sheetsByPeriod.get(periodId);
    if (!sheets) {
      sheets = new Map((await this.store.sheets.inPeriod(periodId)).map((s) => [s.learnerId, s]));
      this.sheetsByPeriod.set(periodId, sheets);
    }
    return sheets;
  }
}

async function planImport(store: Store, rows: AnnexRow[], referentiel: string, errors: DataError[], rowOf: (line: number) => number): Promise<Plan> {
  const index = new StoreIndex(store, await store.learners.withMatchKeys());
  const periods = new Map<string, PeriodPlan>();
  const learners = new Map<string, LearnerPlan>();
  const assignments = new Map<string, AssignmentPlan & { line: number }>();
  const periodKeys = new Map<string, string>();

  for (const row of rows) {
    // Period: identified by (name, class); its annex comes from its first row.
    const raw = `${row.className}\u0000${row.periodName}`;
    let pkey = periodKeys.get(raw);
    if (pkey === undefined) {
      pkey = `${matchKey(row.className)}|${row.periodName.toLowerCase()}`;
      periodKeys.set(raw, pkey);
    }
    let pp = periods.get(pkey);
    if (!pp) {
      pp = await planPeriod(store, row, pkey, referentiel, errors);
      periods.set(pkey, pp);
    } else {
      const differs: string[] = [];
      if (pp.input.kind !== row.kind) differs.push(`type « ${pp.input.kind} »`);
      if (pp.input.start !== row.start) differs.push('date de début');
      if (pp.input.end !== row.end) differs.push('date de fin');
      if (pp.input.bilanDate !== row.bilanDate) differs.push('date des bilans');
      if (differs.length) {
        errors.push({
          line: row.line,
          column: 'Période',
          message: `la période « ${row.periodName} » (${row.className}) a d'autres paramètres à la ligne ${rowOf(pp.line)} : ${differs.join(', ')}`,
        });
        continue;
      }
    }

    // Learner: by INE when given, else by normalised (nom, prénom, naissance, classe).
    // (The key is computed once per learner: a learner with an INE is on several rows.)
    const mkey = row.ine ? undefined : learnerMatchKey(row.lastName, row.firstName, row.birthDate, row.className);
    const lkey = row.ine ? `ine:${row.ine}` : `key:${mkey}`;
    let lp = learners.get(lkey);
    if (!lp) {
      lp = planLearner(index, row, lkey, mkey ?? learnerMatchKey(row.lastName, row.firstName, row.birthDate, row.className));
      learners.set(lkey, lp);
    } else {
      mergeLearnerRow(lp, row);
    }

    const akey = `${pkey}#${lkey}`;
    const dup = assignments.get(akey);
    if (dup) {
      errors.push({
        line: row.line,
        column: 'Nom',
        message: `${row.firstName} ${row.lastName} figure déjà dans la période « ${row.periodName} » à la ligne ${rowOf(dup.line)}`,
      });
      continue;
    }
    const ownObjectives = row.objectives && !sameList(row.objectives, pp.input.objectives) ? row.objectives : null;
    const ownTasks = row.tasks && !sameList(row.tasks, pp.input.tasks) ? row.tasks : null;
    assignments.set(akey, { line: row.line, period: pp, learner: lp, change: 'created', ownObjectives, ownTasks });
  }

  const warnings: string[] = [];
  const assignmentList = [...assignments.values()];
  // The sheets of the periods already stored, read once each; then the 30,000 comparisons need no await.
  for (const pp of periods.values()) if (pp.existing) await index.sheets(pp.existing.id);
  for (const a of assignmentList) a.change = assignmentChange(index, a);
  for (const l of learners.values()) l.change = learnerChange(l);

  for (const pp of periods.values()) {
    if (pp.lockedFrom) warnings.push(`${periodLockReason(pp.input.name, pp.input.bilanDate, pp.lockedFrom)} : elle est créée verrouillée`);
  }
  // Learners of an existing period that the file no longer lists are kept, and reported.
  for (const pp of periods.values()) {
    if (!pp.existing) continue;
    const listed = new Set(assignmentList.filter((a) => a.period === pp && a.learner.existing).map((a) => a.learner.existing!.id));
    for (const learnerId of (await index.sheets(pp.existing.id)).keys()) {
      const l = index.learnersById.get(learnerId)!;
      if (!listed.has(l.id)) {
        warnings.push(
          `${l.firstName} ${l.lastName} est affecté(e) à « ${pp.existing.name} » (${pp.existing.className}) mais absent(e) du fichier : conservé(e)`,
        );
      }
    }
  }
  return { periods, learners, assignments: assignmentList, warnings };
}

async function planPeriod(store: Store, row: AnnexRow, key: string, referentiel: string, errors: DataError[]): Promise<PeriodPlan> {
  const input = {
    name: row.periodName,
    className: row.className,
    kind: row.kind,
    start: row.start,
    end: row.end,
    bilanDate: row.bilanDate,
    referentiel,
    objectives: row.objectives ?? [],
    tasks: row.tasks ?? [],
  };
  const cls = await store.classes.find(row.className);
  const existing = cls ? await store.periods.find(row.periodName, cls.id) : undefined;
  const latest = cls ? await store.bilansIntermediaires.latest(cls.id) : null;
  if (!existing) {
    // A past period may be imported after the class's bilans intermédiaires: it is created, already locked.
    const lockedFrom = isLocked(input.bilanDate, latest) ? latest! : undefined;
    return { key, line: row.line, change: 'created', input, lockedFrom };
  }
  input.referentiel = existing.referentiel;
  input.name = existing.name;
  const same =
    existing.kind === input.kind &&
    existing.start === input.start &&
    existing.end === input.end &&
    existing.bilanDate === input.bilanDate &&
    sameList(existing.objectives, input.objectives) &&
    sameList(existing.tasks, input.tasks);
  if (!same) {
    if (isLocked(existing.bilanDate, latest)) {
      errors.push({ line: row.line, column: 'Période', message: periodLockReason(existing.name, existing.bilanDate, latest!) });
    } else {
      const lockError = bilanDateLockError(input.bilanDate, latest);
      if (lockError) errors.push({ line: row.line, column: 'Date des bilans', message: lockError });
    }
  }
  return { key, line: row.line, change: same ? 'unchanged' : 'updated', existing, input };
}

function planLearner(index: StoreIndex, row: AnnexRow, key: string, mkey: string): LearnerPlan {
  let existing = row.ine ? index.byIne(row.ine) : undefined;
  if (!existing) {
    const candidates = index.byMatchKey(mkey).filter((l) => !row.ine || !l.ine);
    existing = candidates[0];
  }
  return {
    key,
    change: 'created',
    existing,
    input: {
      ine: row.ine ?? existing?.ine ?? null,
      lastName: row.lastName,
      firstName: row.firstName,
      birthDate: row.birthDate ?? existing?.birthDate ?? null,
      email: row.email ?? existing?.email ?? null,
      status: row.status ?? existing?.status ?? 'Scolaire',
      className: row.className,
      matchKey: mkey,
    },
  };
}

/** A learner listed on several rows (several periods): later rows complete or update the earlier ones. */
function mergeLearnerRow(lp: LearnerPlan, row: AnnexRow): void {
  const i = lp.input;
  const keyChanges = (row.birthDate !== null && row.birthDate !== i.birthDate) || row.className !== i.className;
  i.birthDate = row.birthDate ?? i.birthDate;
  i.email = row.email ?? i.email;
  i.status = row.status ?? i.status;
  i.className = row.className;
  if (keyChanges) i.matchKey = learnerMatchKey(i.lastName, i.firstName, i.birthDate, i.className);
}

function learnerChange(lp: LearnerPlan): Change {
  const e = lp.existing;
  if (!e) return 'created';
  const i = lp.input;
  const same =
    e.ine === i.ine &&
    e.lastName === i.lastName &&
    e.firstName === i.firstName &&
    e.birthDate === i.birthDate &&
    e.email === i.email &&
    e.status === i.status &&
    e.className.toLowerCase() === i.className.toLowerCase();
  return same ? 'unchanged' : 'updated';
}

function assignmentChange(index: StoreIndex, a: AssignmentPlan): Change {
  if (!a.period.existing || !a.learner.existing) return 'created';
  const sheet = index.loadedSheets(a.period.existing.id).get(a.learner.existing.id);
  if (!sheet) return 'created';
  const objectivesChange = a.ownObjectives !== null && !sameList(sheet.ownObjectives ?? [], a.ownObjectives) ;
  const tasksChange = a.ownTasks !== null && !sameList(sheet.ownTasks ?? [], a.ownTasks);
  return objectivesChange || tasksChange ? 'updated' : 'unchanged';
}

async function applyImport(store: Store, plan: Plan, now: string): Promise<void> {
  await store.transaction(async () => {
    const classIds = new Map<string, number>();
    const classId = async (name: string) => {
      let id = classIds.get(name);
      if (id === undefined) classIds.set(name, (id = await store.classes.ensure(name)));
      return id;
    };
    const periodIds = new Map<PeriodPlan, number>();
    for (const pp of plan.periods.values()) {
      if (pp.change === 'unchanged') {
        periodIds.set(pp, pp.existing!.id);
        continue;
      }
      const { className, ...rest } = pp.input;
      const input: PeriodInput = { ...rest, classId: await classId(className) };
      if (pp.change === 'created') periodIds.set(pp, await store.periods.insert(input, now));
      else {
        await store.periods.update(pp.existing!.id, input);
        periodIds.set(pp, pp.existing!.id);
      }
    }
    const learnerIds = new Map<LearnerPlan, number>();
    const newLearners: Array<[LearnerPlan, LearnerInput]> = [];
    for (const lp of plan.learners.values()) {
      if (lp.change === 'unchanged') {
        learnerIds.set(lp, lp.existing!.id);
        continue;
      }
      const { className, ...rest } = lp.input;
      const input: LearnerInput = { ...rest, classId: await classId(className) };
      if (lp.change === 'created') newLearners.push([lp, input]);
      else {
        await store.learners.update(lp.existing!.id, input);
        learnerIds.set(lp, lp.existing!.id);
      }
    }
    // New rows go in at once (thousands on a first import of a school's annex), the changed ones one by one.
    const created = await store.learners.insertMany(newLearners.map(([, input]) => input));
    newLearners.forEach(([lp], i) => learnerIds.set(lp, created[i]));
    await store.periods.assignMany(
      plan.assignments
        .filter((a) => a.change === 'created')
        .map((a) => ({ periodId: periodIds.get(a.period)!, learnerId: learnerIds.get(a.learner)!, objectives: a.ownObjectives, tasks: a.ownTasks })),
      now,
    );
    for (const a of plan.assignments) {
      if (a.change === 'unchanged' || a.change === 'created') continue;
      const periodId = periodIds.get(a.period)!;
      const learnerId = learnerIds.get(a.learner)!;
      const sheet = (await store.sheets.get((await store.periods.assignmentId(periodId, learnerId))!))!;
      await store.sheets.save(
        { ...sheet, ownObjectives: a.ownObjectives ?? sheet.ownObjectives, ownTasks: a.ownTasks ?? sheet.ownTasks },
        now,
      );
    }
  });
}
