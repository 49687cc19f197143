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

export async function periodSummaries(store: Store): Promise<PeriodSummary[]> {
  const out: PeriodSummary[] = [];
  for (const p of await store.periods.list()) out.push(await summary(store, p));
  return out;
}

async function summary(store: Store, p: Period): Promise<PeriodSummary> {
  return {
    id: p.id,
    name: p.name,
    class: p.className,
    kind: p.kind,
    start: p.start,
    end: p.end,
    bilanDate: p.bilanDate,
    learners: await store.periods.learnerCount(p.id),
  };
}

export async function periodDetails(store: Store, p: Period) {
  const ref = await findReferentiel(store, p.referentiel);
  const sheets = new Map((await store.sheets.inPeriod(p.id)).map((s) => [s.learnerId, s]));
  return {
    ...(await summary(store, p)),
    referentiel: p.referentiel,
    objectives: p.objectives,
    tasks: p.tasks.map((code) => ({ code, title: (ref && taskTitle(ref, code)) ?? '' })),
    learners: (await store.learners.inPeriod(p.id)).map((l) => ({
      id: l.id,
      ine: l.ine,
      lastName: l.lastName,
      firstName: l.firstName,
      status: l.status,
      individualised: sheets.has(l.id) ? isIndividualised(sheets.get(l.id)!) : false,
    })),
  };
}
