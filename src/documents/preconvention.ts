// The pre-convention: the learner's pedagogical annex to the placement agreement, pre-filled, with the fields to complete.
import { ageOn, frenchDate } from '../domain/dates.js';
import { isMinorOn, minorWorkingTimeRule } from '../domain/minors.js';
import { evaluationTerms } from '../domain/period-kinds.js';
import {
  bold,
  box,
  fields,
  heading,
  paragraph,
  signatures,
  smallPrint,
  table,
  title,
  weekSchedule,
  type Block,
  type GroupRow,
} from './model.js';
import {
  companySection,
  footerLine,
  learnerTitle,
  statusLabel,
  tasksByBlock,
  titleLines,
  trainerTitle,
} from './sections.js';
import type { PreconventionView } from './views.js';

export const PRECONVENTION_TITLE = 'Annexe pédagogique — pré-convention';

function minorField(v: PreconventionView, minor: boolean | null): string {
  if (minor === null) return 'date de naissance inconnue : à vérifier';
  const age = ageOn(v.learner.birthDate as string, v.period.start);
  return minor ? `Oui (${age} ans le ${frenchDate(v.period.start)})` : 'Non';
}

export function preconvention(v: PreconventionView): Block[] {
  const minor = isMinorOn(v.learner.birthDate, v.period.start);
  const trainer = trainerTitle(v.learner.status);
  const who = learnerTitle(v.learner.status);
  const blocks: Block[] = [
    title(PRECONVENTION_TITLE, titleLines(v), footerLine('Annexe pédagogique', v)),

    heading('1. Établissement'),
    fields(
      [
        ['Établissement', v.school.name],
        ['UAI', v.school.uai],
        ['Adresse', v.school.address],
        ["Chef d'établissement", v.school.head],
      ],
      2,
    ),

    heading(`2. ${who}`),
    fields(
      [
        ['Nom', v.learner.lastName],
        ['Prénom', v.learner.firstName],
        ['Classe', v.learner.className],
        ['Statut', statusLabel(v.learner.status)],
        ['Date de naissance', v.learner.birthDate ? frenchDate(v.learner.birthDate) : null],
        ['Mineur au début de la période', minorField(v, minor)],
      ],
      2,
    ),

    heading('3. Période en entreprise'),
    fields(
      [
        ['Période', v.period.name],
        ['Type', v.period.kind],
        ['Du', frenchDate(v.period.start)],
        ['Au', frenchDate(v.period.end)],
      ],
      2,
    ),

    ...companySection(v, `4. Entreprise d'accueil et ${trainer.toLowerCase()}`),

    heading('5. Horaires journaliers'),
    weekSchedule(),
  ];
  if (minor) {
    blocks.push(smallPrint(minorWorkingTimeRule(ageOn(v.learner.birthDate as string, v.period.start))));
  }

  blocks.push(
    heading(`6. Modalités de concertation entre enseignant(s) et ${trainer.toLowerCase()}`),
    box('Visites, échanges téléphoniques ou par courriel, dates prévues', { lines: 4 }),

    heading('7. Objectifs et compétences visés'),
    v.objectives.length
      ? box('Objectifs de formation (à compléter ou modifier si besoin)', { items: v.objectives, lines: 2 })
      : box('Objectifs de formation', { lines: 4 }),

    heading('8. Activités prévues'),
  );
  if (v.tasks.length) {
    const rows: Array<string[] | GroupRow> = [];
    for (const g of tasksByBlock(v.tasks)) {
      rows.push({ group: g.title });
      for (const t of g.tasks) rows.push([t.code, t.title]);
    }
    blocks.push(table(['Code', 'Activité / tâche confiée'], rows, [12, 88]));
    blocks.push(box('Autres activités prévues', { lines: 2 }));
  } else {
    blocks.push(box('Activités et tâches confiées', { lines: 5 }));
  }

  blocks.push(heading('9. Travaux et équipements soumis à dérogation'));
  if (minor !== false) {
    blocks.push(
      paragraph(
        bold(minor ? `${who} mineur au début de la période : ` : "Si l'élève est mineur : "),
        "les travaux interdits aux mineurs (travaux réglementés) ne peuvent lui être confiés qu'après la déclaration " +
          "de dérogation de l'établissement auprès de l'inspection du travail pour le lieu d'accueil, valable trois ans " +
          '(code du travail, art. R4153-38 à R4153-52).',
      ),
    );
  }
  blocks.push(
    box('Travaux réglementés et équipements concernés ; date de la déclaration de dérogation', {
      lines: minor === false ? 2 : 4,
    }),

    heading("10. Modalités d'évaluation"),
    box('Modalités prévues (à compléter si besoin)', { text: evaluationTerms(v.period.kind), lines: 2 }),

    heading('Signatures'),
    signatures([
      { role: "Pour l'établissement", name: v.school.head ?? undefined, note: "Le chef d'établissement" },
      { role: "Pour l'entreprise", note: 'Nom, qualité et cachet' },
      { role: who === 'Élève' ? "L'élève" : "L'apprenti", name: `${v.learner.firstName} ${v.learner.lastName}` },
      ...(minor === false
        ? []
        : [{ role: 'Le représentant légal', note: minor ? `${who} mineur` : "Si l'élève est mineur" }]),
    ]),
  );
  return blocks;
}
