// How services name a period or a learner in their results (and in --json): the same small shapes everywhere.
import type { Learner, Period } from '../../domain/model.js';

export interface PeriodRef {
  id: number;
  name: string;
  class: string;
}

export interface LearnerRef {
  id: number;
  lastName: string;
  firstName: string;
}

export const periodRef = (p: Period): PeriodRef => ({ id: p.id, name: p.name, class: p.className });
export const learnerRef = (l: Learner): LearnerRef => ({ id: l.id, lastName: l.lastName, firstName: l.firstName });
