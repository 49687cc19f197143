// The teacher's visits of a period: planning and recording them, and their view for documents and status.
import type { VisitView } from '../../documents/views.js';
import { parseSpreadsheetDate, shortFrenchDate } from '../../domain/dates.js';
import { UsageError, UserError } from '../../domain/errors.js';
import { VISIT_MODES, parseVisitMode, type VisitMode } from '../../domain/visits.js';
import type { Store } from '../../store/store.js';
import { locatePlacement } from '../evaluations/evaluations.js';
import { resolvePeriod } from '../shared/resolve.js';

/** Each assignment's visits, in date order. */
export async function visitsOf(store: Store, periodId: number): Promise<Map<number, VisitView[]>> {
  const out = new Map<number, VisitView[]>();
  for (const v of await store.visits.inPeriod(periodId)) {
    const list = out.get(v.assignmentId) ?? [];
    list.push({ date: v.date, mode: v.mode, done: v.done, who: v.who });
    out.set(v.assignmentId, list);
  }
  return out;
}

export interface VisitRequest {
  period: string;
  learner: string;
  /** As typed: jj/mm/aaaa or aaaa-mm-jj. */
  date: string;
  mode: string;
  who?: string;
  note?: string;
  /** true: a visit that took place (recorded); false: planned. */
  done: boolean;
  now?: () => Date;
}

export interface VisitReport {
  period: { id: number; name: string; class: string };
  learner: { id: number; lastName: string; firstName: string };
  visit: { date: string; mode: VisitMode; done: boolean; who: string | null };
  change: 'created' | 'updated' | 'unchanged';
}

/**
 * Plans a visit, or records one that took place. Recording a visit that was planned for that date and mode marks
 * it done rather than adding a second one; planning or recording the same visit twice changes nothing.
 */
export async function saveVisit(store: Store, req: VisitRequest): Promise<VisitReport> {
  const mode = parseVisitMode(req.mode);
  if (!mode) throw new UsageError(`mode de visite inconnu « ${req.mode} » (valeurs possibles : ${VISIT_MODES.join(', ')})`);
  const date = parseSpreadsheetDate(req.date)?.iso;
  if (!date) throw new UsageError(`date invalide « ${req.date} » (formats acceptés : jj/mm/aaaa ou aaaa-mm-jj)`);
  const p = await locatePlacement(store, req.period, req.learner);
  if (date < p.period.start || date > p.period.end) {
    throw new UserError(
      `la date du ${shortFrenchDate(date)} est hors de la période « ${p.period.name} » (du ${shortFrenchDate(p.period.start)} au ${shortFrenchDate(p.period.end)})`,
    );
  }
  const who = req.who?.trim() || (await store.config.get('enseignant.nom'))?.trim() || null;
  const note = req.note?.trim() || null;
  const same = (await store.visits.ofAssignment(p.assignmentId)).find((v) => v.date === date && v.mode === mode);
  let change: VisitReport['change'];
  if (!same) {
    await store.visits.add({ assignmentId: p.assignmentId, date, mode, done: req.done, who, note }, (req.now?.() ?? new Date()).toISOString());
    change = 'created';
  } else if (same.done === req.done && same.who === who && (note === null || same.note === note)) {
    change = 'unchanged';
  } else {
    await store.visits.update({ ...same, done: req.done || same.done, who, note: note ?? same.note });
    change = 'updated';
  }
  return {
    period: { id: p.period.id, name: p.period.name, class: p.period.className },
    learner: { id: p.learner.id, lastName: p.learner.lastName, firstName: p.learner.firstName },
    visit: { date, mode, done: req.done || !!same?.done, who },
    change,
  };
}

export interface VisitListReport {
  period: { id: number; name: string; class: string };
  learners: Array<{ learner: { id: number; lastName: string; firstName: string }; visits: VisitView[] }>;
}

export async function listVisits(store: Store, periodRef: string): Promise<VisitListReport> {
  const period = await resolvePeriod(store, periodRef);
  const byAssignment = await visitsOf(store, period.id);
  const learners: VisitListReport['learners'] = [];
  for (const l of await store.learners.inPeriod(period.id)) {
    learners.push({
      learner: { id: l.id, lastName: l.lastName, firstName: l.firstName },
      visits: byAssignment.get((await store.periods.assignmentId(period.id, l.id))!) ?? [],
    });
  }
  return {
    period: { id: period.id, name: period.name, class: period.className },
    learners,
  };
}
