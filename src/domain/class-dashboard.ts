// The class's tableau de bord for one period: one row per learner, each bilan at a glance.
import type { Evaluation, Level } from './evaluation.js';
import type { Referentiel } from './referentiel.js';

export interface ClassDashboardRow {
  learner: { id: number; lastName: string; firstName: string };
  /** Per attitude code, the answer; null when the bilan des attitudes is not recorded. */
  attitudes: Record<string, Level | ''> | null;
  /** Per competency code, the answer, or its detailed answers joined by « / »; null when no bilan entreprise. */
  competencies: Record<string, string> | null;
  engagement: number | null;
  bilanPersonnel: boolean;
}

export interface ClassDashboard {
  period: { id: number; name: string; class: string; kind: string };
  attitudeCodes: string[];
  competencyCodes: string[];
  rows: ClassDashboardRow[];
}

/** A competency's answer as one cell: its own level, else its detailed ones (« 4/3 »), else ''. */
export function competencyCell(ref: Referentiel, code: string, e: Evaluation): string {
  const own = e.levels[code];
  if (own) return own;
  const c = ref.competencies.find((x) => x.code === code);
  const details: string[] = (c?.details ?? []).map((d) => e.levels[d.code] ?? '-');
  return details.some((x) => x !== '-') ? details.join('/') : '';
}

export function classRow(
  ref: Referentiel,
  learner: ClassDashboardRow['learner'],
  attitudes: Evaluation | undefined,
  entreprise: Evaluation | undefined,
  bilanPersonnel: boolean,
): ClassDashboardRow {
  return {
    learner,
    attitudes: attitudes ? Object.fromEntries(ref.attitudes.map((a) => [a.code, attitudes.levels[a.code] ?? ''])) : null,
    competencies: entreprise ? Object.fromEntries(ref.competencies.map((c) => [c.code, competencyCell(ref, c.code, entreprise)])) : null,
    engagement: entreprise?.engagement ?? null,
    bilanPersonnel,
  };
}

/** The class's results as one wide table, one row per learner (for a spreadsheet): header, then rows. */
export function classResultsTable(d: ClassDashboard): { header: string[]; rows: string[][] } {
  const header = ['Nom', 'Prénom', ...d.attitudeCodes, ...d.competencyCodes, ...(d.competencyCodes.length ? ['Engagement'] : []), 'Bilan personnel'];
  const rows = d.rows.map((r) => [
    r.learner.lastName,
    r.learner.firstName,
    ...d.attitudeCodes.map((c) => (r.attitudes ? r.attitudes[c] || '' : '')),
    ...d.competencyCodes.map((c) => (r.competencies ? r.competencies[c] || '' : '')),
    ...(d.competencyCodes.length ? [r.engagement ? String(r.engagement) : ''] : []),
    r.bilanPersonnel ? 'oui' : 'non',
  ]);
  return { header, rows };
}
