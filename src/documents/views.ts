// View models: the plain data a document is printed from, assembled from the store by the print service.
import type { Company, LearnerStatus, Tutor } from '../domain/model.js';
import type { PeriodKind } from '../domain/period-kinds.js';
import type { Referentiel } from '../domain/referentiel.js';
import type { Level } from '../domain/evaluation.js';

/** The school, from `cpro config set etablissement.*`; unset keys are null and print as fields to complete. */
export interface SchoolView {
  name: string | null;
  address: string | null;
  uai: string | null;
  /** Chef d'établissement. */
  head: string | null;
  phone: string | null;
}

/** The enseignant référent, from `cpro config set enseignant.*`: whom the tutor calls. */
export interface ReferentView {
  name: string | null;
  email: string | null;
  phone: string | null;
}

/** A teacher's visit or call, planned or done (section 6 of the pré-convention, meeting line of the grids). */
export interface VisitView {
  /** ISO date. */
  date: string;
  mode: 'visite' | 'telephone' | 'visio';
  done: boolean;
  who: string | null;
}

export interface LearnerView {
  lastName: string;
  firstName: string;
  className: string;
  /** ISO date, null when unknown. */
  birthDate: string | null;
  status: LearnerStatus;
}

export interface PeriodView {
  name: string;
  kind: PeriodKind;
  start: string;
  end: string;
  bilanDate: string;
}

export type CompanyView = Company;
export type TutorView = Tutor;

export interface TaskView {
  code: string;
  title: string;
  blockCode: string;
  blockTitle: string;
}

export interface RefItemView {
  code: string;
  title: string;
}

export interface CompetencyView extends RefItemView {
  /** Detailed sub-competencies, empty when the competency is only evaluated globally. */
  details: RefItemView[];
}

/** A recorded bilan entreprise. */
export interface CompetencyEvaluationView {
  /** Codes of the tasks carried out. */
  tasksDone: string[];
  /** Answer per competency or sub-competency code; a code absent has no answer. */
  levels: Record<string, Level>;
  /** 1 to 4 stars, null when not given. */
  engagement: number | null;
  /** ISO date of the meeting with the tutor; null prints the period's last day. */
  meetingDate: string | null;
  comment: string | null;
}

/** A recorded bilan des attitudes professionnelles. */
export interface AttitudesEvaluationView {
  /** Answer per attitude item code. */
  levels: Record<string, Level>;
  comment: string | null;
  /** ISO date. */
  date: string | null;
}

/** What every document of a learner's period shows in its header. */
export interface PlacementView {
  school: SchoolView;
  learner: LearnerView;
  period: PeriodView;
  company: CompanyView;
  tutor: TutorView;
  /** The diploma prepared, from the référentiel. */
  diploma: string | null;
  referent: ReferentView;
  /** The teacher's visits and calls, in date order. */
  visits: VisitView[];
}

export interface PreconventionView extends PlacementView {
  /** The learner's objectives: individualised ones, else the annex's. */
  objectives: string[];
  /** The learner's tasks, in référentiel order. */
  tasks: TaskView[];
  /** What the period assesses, from the référentiel: its competencies, or its attitudes for a « Période 1 ». */
  assessed: { caption: string; items: RefItemView[] };
}

/** What the host organisation stated through the tutors' portal; absent, the fields are left to fill by hand. */
export interface HostStatementView {
  representative: string;
  headOffice: string | null;
  hours: number;
  gratification: string;
  place: string;
  /** ISO instant of the statement: the attestation's date. */
  updatedAt: string;
}

export interface AttestationView extends PlacementView {
  host?: HostStatementView | null;
  /** Hours done, from the attendance once confirmed; null (or absent) leaves the field to complete by hand. */
  effectiveHours?: number | null;
  /** Whether the gratification is due (past two months with the host this school year); null when not known yet. */
  gratificationDue?: boolean | null;
  /** The legal hourly minimum in force, € an hour, when the gratification is due. */
  gratificationHourlyMinimum?: number | null;
}

export interface AttitudesGridView extends PlacementView {
  attitudes: RefItemView[];
  evaluation: AttitudesEvaluationView | null;
}

export interface EntrepriseGridView extends PlacementView {
  /** The tasks offered for ticking, in référentiel order. */
  tasks: TaskView[];
  competencies: CompetencyView[];
  evaluation: CompetencyEvaluationView | null;
}

/**
 * The tasks of `codes`, with their titles and blocks, in référentiel order. A code the référentiel does not know
 * is kept at the end, in an "Autres tâches" block, so that nothing the teacher entered is lost from the page.
 */
export function taskViews(ref: Referentiel, codes: string[]): TaskView[] {
  const wanted = new Set(codes);
  const out: TaskView[] = [];
  const known = new Set<string>();
  for (const b of ref.blocks) {
    for (const t of b.tasks) {
      known.add(t.code);
      if (wanted.has(t.code)) out.push({ code: t.code, title: t.title, blockCode: b.code, blockTitle: b.title });
    }
  }
  for (const code of codes) {
    if (!known.has(code)) out.push({ code, title: '(tâche absente du référentiel)', blockCode: '', blockTitle: 'Autres tâches' });
  }
  return out;
}

/** Every task of the référentiel, for a grid on which the tasks carried out are ticked. */
export function allTaskViews(ref: Referentiel): TaskView[] {
  return ref.blocks.flatMap((b) =>
    b.tasks.map((t) => ({ code: t.code, title: t.title, blockCode: b.code, blockTitle: b.title })),
  );
}

export function competencyViews(ref: Referentiel): CompetencyView[] {
  return ref.competencies.map((c) => ({ code: c.code, title: c.title, details: c.details ?? [] }));
}

/** A certificative grid of an exam unit (E31, E33): the référentiel's criteria and scale, and what was recorded. */
export interface CertificativeGridView extends PlacementView {
  unit: { code: 'E31' | 'E33'; title: string; draft: boolean };
  scale: Array<{ code: Level; title: string }>;
  criteria: RefItemView[];
  evaluation: { levels: Record<string, Level>; comment: string | null; meetingDate: string | null } | null;
}
