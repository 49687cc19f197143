// Use cases reading periods back, in the stable shapes of `--json`.
import type { Period } from '../../domain/model.js';
import { isIndividualised } from '../../domain/model.js';
import { taskTitle } from '../../domain/referentiel.js';
import type { Store } from '../../store/store.js';
import { findReferentiel } from '../referentiels/referentiels.js';

export interface PeriodSummary {
  id: number;
  name: string;
  class: string;
  kind: string;
  start: string;
  end: string;
  bilanDate: string;
  learners: number;
}

export function periodSummaries(store: Store): PeriodSummary[] {
  return store.periods.list().map((p) => summary(store, p));
}

function summary(store: Store, p: Period): PeriodSummary {
  return {
    id: p.id,
    name: p.name,
    class: p.className,
    kind: p.kind,
    start: p.start,
    end: p.end,
    bilanDate: p.bilanDate,
    learners: store.periods.learnerCount(p.id),
  };
}

export function periodDetails(store: Store, p: Period) {
  const ref = findReferentiel(store, p.referentiel);
  const sheets = new Map(store.sheets.inPeriod(p.id).map((s) => [s.learnerId, s]));
  return {
    ...summary(store, p),
    referentiel: p.referentiel,
    objectives: p.objectives,
    tasks: p.tasks.map((code) => ({ code, title: (ref && taskTitle(ref, code)) ?? '' })),
    learners: store.learners.inPeriod(p.id).map((l) => ({
      id: l.id,
      ine: l.ine,
      lastName: l.lastName,
      firstName: l.firstName,
      status: l.status,
      individualised: sheets.has(l.id) ? isIndividualised(sheets.get(l.id)!) : false,
    })),
  };
}
