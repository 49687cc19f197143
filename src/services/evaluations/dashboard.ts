// Use case: a learner's tableau de bord, from every evaluation of every period they were assigned to.
import { csvDocument } from '../../domain/csv-safety.js';
import { buildDashboard, type Dashboard, type DashboardSource } from '../../domain/dashboard.js';
import type { Store } from '../../store/store.js';
import { getReferentiel } from '../referentiels/referentiels.js';
import { resolveLearner, resolvePeriod } from '../shared/resolve.js';
import { writePrivateFile } from '../shared/private-fs.js';
import { classResultsTable, classRow, type ClassDashboard } from '../../domain/class-dashboard.js';
import { hasBilanEntreprise } from '../../domain/period-kinds.js';

/** `validatedOnly`: the learner's own view, where a tutor's draft is not shown until validated. */
export async function learnerDashboard(store: Store, learnerRef: string, opts: { validatedOnly?: boolean } = {}): Promise<Dashboard> {
  const learner = await resolveLearner(store, learnerRef);
  const evaluations = (await store.evaluations.ofLearner(learner.id)).filter((e) => !opts.validatedOnly || e.provenance?.status !== 'draft');
  const sources: DashboardSource[] = [];
  for (const a of await store.evaluations.assignmentsOfLearner(learner.id)) {
    const period = (await store.periods.get(a.periodId))!;
    sources.push({
      period,
      referentiel: await getReferentiel(store, period.referentiel),
      evaluations: evaluations.filter((e) => e.assignmentId === a.id),
      latestBilanIntermediaire: await store.bilansIntermediaires.latest(period.classId),
    });
  }
  const { id, lastName, firstName, className, ine } = learner;
  return buildDashboard({ id, lastName, firstName, className, ine }, sources);
}

/** Writes the dashboard's PDF (pdfmake and the fonts are loaded only here). */
export async function writeDashboardPdf(dashboard: Dashboard, file: string, now = new Date()): Promise<void> {
  const { dashboardPdf } = await import('../../documents/render/pdf-chart.js');
  const bytes = await dashboardPdf(dashboard, now);
  writePrivateFile(file, bytes, { replace: true }); // a link at `file` is refused; system errors are French in main.ts
}

/** The class's tableau de bord for a period: one row per learner, their bilans at a glance. */
export async function classDashboard(store: Store, periodRef: string | undefined): Promise<ClassDashboard> {
  const period = await resolvePeriod(store, periodRef);
  const ref = await getReferentiel(store, period.referentiel);
  const byAssignment = async (type: 'attitudes' | 'entreprise') => new Map((await store.evaluations.inPeriod(period.id, type)).map((e) => [e.assignmentId, e]));
  const attitudes = await byAssignment('attitudes');
  const entreprise = await byAssignment('entreprise');
  const hasEntreprise = hasBilanEntreprise(period.kind);
  const rows: ClassDashboard['rows'] = [];
  for (const l of await store.learners.inPeriod(period.id)) {
    const id = (await store.periods.assignmentId(period.id, l.id))!;
    rows.push(classRow(ref, { id: l.id, lastName: l.lastName, firstName: l.firstName }, attitudes.get(id), entreprise.get(id), !!(await store.evaluations.getBilanPersonnel(id))));
  }
  return {
    period: { id: period.id, name: period.name, class: period.className, kind: period.kind },
    attitudeCodes: ref.attitudes.map((a) => a.code),
    competencyCodes: hasEntreprise ? ref.competencies.map((c) => c.code) : [],
    rows,
  };
}

/** Writes the class dashboard as a PDF table (the layout kit's PDF renderer, loaded only here). */
export async function writeClassDashboardPdf(d: ClassDashboard, file: string): Promise<void> {
  const { classDashboardBlocks } = await import('../../documents/class-dashboard.js');
  const { renderPdf } = await import('../../documents/render/pdf.js');
  const bytes = await renderPdf(classDashboardBlocks(d));
  writePrivateFile(file, bytes, { replace: true }); // a link at `file` is refused; system errors are French in main.ts
}

/** Writes the class's results as a wide CSV (one row per learner), refusing to replace a file without `force`. */
export function writeClassResultsCsv(d: ClassDashboard, file: string, force: boolean): void {
  const { header, rows } = classResultsTable(d);
  writePrivateFile(file, csvDocument(header, rows), { force });
}
