// What `cpro print` will write: for each learner of a period, the view model of every document (from the store:
// school, learner, period, liaison sheet, référentiel titles, recorded evaluations) and its file name.
import { documentBaseName, uniqueName, type DocumentKind } from '../../domain/filenames.js';
import { effectiveObjectives, effectiveTasks, type Learner, type LiaisonSheet, type Period } from '../../domain/model.js';
import type { Evaluation } from '../../domain/evaluation.js';
import {
  DOCUMENT_KINDS,
  documentsForPeriod,
  missingForDocument,
  notForLearner,
  type PrintSelection,
  type SkippedDocument,
} from '../../domain/print.js';
import { examUnit, type Referentiel } from '../../domain/referentiel.js';
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
  type ReferentView,
  type SchoolView,
  type VisitView,
} from '../../documents/views.js';
import type { Store } from '../../store/store.js';
import { getReferentiel } from '../referentiels/referentiels.js';
import { hasBilanEntreprise } from '../../domain/period-kinds.js';
import { visitsOf } from '../liaison/visits.js';
import { periodAttendance, type LearnerAttendance } from '../attendance/attendance.js';
import { learnerRef, type LearnerRef } from '../shared/refs.js';
import { resolveLearner, resolvePeriod } from '../shared/resolve.js';
import { agree } from '../../domain/text.js';

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
  /** Documents that do not apply to a learner (an apprentice has no pré-convention nor attestation de stage). */
  notApplicable: PrintFailure[];
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
  phone: 'etablissement.telephone',
} as const satisfies Record<keyof SchoolView, string>;

export const REFERENT_KEYS = {
  name: 'enseignant.nom',
  email: 'enseignant.courriel',
  phone: 'enseignant.telephone',
} as const satisfies Record<keyof ReferentView, string>;

export async function schoolView(store: Store): Promise<SchoolView> {
  const get = async (key: string) => (await store.config.get(key))?.trim() || null;
  return {
    name: await get(SCHOOL_KEYS.name),
    address: await get(SCHOOL_KEYS.address),
    uai: await get(SCHOOL_KEYS.uai),
    head: await get(SCHOOL_KEYS.head),
    phone: await get(SCHOOL_KEYS.phone),
  };
}

export async function referentView(store: Store): Promise<ReferentView> {
  const get = async (key: string) => (await store.config.get(key))?.trim() || null;
  return { name: await get(REFERENT_KEYS.name), email: await get(REFERENT_KEYS.email), phone: await get(REFERENT_KEYS.phone) };
}

const BLANK_COMPANY: LiaisonSheet['company'] = { name: null, address: null, postalCode: null, city: null, sector: null, phone: null, siret: null, signatory: null };
const BLANK_TUTOR: LiaisonSheet['tutor'] = { lastName: null, firstName: null, phone: null, email: null, role: null };

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
  referent: ReferentView;
  visits: Map<number, VisitView[]>;
  sheets: Map<number, LiaisonSheet>;
  entreprise: Map<number, Evaluation>;
  attitudes: Map<number, Evaluation>;
  store: Store;
  certificative: Map<number, Evaluation>;
}

function placement(s: Sources, learner: Learner, sheet: LiaisonSheet | undefined): PlacementView {
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
    company: sheet?.company ?? BLANK_COMPANY,
    tutor: sheet?.tutor ?? BLANK_TUTOR,
    diploma: s.ref.diploma,
    referent: s.referent,
    visits: (sheet && s.visits.get(sheet.assignmentId)) ?? [],
  };
}

async function documentJob(s: Sources, kind: DocumentKind, baseName: string, base: PlacementView, sheet: LiaisonSheet | undefined): Promise<DocumentJob> {
  switch (kind) {
    case 'preconvention':
      return {
        document: kind,
        baseName,
        view: {
          ...base,
          objectives: sheet ? effectiveObjectives(sheet, s.period) : s.period.objectives,
          tasks: taskViews(s.ref, sheet ? effectiveTasks(sheet, s.period) : s.period.tasks),
          assessed: assessedItems(s.ref, s.period),
        },
      };
    case 'attestation': {
      const a = s.attendance.get(sheet!.learnerId); // missingForDocument: an attestation needs a sheet with a company
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
          host: (await s.store.portal.attestation(sheet!.assignmentId)) ?? null,
        },
      };
    }
    case 'bilan-attitudes': {
      const e = sheet && s.attitudes.get(sheet.assignmentId);
      return {
        document: kind,
        baseName,
        view: { ...base, attitudes: s.ref.attitudes, evaluation: e ? { levels: e.levels, comment: e.comment, date: e.meetingDate } : null },
      };
    }
    case 'grille-certificative': {
      const unit = examUnit(s.ref, s.period.kind)!; // planPrint skips the grid when the référentiel has none
      const e = s.certificative.get(sheet!.assignmentId);
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
      const e = sheet && s.entreprise.get(sheet.assignmentId);
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

/** What the period assesses: the référentiel's competencies, or its attitudes for a « Période 1 » (no bilan entreprise). */
function assessedItems(ref: Referentiel, period: Period): PreconventionView['assessed'] {
  return hasBilanEntreprise(period.kind) || period.kind === 'E31' || period.kind === 'E33'
    ? { caption: 'Compétences du référentiel évaluées sur la période', items: ref.competencies.map((c) => ({ code: c.code, title: c.title })) }
    : { caption: 'Attitudes professionnelles évaluées sur la période', items: ref.attitudes };
}

export async function planPrint(store: Store, req: PlanRequest): Promise<PrintPlan> {
  const period = await resolvePeriod(store, req.period);
  const all = await store.learners.inPeriod(period.id);
  const learners = req.learner ? [await resolveLearner(store, req.learner, period.id)] : all;
  const planned = documentsForPeriod(req.selection, period.kind);
  const ref = await getReferentiel(store, period.referentiel);
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
    school: await schoolView(store),
    referent: await referentView(store),
    visits: await visitsOf(store, period.id),
    sheets: new Map((await store.sheets.inPeriod(period.id)).map((sh) => [sh.learnerId, sh])),
    entreprise: kinds.includes('bilan-entreprise') ? byAssignment(await store.evaluations.inPeriod(period.id, 'entreprise')) : new Map(),
    attitudes: kinds.includes('bilan-attitudes') ? byAssignment(await store.evaluations.inPeriod(period.id, 'attitudes')) : new Map(),
    store,
    certificative: unit ? byAssignment(await store.evaluations.inPeriod(period.id, unit.code)) : new Map(),
    attendance: kinds.includes('attestation')
      ? new Map((await periodAttendance(store, period, learners)).learners.map((a) => [a.learner.id, a]))
      : new Map(),
  };
  const names = fileNames(period, all);

  const jobs: LearnerJob[] = [];
  const failures: PrintFailure[] = [];
  const notApplicable: PrintFailure[] = [];
  const withoutCompany: string[] = [];
  for (const learner of learners) {
    const sheet = s.sheets.get(learner.id);
    const documents: DocumentJob[] = [];
    let base: PlacementView | undefined;
    for (const kind of kinds) {
      const reason = notForLearner(kind, learner.status);
      if (reason) {
        notApplicable.push({ learner: learnerRef(learner), document: kind, reason });
        continue;
      }
      const missing = missingForDocument(kind, sheet);
      if (missing) {
        failures.push({ learner: learnerRef(learner), document: kind, reason: missing });
        continue;
      }
      if (kind === 'preconvention' && !sheet?.company.name?.trim()) withoutCompany.push(`${learner.lastName} ${learner.firstName}`);
      base ??= placement(s, learner, sheet);
      documents.push(await documentJob(s, kind, names.get(learner.id)![kind], base, sheet));
    }
    if (documents.length) jobs.push({ learner: learnerRef(learner), documents });
  }

  const warnings: string[] = [];
  if (withoutCompany.length) {
    warnings.push(
      `pré-convention sans entreprise, à compléter à la main avec l'entreprise (${withoutCompany.length === 1 ? withoutCompany[0] : `${withoutCompany.length} apprenants : ${withoutCompany.join(', ')}`})`,
    );
  }
  // The school's phone is welcome but optional: the référent's contact is what a company uses.
  const unset = (['name', 'address', 'uai', 'head'] as const).filter((k) => !s.school[k]).map((k) => SCHOOL_KEYS[k]);
  if (unset.length && kinds.some((k) => k === 'preconvention' || k === 'attestation')) {
    warnings.push(
      `établissement incomplet (${unset.join(', ')} non ${agree(unset.length, 'renseigné')}) : ` +
        `ces champs sont laissés à compléter à la main (cpro config set ${unset[0]} "…")`,
    );
  }
  return { period, learners: learners.map((l) => l.id), jobs, failures, skipped, notApplicable, warnings };
}
