// Use cases on one fiche de liaison entreprise (show, set, reset, save from the editor) and the period's to-do list.
import { readFileSync, statSync } from 'node:fs';
import type { Store } from '../../store/store.js';
import type { VisitView } from '../../documents/views.js';
import { visitsOf } from './visits.js';
import { ConflictError, DataErrors, UsageError, UserError } from '../../domain/errors.js';
import { deName } from '../../domain/text.js';
import type { Company, Learner, LiaisonSheet, Period, Tutor } from '../../domain/model.js';
import { effectiveObjectives, effectiveTasks, fullName, isIndividualised } from '../../domain/model.js';
import { taskTitle, type Referentiel } from '../../domain/referentiel.js';
import { splitTaskCodes } from '../../domain/referentiel.js';
import {
  LIAISON_KEYS,
  applyLiaisonEdit,
  changeLabels,
  completeness,
  findLiaisonField,
  parseObjectivesText,
  splitKeyValue,
  type LiaisonEdit,
  type LiaisonField,
} from '../../domain/liaison.js';
import { periodAttendance } from '../attendance/attendance.js';
import { resolveLearner, resolvePeriod } from '../shared/resolve.js';
import { getReferentiel } from '../referentiels/referentiels.js';

/** A sheet with everything needed to show or change it. */
export interface LocatedSheet {
  period: Period;
  learner: Learner;
  sheet: LiaisonSheet;
  ref: Referentiel;
}

export async function locateSheet(store: Store, periodRef: string, learnerRef: string): Promise<LocatedSheet> {
  const period = await resolvePeriod(store, periodRef);
  const learner = await resolveLearner(store, learnerRef, period.id);
  const id = await store.periods.assignmentId(period.id, learner.id);
  const sheet = id === undefined ? undefined : await store.sheets.get(id);
  if (!sheet) throw new UserError(`${learner.firstName} ${learner.lastName} n'a pas de fiche de liaison pour « ${period.name} »`);
  return { period, learner, sheet, ref: await getReferentiel(store, period.referentiel) };
}

export interface LiaisonView {
  period: { id: number; name: string; class: string; kind: string; start: string; end: string };
  learner: { id: number; ine: string | null; lastName: string; firstName: string; class: string; status: string };
  company: Company;
  tutor: Tutor;
  objectives: { inherited: boolean; items: string[] };
  tasks: { inherited: boolean; items: Array<{ code: string; title: string }> };
  individualised: boolean;
  companyFilled: boolean;
  tutorComplete: boolean;
  missing: string[];
  updatedAt: string | null;
}

export function sheetView(l: LocatedSheet): LiaisonView {
  const { period: p, learner, sheet, ref } = l;
  const c = completeness(sheet);
  return {
    period: { id: p.id, name: p.name, class: p.className, kind: p.kind, start: p.start, end: p.end },
    learner: {
      id: learner.id,
      ine: learner.ine,
      lastName: learner.lastName,
      firstName: learner.firstName,
      class: learner.className,
      status: learner.status,
    },
    company: sheet.company,
    tutor: sheet.tutor,
    objectives: { inherited: sheet.ownObjectives === null, items: effectiveObjectives(sheet, p) },
    tasks: {
      inherited: sheet.ownTasks === null,
      items: effectiveTasks(sheet, p).map((code) => ({ code, title: taskTitle(ref, code) ?? '' })),
    },
    individualised: isIndividualised(sheet),
    companyFilled: c.companyFilled,
    tutorComplete: c.tutorComplete,
    missing: [...c.companyMissing, ...c.tutorMissing],
    updatedAt: sheet.updatedAt,
  };
}

export async function liaisonView(store: Store, periodRef: string, learnerRef: string): Promise<LiaisonView> {
  return sheetView(await locateSheet(store, periodRef, learnerRef));
}

/** `clé=valeur` arguments → fields; a malformed argument or an unknown key is a usage error (exit 2). */
export function parseFieldArgs(args: string[]): Array<{ field: LiaisonField; raw: string }> {
  return args.map((arg) => {
    const kv = splitKeyValue(arg);
    if (!kv) throw new UsageError(`argument « ${arg} » : attendu clé=valeur, par exemple entreprise.ville=Rouen`);
    const field = findLiaisonField(kv.key);
    if (!field) throw new UsageError(`clé inconnue « ${kv.key} » ; clés possibles : ${LIAISON_KEYS.join(', ')}`);
    return { field, raw: kv.value };
  });
}

/** Task codes from repeated options that may also hold lists ("A1T1,A2T1"). */
export function taskCodesOf(values: string[] | undefined): string[] {
  return (values ?? []).flatMap(splitTaskCodes);
}

const MAX_OBJECTIVES_BYTES = 256 * 1024;

/** Reads an objectives file (one per line; "-" reads standard input). */
export function readObjectivesFile(path: string): string[] {
  let text: string;
  if (path !== '-') {
    let st;
    try {
      st = statSync(path);
    } catch {
      throw new UserError(`fichier d'objectifs introuvable ou illisible : ${path}`);
    }
    if (!st.isFile()) throw new UserError(`${path} n'est pas un fichier ordinaire (périphérique, tube, dossier…) : un fichier texte d'objectifs est attendu`);
    if (st.size > MAX_OBJECTIVES_BYTES) throw new UserError(`${path} : fichier trop gros (${MAX_OBJECTIVES_BYTES / 1024} Ko au plus pour une liste d'objectifs)`);
  }
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch {
    throw new UserError(`fichier d'objectifs introuvable ou illisible : ${path}`);
  }
  const objectives = parseObjectivesText(text);
  if (objectives.length === 0) throw new UserError(`${path} : aucun objectif (un objectif par ligne)`);
  return objectives;
}

export interface SheetChangeReport {
  changed: string[];
  warnings: string[];
  sheet: LiaisonView;
}

/**
 * Applies an edit to a located sheet: every invalid value is reported at once and nothing is written. The sheet is
 * written only if it is still at the version it was located at: an edit prepared from an older read (an
 * interactive session lasts minutes) is refused with a ConflictError rather than overwrite someone's newer save.
 */
export async function saveSheetEdit(store: Store, l: LocatedSheet, edit: LiaisonEdit, now = new Date()): Promise<SheetChangeReport> {
  const outcome = applyLiaisonEdit(l.sheet, l.period, l.ref, edit);
  if (outcome.errors.length) throw new DataErrors(outcome.errors.map((message) => ({ message })));
  const changed = changeLabels(l.sheet, outcome.sheet);
  if (changed.length) {
    await store.transaction(async () => {
      if (await store.sheets.save(outcome.sheet, now.toISOString(), l.sheet.version)) return;
      const current = await store.sheets.get(l.sheet.assignmentId);
      throw new ConflictError(
        { label: `la fiche de liaison ${deName(fullName(l.learner))} (${l.period.name})`, feminine: true },
        { at: current?.updatedAt ?? null, by: null, deleted: !current },
        current ? 'Relancez la commande pour repartir de ce qui est enregistré.' : undefined,
      );
    });
  }
  return { changed, warnings: outcome.warnings, sheet: sheetView({ ...l, sheet: outcome.sheet }) };
}

export interface SetOptions {
  values: string[];
  addTasks?: string[];
  removeTasks?: string[];
  objectivesFile?: string;
}

export async function setLiaison(store: Store, periodRef: string, learnerRef: string, o: SetOptions): Promise<SheetChangeReport> {
  const fields = parseFieldArgs(o.values);
  const addTasks = taskCodesOf(o.addTasks);
  const removeTasks = taskCodesOf(o.removeTasks);
  if (!fields.length && !addTasks.length && !removeTasks.length && !o.objectivesFile) {
    throw new UsageError(
      'rien à modifier : indiquez au moins une clé=valeur, --add-task, --remove-task ou --objectives-file ' +
        '(voir « cpro liaison set --help »)',
    );
  }
  const objectives = o.objectivesFile ? readObjectivesFile(o.objectivesFile) : undefined;
  // Read and written under the write lock, so that an import running meanwhile is neither lost nor overwritten.
  return store.transaction(async () => {
    const located = await locateSheet(store, periodRef, learnerRef);
    return saveSheetEdit(store, located, { fields, addTasks, removeTasks, objectives });
  });
}

export async function resetLiaison(
  store: Store,
  periodRef: string,
  learnerRef: string,
  what: { objectives?: boolean; tasks?: boolean },
): Promise<SheetChangeReport> {
  const both = !what.objectives && !what.tasks;
  return store.transaction(async () => {
    const located = await locateSheet(store, periodRef, learnerRef);
    return saveSheetEdit(store, located, {
      resetObjectives: both || !!what.objectives,
      resetTasks: both || !!what.tasks,
    });
  });
}

export interface SheetStatus {
  learner: { id: number; ine: string | null; lastName: string; firstName: string; status: string };
  company: string | null;
  tutor: string | null;
  companyFilled: boolean;
  tutorComplete: boolean;
  companyMissing: string[];
  tutorMissing: string[];
  individualised: boolean;
  ready: boolean;
  /** The teacher's visits and calls, planned or done, in date order. */
  visits: VisitView[];
  /** Past two months with the same host in the school year (attendance): the gratification is due. */
  gratificationDue: boolean;
}

export interface LiaisonStatusReport {
  period: { id: number; name: string; class: string };
  sheets: SheetStatus[];
  ready: number;
  total: number;
}

/** One line per learner of the period: what is filled, what is missing. */
export async function liaisonStatus(store: Store, periodRef: string): Promise<LiaisonStatusReport> {
  const period = await resolvePeriod(store, periodRef);
  const sheets = new Map((await store.sheets.inPeriod(period.id)).map((s) => [s.learnerId, s]));
  const visits = await visitsOf(store, period.id);
  const due = new Set((await periodAttendance(store, period)).learners.filter((a) => a.gratification.due).map((a) => a.learner.id));
  const list: SheetStatus[] = (await store.learners.inPeriod(period.id)).map((l) => {
    const s = sheets.get(l.id)!;
    const c = completeness(s);
    const tutor = [s.tutor.firstName, s.tutor.lastName].filter(Boolean).join(' ') || null;
    return {
      learner: { id: l.id, ine: l.ine, lastName: l.lastName, firstName: l.firstName, status: l.status },
      company: s.company.name,
      tutor,
      companyFilled: c.companyFilled,
      tutorComplete: c.tutorComplete,
      companyMissing: c.companyMissing,
      tutorMissing: c.tutorMissing,
      individualised: isIndividualised(s),
      ready: c.companyFilled && c.tutorComplete,
      visits: visits.get(s.assignmentId) ?? [],
      gratificationDue: due.has(l.id),
    };
  });
  return {
    period: { id: period.id, name: period.name, class: period.className },
    sheets: list,
    ready: list.filter((s) => s.ready).length,
    total: list.length,
  };
}
