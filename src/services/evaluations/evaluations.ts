// Use cases of one learner's evaluations: read (also for the printed grids), record with every rule checked,
// show, and export a period's evaluations as the CSV that `cpro eval import` reads back.
import { deName } from '../../domain/text.js';
import { ConflictError, DataErrors, UserError, type ConcurrentChange, type ConflictSubject } from '../../domain/errors.js';
import { shortFrenchDate } from '../../domain/dates.js';
import {
  canonicalEvaluation,
  emptyEvaluation,
  evaluationChanges,
  evaluationItems,
  evaluationLockReason,
  evaluationProblems,
  evaluationRefusal,
  sameEvaluation,
  EVALUATION_TYPES,
  isCertificative,
  typeWithArticle,
  type Evaluation,
  type EvaluationContent,
  type EvaluationType,
} from '../../domain/evaluation.js';
import { fullName, type Learner, type Period, effectiveTasks } from '../../domain/model.js';
import type { Referentiel } from '../../domain/referentiel.js';
import { evaluationHeader } from '../../importers/evaluation.js';
import { csvDocument } from '../../domain/csv-safety.js';
import type { Store } from '../../store/store.js';
import type { EntryMark } from '../../store/evaluations.js';
import { TEACHER_ENTRY } from '../../domain/portal.js';
import { getReferentiel } from '../referentiels/referentiels.js';
import { noBilanEntrepriseReason } from '../../domain/period-kinds.js';
import { resolveLearner, resolvePeriod } from '../shared/resolve.js';

/**
 * The recorded evaluation of one type of an assignment, or null: what the print service puts in the view model
 * of a grid so that it comes out filled.
 */
export async function getEvaluation(store: Store, assignmentId: number, type: EvaluationType): Promise<Evaluation | null> {
  return (await store.evaluations.get(assignmentId, type)) ?? null;
}

/** A learner in a period, with what evaluating them needs. */
export interface Placement {
  period: Period;
  learner: Learner;
  assignmentId: number;
  ref: Referentiel;
  latestBilanIntermediaire: string | null;
}

export async function locatePlacement(store: Store, periodRef: string, learnerRef: string): Promise<Placement> {
  const period = await resolvePeriod(store, periodRef);
  const learner = await resolveLearner(store, learnerRef, period.id);
  return placementOf(store, period, learner);
}

export async function placementOf(store: Store, period: Period, learner: Learner): Promise<Placement> {
  const assignmentId = await store.periods.assignmentId(period.id, learner.id);
  if (assignmentId === undefined) {
    throw new UserError(`${fullName(learner)} n'est pas affecté(e) à la période « ${period.name} » (${period.className})`);
  }
  return {
    period,
    learner,
    assignmentId,
    ref: await getReferentiel(store, period.referentiel),
    latestBilanIntermediaire: await store.bilansIntermediaires.latest(period.classId),
  };
}

/** Refuses a type that the period's kind does not have (no bilan entreprise for Période 1, E31, E33). */
export function assertTypeAllowed(period: Period, type: EvaluationType, ref?: Referentiel): void {
  const refusal = evaluationRefusal(period, type, ref);
  if (refusal) throw new UserError(refusal);
}

/** The evaluation as it stands (recorded, or a new one with the default meeting date) and whether it is locked. */
export async function currentEvaluation(store: Store, p: Placement, type: EvaluationType) {
  const recorded = await store.evaluations.get(p.assignmentId, type);
  const content: EvaluationContent = recorded ? canonicalEvaluation(p.ref, type, recorded) : emptyEvaluation(p.ref, type, p.period);
  const lockReason = recorded ? evaluationLockReason(type, recorded.meetingDate, null, p.latestBilanIntermediaire) : null;
  return { recorded: recorded ?? null, content, lockReason };
}

export type Change = 'created' | 'updated' | 'unchanged';

export interface SaveResult {
  change: Change;
  changes: string[];
  evaluation: EvaluationContent;
}

/**
 * Every rule an evaluation must pass before it is written, as French messages: the référentiel's codes and values,
 * a meeting date within reach of the period, and the lock (checked only when something changes).
 */
export function evaluationRuleErrors(p: Placement, type: EvaluationType, recorded: Evaluation | null, next: EvaluationContent): string[] {
  const problems = evaluationProblems(p.ref, type, next);
  if (next.meetingDate < p.period.start) {
    problems.push(
      `la date de rencontre (${shortFrenchDate(next.meetingDate)}) précède le début de la période (${shortFrenchDate(p.period.start)})`,
    );
  }
  if (!recorded || !sameEvaluation(canonicalEvaluation(p.ref, type, recorded), next)) {
    const lock = evaluationLockReason(type, recorded?.meetingDate ?? null, next.meetingDate, p.latestBilanIntermediaire);
    if (lock) problems.push(lock);
  }
  return problems;
}

const RETRY = 'Relancez la commande pour repartir de ce qui est enregistré.';

/** The version of an evaluation as read (0 when none was recorded), to hand back to saveEvaluation. */
export const versionOf = (recorded: Evaluation | null | undefined): number => recorded?.version ?? 0;

/** The evaluation a conflict is about, as its message names it. */
export function evaluationSubject(p: Placement, type: EvaluationType): ConflictSubject {
  const { the, e } = typeWithArticle(type);
  return { label: `${the} ${deName(fullName(p.learner))} (${p.period.name})`, feminine: e === 'e' };
}

/** What is known of the change that made a read stale: the stored evaluation's time and author, or its deletion. */
export function evaluationChange(recorded: Evaluation | null): ConcurrentChange {
  if (!recorded) return { at: null, by: null, deleted: true };
  return { at: recorded.provenance?.enteredAt ?? recorded.updatedAt, by: recorded.provenance?.enteredBy ?? (isCertificative(recorded.type) ? 'enseignant' : null) };
}

/**
 * Records one evaluation after checking every rule; nothing is written when it is unchanged. Read, checked and
 * written in one transaction; `expectedVersion` is the version the caller showed its user (versionOf, 0 for none):
 * when someone saved it since, nothing is written and a ConflictError says who and when.
 */
export async function saveEvaluation(
  store: Store,
  p: Placement,
  type: EvaluationType,
  content: EvaluationContent,
  now = new Date(),
  mark: EntryMark = TEACHER_ENTRY,
  expectedVersion?: number,
): Promise<SaveResult> {
  assertTypeAllowed(p.period, type, p.ref);
  return store.transaction(async () => {
    const recorded = (await store.evaluations.get(p.assignmentId, type)) ?? null;
    if (expectedVersion !== undefined && versionOf(recorded) !== expectedVersion) {
      throw new ConflictError(evaluationSubject(p, type), evaluationChange(recorded), RETRY);
    }
    const next = canonicalEvaluation(p.ref, type, content);
    const errors = evaluationRuleErrors(p, type, recorded, next);
    if (errors.length) throw new DataErrors(errors.map((message) => ({ message })));
    const before = recorded ? canonicalEvaluation(p.ref, type, recorded) : null;
    // The teacher re-entering the same answers changes nothing; a tutor validating an unchanged draft does.
    const sameMark = mark.enteredBy === 'enseignant' || (recorded?.provenance?.status === mark.status && recorded.provenance.enteredBy === mark.enteredBy);
    if (before && sameEvaluation(before, next) && sameMark) {
      return { change: 'unchanged', changes: [], evaluation: next };
    }
    // Checked again by the write itself (version in its WHERE): the transaction makes it the same answer.
    if (!(await store.evaluations.save(p.assignmentId, type, next, now.toISOString(), mark, versionOf(recorded)))) {
      throw new ConflictError(evaluationSubject(p, type), evaluationChange((await store.evaluations.get(p.assignmentId, type)) ?? null), RETRY);
    }
    return {
      change: before ? 'updated' : 'created',
      changes: before ? evaluationChanges(before, next) : [],
      evaluation: next,
    } satisfies SaveResult;
  });
}

/** A record as shown (`--json` too): its version is the saves' business, not the reader's. */
export function withoutVersion<T extends { version?: number }>(r: T | null): Omit<T, 'version'> | null {
  if (!r) return null;
  const shown: T = { ...r };
  delete shown.version;
  return shown;
}

// ── show ─────────────────────────────────────────────────────────────────────────────────────────────────────

export interface EvaluationSection {
  type: EvaluationType;
  /** False when the period's kind has no such evaluation; `reason` then says why. */
  available: boolean;
  reason: string | null;
  evaluation: Omit<Evaluation, 'version'> | null;
  locked: boolean;
  lockReason: string | null;
}

export interface EvaluationShow {
  period: { id: number; name: string; className: string; kind: string; start: string; end: string };
  learner: { id: number; lastName: string; firstName: string; ine: string | null };
  referentiel: string;
  latestBilanIntermediaire: string | null;
  sections: EvaluationSection[];
}

export async function showEvaluations(store: Store, periodRef: string, learnerRef: string, only?: EvaluationType): Promise<EvaluationShow & { ref: Referentiel }> {
  const p = await locatePlacement(store, periodRef, learnerRef);
  // A certificative grid is a section of its own kind of period only (an E33 period shows the E33 grid).
  const types = only ? [only] : EVALUATION_TYPES.filter((t) => !isCertificative(t) || t === p.period.kind);
  const sections: EvaluationSection[] = [];
  for (const type of types) {
    const reason = type === 'entreprise' ? noBilanEntrepriseReason(p.period.kind) : isCertificative(type) ? evaluationRefusal(p.period, type, p.ref) : null;
    const evaluation = reason ? null : withoutVersion(await getEvaluation(store, p.assignmentId, type));
    const lockReason = evaluation ? evaluationLockReason(type, evaluation.meetingDate, null, p.latestBilanIntermediaire) : null;
    sections.push({ type, available: !reason, reason, evaluation, locked: lockReason !== null, lockReason });
  }
  const { period: pe, learner: l } = p;
  return {
    period: { id: pe.id, name: pe.name, className: pe.className, kind: pe.kind, start: pe.start, end: pe.end },
    learner: { id: l.id, lastName: l.lastName, firstName: l.firstName, ine: l.ine },
    referentiel: p.ref.code,
    latestBilanIntermediaire: p.latestBilanIntermediaire,
    sections,
    ref: p.ref,
  };
}

// ── export ───────────────────────────────────────────────────────────────────────────────────────────────────

export interface EvaluationExport {
  period: string;
  className: string;
  type: EvaluationType;
  learners: number;
  evaluated: number;
  /** The file's text, BOM included; cells that a spreadsheet would take for a formula are neutralised. */
  csv: string;
}

/** Every learner of the period, one row each (empty cells for those not evaluated yet): a template to fill in. */
export async function exportEvaluations(store: Store, periodRef: string, type: EvaluationType): Promise<EvaluationExport> {
  const period = await resolvePeriod(store, periodRef);
  const ref = await getReferentiel(store, period.referentiel);
  assertTypeAllowed(period, type, ref);
  const header = evaluationHeader(ref, type);
  const codes = evaluationItems(ref, type).map((i) => i.code);
  const byAssignment = new Map((await store.evaluations.inPeriod(period.id, type)).map((e) => [e.assignmentId, e]));
  const sheets = new Map((await store.sheets.inPeriod(period.id)).map((s) => [s.assignmentId, s]));
  let evaluated = 0;
  const rows: string[][] = [];
  for (const l of await store.learners.inPeriod(period.id)) {
    const assignmentId = (await store.periods.assignmentId(period.id, l.id))!;
    const e = byAssignment.get(assignmentId);
    if (e) evaluated++;
    const levels = codes.map((c) => e?.levels[c] ?? '');
    // Not evaluated yet: the tasks entrusted by the liaison sheet, to untick (remove) what was not done.
    const sheet = sheets.get(assignmentId);
    const tasks = e ? e.tasksDone : sheet ? effectiveTasks(sheet, period) : period.tasks;
    const tail =
      type === 'entreprise'
        ? [tasks.join(', '), e?.engagement?.toString() ?? '', e ? shortFrenchDate(e.meetingDate) : '', e?.comment ?? '']
        : [e ? shortFrenchDate(e.meetingDate) : '', e?.comment ?? ''];
    rows.push([l.ine ?? '', l.lastName, l.firstName, ...levels, ...tail]);
  }
  return { period: period.name, className: period.className, type, learners: rows.length, evaluated, csv: csvDocument(header, rows) };
}
