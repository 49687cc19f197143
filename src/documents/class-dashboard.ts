// The class's tableau de bord for a period, as blocks: one row per learner, each bilan at a glance.
import { engagementStars } from '../domain/evaluation.js';
import type { ClassDashboard } from '../domain/class-dashboard.js';
import { LEVEL_LEGEND, heading, smallPrint, table, title, type Block } from './model.js';

export function classDashboardBlocks(d: ClassDashboard): Block[] {
  const name = (r: ClassDashboard['rows'][number]) => `${r.learner.lastName} ${r.learner.firstName}`;
  const blocks: Block[] = [
    title(`Tableau de bord — ${d.period.name}`, [`Classe ${d.period.class} — ${d.period.kind}`], `Tableau de bord — ${d.period.class} — ${d.period.name}`),
    heading('Attitudes professionnelles'),
    table(
      ['Apprenant', ...d.attitudeCodes],
      d.rows.map((r) => [name(r), ...d.attitudeCodes.map((c) => (r.attitudes ? r.attitudes[c] || '—' : ''))]),
      [30, ...d.attitudeCodes.map(() => 7)],
    ),
  ];
  if (d.competencyCodes.length) {
    blocks.push(
      heading('Bilan entreprise'),
      table(
        ['Apprenant', ...d.competencyCodes, 'Engagement'],
        d.rows.map((r) => [
          name(r),
          ...d.competencyCodes.map((c) => (r.competencies ? r.competencies[c] || '—' : '')),
          r.engagement ? engagementStars(r.engagement) : '',
        ]),
        [30, ...d.competencyCodes.map(() => 7), 12],
      ),
    );
  }
  blocks.push(smallPrint(`${LEVEL_LEGEND} Case vide : bilan non enregistré ; « — » : sans réponse.`));
  return blocks;
}
