// Plain domain objects the store returns and the services pass around.
import type { PeriodKind } from './period-kinds.js';

export type LearnerStatus = 'Scolaire' | 'Apprenti';

export interface Learner {
  id: number;
  ine: string | null;
  lastName: string;
  firstName: string;
  birthDate: string | null;
  email: string | null;
  status: LearnerStatus;
  classId: number;
  className: string;
}

export interface Period {
  id: number;
  name: string;
  classId: number;
  className: string;
  kind: PeriodKind;
  start: string;
  end: string;
  bilanDate: string;
  referentiel: string;
  objectives: string[];
  tasks: string[];
  createdAt: string;
}

export interface Company {
  name: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  sector: string | null;
  phone: string | null;
  /** 14 digits, without spaces. */
  siret: string | null;
  /** Who signs the agreement for the company: name and position. */
  signatory: string | null;
}

export interface Tutor {
  lastName: string | null;
  firstName: string | null;
  phone: string | null;
  email: string | null;
  role: string | null;
}

/** A learner's fiche de liaison entreprise for one period; null lists mean "inherited from the annex". */
export interface LiaisonSheet {
  assignmentId: number;
  periodId: number;
  learnerId: number;
  company: Company;
  tutor: Tutor;
  ownObjectives: string[] | null;
  ownTasks: string[] | null;
  updatedAt: string | null;
  /** The stored row's version, one more at each save: a save from an older read is refused. Absent outside the store. */
  version?: number;
}

/** The objectives and tasks that apply to a sheet: its own when individualised, else the annex's. */
export function effectiveObjectives(sheet: LiaisonSheet, period: Period): string[] {
  return sheet.ownObjectives ?? period.objectives;
}
export function effectiveTasks(sheet: LiaisonSheet, period: Period): string[] {
  return sheet.ownTasks ?? period.tasks;
}
export function isIndividualised(sheet: LiaisonSheet): boolean {
  return sheet.ownObjectives !== null || sheet.ownTasks !== null;
}

export function fullName(l: { firstName: string; lastName: string }): string {
  return `${l.firstName} ${l.lastName}`;
}
