// Use case: export portfolios to documents. Store → view model → blocks (documents/portfolio.ts) → the renderer the
// command loaded (DOCX or PDF) → one file per learner, readable by its owner only.
import { loadRenderer } from '../../documents/render/load.js';
import { join, resolve } from 'node:path';
import { UserError } from '../../domain/errors.js';
import { safeFileName, uniqueName } from '../../domain/filenames.js';
import type { Learner, Period } from '../../domain/model.js';
import { activitiesForExport, type CompanyPresentation, type StoredPortfolio } from '../../domain/portfolio.js';
import { portfolioDocument, type PortfolioView } from '../../documents/portfolio.js';
import type { Store } from '../../store/store.js';
import { ensurePrivateDir, periodDocumentsDir, writePrivateFile } from '../shared/private-fs.js';
import { resolveLearner, resolvePeriod } from '../shared/resolve.js';
import { portfolioToYaml } from '../../importers/portfolio.js';

export type PortfolioFormat = 'docx' | 'pdf' | 'yaml';

export interface PortfolioExportOptions {
  period: string;
  learner?: string;
  format: PortfolioFormat;
  /** Every maintenance activity, not only the ones the learner selected. */
  all?: boolean;
  /** Output folder; by default the period's documents folder. */
  out?: string;
  cwd?: string;
  onStart?: (total: number) => void;
  onFile?: (learner: Learner) => void;
}

export interface PortfolioExportReport {
  period: { id: number; name: string; class: string };
  format: PortfolioFormat;
  folder: string;
  files: Array<{ learner: { id: number; lastName: string; firstName: string }; file: string; activities: number }>;
  /** Learners of the period with no portfolio (nothing written for them). */
  withoutPortfolio: Array<{ id: number; lastName: string; firstName: string }>;
}

/** The learner's presentation, with the liaison sheet's company data where the learner left a field empty. */
async function mergedCompany(store: Store, p: StoredPortfolio): Promise<CompanyPresentation> {
  const c = p.content.company;
  const sheet = await store.sheets.get(p.assignmentId);
  const s = sheet?.company;
  return {
    ...c,
    name: c.name ?? s?.name ?? null,
    sector: c.sector ?? s?.sector ?? null,
    address: c.address ?? s?.address ?? null,
    postalCode: c.postalCode ?? s?.postalCode ?? null,
    city: c.city ?? s?.city ?? null,
    phone: c.phone ?? s?.phone ?? null,
  };
}

/** The bilan personnel of the assignment, from the evaluations store (issue 6), or null when not written. */
async function bilanPersonnelOf(store: Store, assignmentId: number): Promise<PortfolioView['bilanPersonnel']> {
  const b = await store.evaluations.getBilanPersonnel(assignmentId);
  if (!b || b.strengths.length + b.improvements.length + b.perspectives.length === 0) return null;
  return { strengths: b.strengths, improvements: b.improvements, perspectives: b.perspectives };
}

export async function portfolioView(store: Store, period: Period, learner: Learner, p: StoredPortfolio, all: boolean): Promise<PortfolioView> {
  const sheet = await store.sheets.get(p.assignmentId);
  const t = sheet?.tutor;
  const tutorName = [t?.firstName, t?.lastName].filter(Boolean).join(' ') || null;
  return {
    learner: { lastName: learner.lastName, firstName: learner.firstName, className: learner.className },
    period: { name: period.name, start: period.start, end: period.end },
    school: (await store.config.get('etablissement.nom')) ?? null,
    company: await mergedCompany(store, p),
    tutor: { name: tutorName, role: t?.role ?? null, phone: t?.phone ?? null, email: t?.email ?? null },
    orgChart: p.content.orgChart,
    weeks: p.content.weeks,
    activities: activitiesForExport(p.content, all),
    allActivities: all,
    activityCount: p.content.activities.length,
    annexes: p.content.annexes,
    bilanPersonnel: await bilanPersonnelOf(store, p.assignmentId),
    comments: (await store.portfolios.comments(p.id)).map((c) => ({ author: c.author, text: c.text, createdAt: c.createdAt, authorRole: c.authorRole })),
  };
}

/** "Portfolio - PFMP 2 - Aline ACCARDO": the user guide's way of naming a learner's document of a period. */
export function portfolioFileBase(periodName: string, l: Pick<Learner, 'firstName' | 'lastName'>): string {
  return safeFileName(`Portfolio - ${periodName} - ${l.firstName} ${l.lastName}`);
}

export async function exportPortfolios(store: Store, opts: PortfolioExportOptions): Promise<PortfolioExportReport> {
  const period = await resolvePeriod(store, opts.period);
  const cwd = opts.cwd ?? process.cwd();
  const folder = opts.out ? resolve(cwd, opts.out) : periodDocumentsDir(cwd, period.name);
  const learners = opts.learner ? [await resolveLearner(store, opts.learner, period.id)] : await store.learners.inPeriod(period.id);
  const portfolios = new Map((await store.portfolios.inPeriod(period.id)).map((p) => [p.learnerId, p]));
  const todo = learners.filter((l) => portfolios.has(l.id));
  const without = learners.filter((l) => !portfolios.has(l.id));
  if (opts.learner && !todo.length) {
    const l = learners[0];
    throw new UserError(
      `${l.firstName} ${l.lastName} n'a pas de portfolio pour la période « ${period.name} » ` +
        `(importez son fichier : cpro portfolio import <fichier> --period "${period.name}")`,
    );
  }
  if (!todo.length) throw new UserError(`aucun portfolio importé pour la période « ${period.name} » (${period.className})`);

  ensurePrivateDir(folder);
  const render = opts.format === 'yaml' ? undefined : await loadRenderer(opts.format);
  const taken = new Set<string>();
  const report: PortfolioExportReport = {
    period: { id: period.id, name: period.name, class: period.className },
    format: opts.format,
    folder,
    files: [],
    withoutPortfolio: without.map((l) => ({ id: l.id, lastName: l.lastName, firstName: l.firstName })),
  };
  opts.onStart?.(todo.length);
  for (const learner of todo) {
    const view = await portfolioView(store, period, learner, portfolios.get(learner.id)!, !!opts.all);
    const base = uniqueName(portfolioFileBase(period.name, learner), taken);
    const file = join(folder, `${base}.${opts.format}`);
    // A new export regenerates the period's documents (the YAML file and its annexes included).
    if (opts.format === 'yaml') {
      const pf = portfolios.get(learner.id)!;
      writePrivateFile(file, portfolioToYaml(pf.content, learner, period.name), { replace: true });
      const annexes = await store.learnerSpace.annexes(pf.assignmentId);
      if (annexes.length) ensurePrivateDir(join(folder, `${base} - annexes`));
      for (const a of annexes) {
        writePrivateFile(join(folder, `${base} - annexes`, a.fileName), (await store.learnerSpace.annex(pf.assignmentId, a.id))!.content, { replace: true });
      }
    } else {
      writePrivateFile(file, await render!(portfolioDocument(view)), { replace: true });
    }
    report.files.push({
      learner: { id: learner.id, lastName: learner.lastName, firstName: learner.firstName },
      file,
      activities: view.activities.length,
    });
    opts.onFile?.(learner);
  }
  return report;
}
