// What `cpro print` will write: for each learner of a period, the view model of every document (from the store:
// school, learner, period, liaison sheet, référentiel titles, recorded evaluations) and its file name.
import { documentBaseName, uniqueName, type DocumentKind } from '../domain/filenames.js';
import { effectiveObjectives, effectiveTasks, type Learner, type LiaisonSheet, type Period } from '../domain/model.js';
import type { Evaluation } from '../domain/evaluation.js';
import {
  DOCUMENT_KINDS,
  documentsForPeriod,
  missingForDocument,
  type PrintSelection,
  type SkippedDocument,
} from '../domain/print.js';
import { examUnit, type Referentiel } from '../domain/referentiel.js';
import {
  allTaskViews,
  competencyViews,
  taskViews,
  type AttestationView,
  type CertificativeGridView,
  type AttitudesGridView,
  type EntrepriseGridView,
  type PlacementView,
  type PreconventionView,
  type SchoolView,
} from '../documents/views.js';
import type { Store } from '../store/store.js';
import { getReferentiel } from './referentiels.js';
import { periodAttendance, type LearnerAttendance } from './attendance.js';
import { learnerRef, type LearnerRef } from './refs.js';
import { resolveLearner, resolvePeriod } from './resolve.js';
import { agree } from '../domain/text.js';

export type { LearnerRef };

/** One document of a learner: its view model and its file name without extension (unique in the period). */
export type DocumentJob =
  | { document: 'preconvention'; baseName: string; view: PreconventionView }
  | { document: 'attestation'; baseName: string; view: AttestationView }
  | { document: 'bilan-attitudes'; baseName: string; view: AttitudesGridView }
  | { document: 'bilan-entreprise'; baseName: string; view: EntrepriseGridView }
  | { document: 'grille-certificative'; baseName: string; view: CertificativeGridView };

/** Plain data only, so that it can be posted to a worker thread as is. */
export interface LearnerJob {
  learner: LearnerRef;
  documents: DocumentJob[];
}

export interface PrintFailure {
  learner: LearnerRef;
  document: DocumentKind;
  reason: string;
}

export interface PrintPlan {
  period: Period;
  /** Ids of the learners printed, in the period's order. */
  learners: number[];
  /** Learners with at least one document to print, in the period's order. */
  jobs: LearnerJob[];
  /** Documents refused before rendering, with the reason. */
  failures: PrintFailure[];
  /** Documents the period's kind does not have. */
  skipped: SkippedDocument[];
  warnings: string[];
}

export interface PlanRequest {
  period: string;
  learner?: string;
  selection: PrintSelection;
}

export const SCHOOL_KEYS = {
  name: 'etablissement.nom',
  address: 'etablissement.adresse',
  uai: 'etablissement.uai',
  head: 'etablissement.chef',
} as const satisfies Record<keyof SchoolView, string>;

export function schoolView(store: Store): SchoolView {
  const get = (key: string) => store.config.get(key)?.trim() || null;
  return { name: get(SCHOOL_KEYS.name), address: get(SCHOOL_KEYS.address), uai: get(SCHOOL_KEYS.uai), head: get(SCHOOL_KEYS.head) };
}

export { learnerRef };

/**
 * Every file name of the period's documents, decided over all its learners in their listed order, so that
 * printing one learner gives the same name as printing the whole period ("… (2)" for the second homonym).
 */
function fileNames(period: Period, learners: Learner[]): Map<number, Record<DocumentKind, string>> {
  const taken = new Set<string>();
  const names = new Map<number, Record<DocumentKind, string>>();
  for (const l of learners) {
    const entry = {} as Record<DocumentKind, string>;
    for (const kind of DOCUMENT_KINDS) {
      entry[kind] = uniqueName(documentBaseName(kind, period.name, l.firstName, l.lastName), taken);
    }
    names.set(l.id, entry);
  }
  return names;
}

interface Sources {
  /** Attendance by learner id, when attestations are printed. */
  attendance: Map<number, LearnerAttendance>;
  period: Period;
  ref: Referentiel;
  school: SchoolView;
  sheets: Map<number, LiaisonSheet>;
  entreprise: Map<number, Evaluation>;
  attitudes: Map<number, Evaluation>;
  store: Store;
  certificative: Map<number, Evaluation>;
}

function placement(s: Sources, learner: Learner, sheet: LiaisonSheet): PlacementView {
  const p = s.period;
  return {
    school: s.school,
    learner: {
      lastName: learner.lastName,
      firstName: learner.firstName,
      className: learner.className,
      birthDate: learner.birthDate,
      status: learner.status,
    },
    period: { name: p.name, kind: p.kind, start: p.start, end: p.end, bilanDate: p.bilanDate },
    company: sheet.company,
    tutor: sheet.tutor,
    diploma: s.ref.diploma,
  };
}

function documentJob(s: Sources, kind: DocumentKind, baseName: string, base: PlacementView, sheet: LiaisonSheet): DocumentJob {
  switch (kind) {
    case 'preconvention':
      return {
        document: kind,
        baseName,
        view: { ...base, objectives: effectiveObjectives(sheet, s.period), tasks: taskViews(s.ref, effectiveTasks(sheet, s.period)) },
      };
    case 'attestation': {
      const a = s.attendance.get(sheet.learnerId);
      // Printed from the attendance once confirmed only; blank fields to complete by hand before.
      const confirmed = !!a?.confirmed;
      return {
        document: kind,
        baseName,
        view: {
          ...base,
          effectiveHours: confirmed ? a!.hours : null,
          gratificationDue: confirmed ? a!.gratification.due : null,
          gratificationHourlyMinimum: a?.gratification.hourlyMinimum ?? null,
          host: s.store.portal.attestation(sheet.assignmentId) ?? null,
        },
      };
    }
    case 'bilan-attitudes': {
      const e = s.attitudes.get(sheet.assignmentId);
      return {
        document: kind,
        baseName,
        view: { ...base, attitudes: s.ref.attitudes, evaluation: e ? { levels: e.levels, comment: e.comment, date: e.meetingDate } : null },
      };
    }
    case 'grille-certificative': {
      const unit = examUnit(s.ref, s.period.kind)!; // planPrint skips the grid when the référentiel has none
      const e = s.certificative.get(sheet.assignmentId);
      return {
        document: kind,
        baseName,
        view: {
          ...base,
          unit: { code: unit.code, title: unit.title, draft: !!unit.draft },
          scale: unit.scale,
          criteria: unit.criteria,
          evaluation: e ? { levels: e.levels, comment: e.comment, meetingDate: e.meetingDate } : null,
        },
      };
    }
    case 'bilan-entreprise': {
      const e = s.entreprise.get(sheet.assignmentId);
      return {
        document: kind,
        baseName,
        view: {
          ...base,
          tasks: allTaskViews(s.ref),
          competencies: competencyViews(s.ref),
          evaluation: e
            ? { tasksDone: e.tasksDone, levels: e.levels, engagement: e.engagement, meetingDate: e.meetingDate, comment: e.comment }
            : null,
        },
      };
    }
  }
}

const byAssignment = (list: Evaluation[]) => new Map(list.map((e) => [e.assignmentId, e]));

export function planPrint(store: Store, req: PlanRequest): PrintPlan {
  const period = resolvePeriod(store, req.period);
  const all = store.learners.inPeriod(period.id);
  const learners = req.learner ? [resolveLearner(store, req.learner, period.id)] : all;
  const planned = documentsForPeriod(req.selection, period.kind);
  const ref = getReferentiel(store, period.referentiel);
  const skipped = [...planned.skipped];
  const unit = period.kind === 'E31' || period.kind === 'E33' ? examUnit(ref, period.kind) : undefined;
  const kinds = planned.kinds.filter((k) => {
    if (k !== 'grille-certificative' || unit) return true;
    skipped.push({ document: k, reason: `le référentiel ${ref.code} n'a pas de grille certificative ${period.kind} (cpro referentiel import)` });
    return false;
  });
  const s: Sources = {
    period,
    ref,
    school: schoolView(store),
    sheets: new Map(store.sheets.inPeriod(period.id).map((sh) => [sh.learnerId, sh])),
    entreprise: kinds.includes('bilan-entreprise') ? byAssignment(store.evaluations.inPeriod(period.id, 'entreprise')) : new Map(),
    attitudes: kinds.includes('bilan-attitudes') ? byAssignment(store.evaluations.inPeriod(period.id, 'attitudes')) : new Map(),
    store,
    certificative: unit ? byAssignment(store.evaluations.inPeriod(period.id, unit.code)) : new Map(),
    attendance: kinds.includes('attestation')
      ? new Map(periodAttendance(store, period, learners).learners.map((a) => [a.learner.id, a]))
      : new Map(),
  };
  const names = fileNames(period, all);

  const jobs: LearnerJob[] = [];
  const failures: PrintFailure[] = [];
  for (const learner of learners) {
    const sheet = s.sheets.get(learner.id);
    const documents: DocumentJob[] = [];
    let base: PlacementView | undefined;
    for (const kind of kinds) {
      const missing = missingForDocument(kind, sheet);
      if (missing) {
        failures.push({ learner: learnerRef(learner), document: kind, reason: missing });
        continue;
      }
      base ??= placement(s, learner, sheet!);
      documents.push(documentJob(s, kind, names.get(learner.id)![kind], base, sheet!));
    }
    if (documents.length) jobs.push({ learner: learnerRef(learner), documents });
  }

  const warnings: string[] = [];
  const unset = (Object.keys(SCHOOL_KEYS) as Array<keyof SchoolView>).filter((k) => !s.school[k]).map((k) => SCHOOL_KEYS[k]);
  if (unset.length && kinds.some((k) => k === 'preconvention' || k === 'attestation')) {
    warnings.push(
      `établissement incomplet (${unset.join(', ')} non ${agree(unset.length, 'renseigné')}) : ` +
        `ces champs sont laissés à compléter à la main (cpro config set ${unset[0]} "…")`,
    );
  }
  return { period, learners: learners.map((l) => l.id), jobs, failures, skipped, warnings };
}
