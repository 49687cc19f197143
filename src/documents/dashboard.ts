// The learner's dashboard as blocks: evaluations in chronological order, latest level and history of every
// competency and attitude, engagement. The chart of levels over time is added by render/pdf-chart.ts.
import { frenchDate, shortFrenchDate } from '../domain/dates.js';
import { columnsOf, type Dashboard, type DashboardRow } from '../domain/dashboard.js';
import { engagementStars, TYPE_LABELS, type EvaluationType } from '../domain/evaluation.js';
import {
  LEVEL_LEGEND,
  fields,
  heading,
  levels,
  paragraph,
  smallPrint,
  table,
  title,
  type Block,
  type GroupRow,
} from './model.js';

export const CHART_HEADING = 'Évolution des niveaux de compétence';

export function learnerLabel(d: Dashboard): string {
  return `${d.learner.firstName} ${d.learner.lastName}`;
}

/** Column caption of an evaluation in the history tables: "PFMP 2 — 27/06/2025". */
export function evaluationCaption(e: { period: string; meetingDate: string }): string {
  return `${e.period} — ${shortFrenchDate(e.meetingDate)}`;
}

export function dashboardBlocks(d: Dashboard, now: Date, withChart: boolean): Block[] {
  const who = learnerLabel(d);
  const blocks: Block[] = [
    title('Tableau de bord', [`${who} — ${d.learner.className}`, `Édité le ${frenchDate(now.toISOString().slice(0, 10))}`], `Tableau de bord — ${who} — ${d.learner.className}`),
    fields(
      [
        ['Nom', d.learner.lastName],
        ['Prénom', d.learner.firstName],
        ['Classe', d.learner.className],
        ['INE', d.learner.ine],
      ],
      2,
    ),
    heading('Évaluations, dans l\'ordre chronologique des rencontres'),
  ];
  if (d.evaluations.length === 0) blocks.push(paragraph('Aucune évaluation enregistrée.'));
  else {
    blocks.push(
      table(
        ['Date de rencontre', 'Période', 'Bilan', 'Engagement', 'État'],
        d.evaluations.map((e) => [
          shortFrenchDate(e.meetingDate),
          `${e.period} (${e.kind})`,
          TYPE_LABELS[e.type],
          engagementStars(e.engagement),
          e.locked ? 'verrouillé' : '',
        ]),
        [16, 28, 30, 14, 12],
      ),
    );
  }
  if (d.periodsWithoutEvaluation.length) {
    blocks.push(smallPrint(`Sans évaluation : ${d.periodsWithoutEvaluation.join(', ')}.`));
  }
  blocks.push(...section(d, 'entreprise', 'Compétences', d.competencies));
  blocks.push(...section(d, 'attitudes', 'Attitudes professionnelles', d.attitudes));
  blocks.push(smallPrint(LEVEL_LEGEND + ' Dernier niveau : la réponse 4 à 0 la plus récente (NE seulement à défaut).'));
  if (withChart && d.competencies.some((r) => r.history.length)) blocks.push(heading(CHART_HEADING));
  return blocks;
}

function section(d: Dashboard, type: EvaluationType, caption: string, rows: DashboardRow[]): Block[] {
  const evaluated = rows.filter((r) => r.history.length);
  const columns = columnsOf(d, type);
  if (columns.length === 0) return [heading(caption), paragraph(`Aucun ${TYPE_LABELS[type]} enregistré.`)];
  const out: Block[] = [
    heading(`${caption} — dernier niveau`),
    levels(
      caption,
      rows.map((r) => ({ code: r.code, label: r.title, level: r.latest?.level ?? null, depth: r.parent ? 1 : 0 })),
    ),
  ];
  if (evaluated.length) {
    const body: Array<string[] | GroupRow> = rows.map((r) => [
      r.code,
      ...columns.map(([i]) => r.history.find((h) => h.evaluation === i)?.level ?? ''),
    ]);
    out.push(
      heading(`${caption} — historique`),
      table(['Code', ...columns.map(([, e]) => evaluationCaption(e))], body, [12, ...columns.map(() => 88 / columns.length)]),
    );
  }
  return out;
}
