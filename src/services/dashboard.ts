// Use case: a learner's dashboard, from every evaluation of every period they were assigned to.
import { buildDashboard, type Dashboard, type DashboardSource } from '../domain/dashboard.js';
import type { Store } from '../store/store.js';
import { getReferentiel } from './referentiels.js';
import { resolveLearner } from './resolve.js';
import { writePrivateFile } from './private-fs.js';

export function learnerDashboard(store: Store, learnerRef: string): Dashboard {
  const learner = resolveLearner(store, learnerRef);
  const evaluations = store.evaluations.ofLearner(learner.id);
  const sources: DashboardSource[] = store.evaluations.assignmentsOfLearner(learner.id).map((a) => {
    const period = store.periods.get(a.periodId)!;
    return {
      period,
      referentiel: getReferentiel(store, period.referentiel),
      evaluations: evaluations.filter((e) => e.assignmentId === a.id),
      latestBilanIntermediaire: store.bilansIntermediaires.latest(period.classId),
    };
  });
  const { id, lastName, firstName, className, ine } = learner;
  return buildDashboard({ id, lastName, firstName, className, ine }, sources);
}

/** Writes the dashboard's PDF (pdfmake and the fonts are loaded only here). */
export async function writeDashboardPdf(dashboard: Dashboard, file: string, now = new Date()): Promise<void> {
  const { dashboardPdf } = await import('../documents/render/pdf-chart.js');
  const bytes = await dashboardPdf(dashboard, now);
  writePrivateFile(file, bytes, { replace: true }); // a link at `file` is refused; system errors are French in main.ts
}
