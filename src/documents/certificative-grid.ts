// The certificative grid of an exam unit (E31, E33): its criteria on the unit's scale, filled jointly at the end of
// the period; one column per answer of the scale, the recorded one marked.
import { frenchDate } from '../domain/dates.js';
import { box, fields, heading, paragraph, signatures, smallPrint, table, title, type Block } from './model.js';
import { companySection, footerLine, learnerSection, titleLines, trainerTitle, tutorName } from './sections.js';
import type { CertificativeGridView } from './views.js';

export const CERTIFICATIVE_TITLE = 'Grille certificative';

export function certificativeGrid(v: CertificativeGridView): Block[] {
  const e = v.evaluation;
  const trainer = trainerTitle(v.learner.status);
  const scaleWidths = v.scale.map(() => 0.8);
  return [
    title(`${CERTIFICATIVE_TITLE} ${v.unit.code}`, [v.unit.title, ...titleLines(v)], footerLine(`Grille certificative ${v.unit.code}`, v)),
    ...(v.unit.draft ? [smallPrint('Grille de travail (brouillon) : critères et échelle à vérifier avec le règlement d\'examen du diplôme.')] : []),
    ...learnerSection(v),
    ...companySection(v),

    heading(`Critères d'évaluation — épreuve ${v.unit.code}`),
    table(
      ['Code', 'Critère', ...v.scale.map((st) => st.code)],
      v.criteria.map((c) => [c.code, c.title, ...v.scale.map((st) => (e?.levels[c.code] === st.code ? 'X' : ''))]),
      [1.2, 6, ...scaleWidths],
    ),
    smallPrint(`Échelle : ${v.scale.map((st) => `${st.code} : ${st.title}`).join(' ; ')}. Une seule case par critère ; sans case cochée : non évalué.`),

    heading('Appréciation'),
    box('', { text: e?.comment ?? undefined, lines: e?.comment ? 2 : 4 }),
    fields([['Date de l\'évaluation', e?.meetingDate ? frenchDate(e.meetingDate) : null]]),
    paragraph('Évaluation conduite conjointement par le tuteur et l\'enseignant, à l\'issue de la période en milieu professionnel.'),

    heading('Signatures'),
    signatures([
      { role: trainer, name: tutorName(v.tutor) ?? undefined },
      { role: 'Enseignant référent' },
    ]),
  ];
}
