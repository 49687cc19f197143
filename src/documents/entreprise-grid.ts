// The bilan entreprise: tasks carried out, competencies on the six-answer scale, engagement, for Période 2 and Autre.
import { frenchDate } from '../domain/dates.js';
import { UserError } from '../domain/errors.js';
import { defaultMeetingDate } from '../domain/evaluation.js';
import { noBilanEntrepriseReason } from '../domain/period-kinds.js';
import {
  LEVEL_LEGEND,
  box,
  fields,
  heading,
  levels,
  signatures,
  smallPrint,
  stars,
  ticks,
  title,
  type Block,
  type LevelRow,
} from './model.js';
import { companySection, footerLine, learnerSection, tasksByBlock, titleLines, trainerTitle, tutorName, referentContact, visitsLine } from './sections.js';
import type { EntrepriseGridView } from './views.js';

export const ENTREPRISE_TITLE = 'Bilan entreprise';

/** The grid, blank for the visit or filled in from a recorded evaluation; refuses a kind that has no bilan entreprise. */
export function entrepriseGrid(v: EntrepriseGridView): Block[] {
  const reason = noBilanEntrepriseReason(v.period.kind);
  if (reason) throw new UserError(`Pas de bilan entreprise pour ${v.period.name} : ${reason}.`);
  const e = v.evaluation;
  const done = new Set(e?.tasksDone ?? []);
  const trainer = trainerTitle(v.learner.status);

  const competencyRows: LevelRow[] = v.competencies.flatMap((c) => [
    { code: c.code, label: c.title, level: e?.levels[c.code] ?? null, depth: 0 as const },
    ...c.details.map((d) => ({ code: d.code, label: d.title, level: e?.levels[d.code] ?? null, depth: 1 as const })),
  ]);

  return [
    title(ENTREPRISE_TITLE, titleLines(v), footerLine('Bilan entreprise', v)),
    ...learnerSection(v),
    ...companySection(v),

    heading('Tâches réalisées sur la période'),
    smallPrint("Cocher les tâches mises en œuvre par l'apprenant."),
    ticks(
      tasksByBlock(v.tasks).map((g) => ({
        title: g.title,
        items: g.tasks.map((t) => ({ code: t.code, label: t.title, checked: done.has(t.code) })),
      })),
    ),

    heading('Compétences'),
    smallPrint(
      'Évaluer chaque compétence globalement ou par ses compétences détaillées (en retrait). ' +
        'Une compétence non mobilisée reçoit NE ou aucune réponse.',
    ),
    levels('Compétence', competencyRows),
    smallPrint(LEVEL_LEGEND),

    heading('Engagement'),
    stars(
      "Engagement de l'apprenant sur la période",
      e?.engagement ?? null,
      'De 1 étoile (engagement insuffisant) à 4 étoiles (engagement remarquable).',
    ),

    heading('Rencontre et commentaire'),
    fields([
      ['Date de la rencontre', frenchDate(e?.meetingDate ?? defaultMeetingDate(v.period))],
      ["Visites et échanges de l'enseignant", visitsLine(v.visits)],
    ]),
    box("Commentaire (appréciation ou conseil pour l'apprenant)", {
      text: e?.comment ?? undefined,
      lines: e?.comment ? 2 : 5,
    }),

    heading('Signatures'),
    signatures([
      { role: trainer, name: tutorName(v.tutor) ?? undefined },
      { role: 'Enseignant référent', name: v.referent.name ?? undefined, note: referentContact(v.referent) ?? undefined },
    ]),
  ];
}
