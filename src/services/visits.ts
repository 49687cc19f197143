// The teacher's visits of a period: planning and recording them, and their view for documents and status.
import type { VisitView } from '../documents/views.js';
import type { Store } from '../store/store.js';

/** Each assignment's visits, in date order. */
export function visitsOf(store: Store, periodId: number): Map<number, VisitView[]> {
  const out = new Map<number, VisitView[]>();
  for (const v of store.visits.inPeriod(periodId)) {
    const list = out.get(v.assignmentId) ?? [];
    list.push({ date: v.date, mode: v.mode, done: v.done, who: v.who });
    out.set(v.assignmentId, list);
  }
  return out;
}
