// The bilan des attitudes professionnelles: filled in by the tutor at the end of every period, on the six-answer scale.
import { frenchDate } from '../domain/dates.js';
import {
  LEVEL_LEGEND,
  box,
  fields,
  heading,
  levels,
  signatures,
  smallPrint,
  title,
  type Block,
} from './model.js';
import { companySection, footerLine, learnerSection, referentContact, titleLines, trainerTitle, tutorName, visitsLine } from './sections.js';
import type { AttitudesGridView } from './views.js';

export const ATTITUDES_TITLE = 'Bilan des attitudes professionnelles';

export function attitudesGrid(v: AttitudesGridView): Block[] {
  const e = v.evaluation;
  const trainer = trainerTitle(v.learner.status);
  return [
    title(ATTITUDES_TITLE, titleLines(v), footerLine('Bilan des attitudes', v)),
    ...learnerSection(v),
    ...companySection(v),

    heading('Attitudes professionnelles'),
    levels(
      'Attitude observée sur la période',
      v.attitudes.map((a) => ({ label: a.title, level: e?.levels[a.code] ?? null, depth: 0 as const })),
    ),
    smallPrint(LEVEL_LEGEND),

    heading(`Appréciation du ${trainer.toLowerCase()}`),
    box('', { text: e?.comment ?? undefined, lines: e?.comment ? 2 : 4 }),
    fields([
      ['Date du bilan', e?.date ? frenchDate(e.date) : null],
      ["Visites et échanges de l'enseignant", visitsLine(v.visits)],
    ]),

    heading('Signatures'),
    signatures([
      { role: trainer, name: tutorName(v.tutor) ?? undefined },
      { role: 'Enseignant référent', name: v.referent.name ?? undefined, note: referentContact(v.referent) ?? undefined },
    ]),
  ];
}
