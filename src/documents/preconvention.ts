// The pre-convention: the learner's pedagogical annex to the placement agreement, pre-filled, with the fields to
// complete. Printed for a learner without a company too: it is what they take to companies while looking for one.
import { ageOn, frenchDate, periodLength } from '../domain/dates.js';
import { isMinorOn, minorWorkingTimeRule } from '../domain/minors.js';
import { evaluationTerms, periodKindInWords } from '../domain/period-kinds.js';
import { formatSiret } from '../domain/validation.js';
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
  companyAddress,
  footerLine,
  join,
  learnerTitle,
  statusLabel,
  tasksByBlock,
  titleLines,
  trainerTitle,
  visitsLine,
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
  const c = v.company;
  const tutor = join([v.tutor.firstName, v.tutor.lastName]);
  const blocks: Block[] = [
    title(PRECONVENTION_TITLE, titleLines(v), footerLine('Annexe pédagogique', v)),

    heading('1. Établissement et enseignant référent'),
    fields(
      [
        ['Établissement', v.school.name],
        ['UAI', v.school.uai],
        ['Adresse', v.school.address],
        ['Téléphone', v.school.phone],
        ["Chef d'établissement", v.school.head],
        ['Référent', v.referent.name],
        ['Tél. du référent', v.referent.phone],
        ['Courriel du référent', v.referent.email],
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
    fields([
      ['Nature', `${v.period.name} : ${periodKindInWords(v.period.kind)}`],
      ['Dates et durée', `du ${frenchDate(v.period.start)} au ${frenchDate(v.period.end)}, soit ${periodLength(v.period.start, v.period.end)}`],
    ]),

    heading(`4. Entreprise d'accueil et ${trainer.toLowerCase()}`),
  ];
  if (!c.name) blocks.push(smallPrint("Entreprise non encore trouvée : à compléter avec l'entreprise qui accueille l'élève."));
  blocks.push(
    fields(
      [
        ['Raison sociale', c.name],
        ['SIRET', c.siret ? formatSiret(c.siret) : null],
        ['Adresse', companyAddress(c)],
        ['Téléphone', c.phone],
        ["Secteur d'activité", c.sector],
        ['Signataire', c.signatory],
        [trainer, join([tutor, v.tutor.role], ', ')],
        ['Tél. / courriel', join([v.tutor.phone, v.tutor.email], ' ')],
      ],
      2,
    ),

    heading('5. Horaires journaliers'),
    weekSchedule(),
  );
  if (minor) {
    blocks.push(smallPrint(minorWorkingTimeRule(ageOn(v.learner.birthDate as string, v.period.start))));
  }

  const visits = visitsLine(v.visits);
  blocks.push(
    heading(`6. Modalités de concertation entre l'enseignant référent et le ${trainer.toLowerCase()}`),
    box('Visites, échanges téléphoniques ou en visio : dates prévues', { items: visits ? [visits] : [], lines: visits ? 0 : 1 }),

    heading('7. Objectifs et compétences visés'),
    v.objectives.length
      ? box('Objectifs de formation (à compléter ou modifier si besoin)', { items: v.objectives, lines: 0 })
      : box('Objectifs de formation', { lines: 3 }),
  );
  // A paragraph rather than a table: the list must leave the signatures on the second page.
  if (v.assessed.items.length) {
    blocks.push(paragraph(bold(`${v.assessed.caption} : `), v.assessed.items.map((i) => `${i.code} ${i.title}`).join(' ; ') + '.'));
  }

  blocks.push(heading('8. Activités prévues'));
  if (v.tasks.length) {
    const rows: Array<string[] | GroupRow> = [];
    for (const g of tasksByBlock(v.tasks)) {
      rows.push({ group: g.title });
      for (const t of g.tasks) rows.push([t.code, t.title]);
    }
    rows.push({ group: 'Autres activités prévues :' });
    blocks.push(table(['Code', 'Activité / tâche confiée'], rows, [12, 88]));
  } else {
    blocks.push(box('Activités et tâches confiées', { lines: 4 }));
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
      lines: 1,
    }),

    heading("10. Modalités d'évaluation"),
    paragraph(evaluationTerms(v.period.kind, trainer.toLowerCase())),

    heading('Signatures'),
    signatures([
      { role: "Pour l'établissement", name: v.school.head ?? undefined, note: "Le chef d'établissement" },
      { role: "Pour l'entreprise", name: c.signatory ?? undefined, note: 'Nom, qualité et cachet' },
      { role: trainer, name: tutor ?? undefined },
      { role: 'Enseignant référent', name: v.referent.name ?? undefined },
      { role: who === 'Élève' ? "L'élève" : "L'apprenti", name: `${v.learner.firstName} ${v.learner.lastName}` },
      ...(minor === false
        ? []
        : [{ role: 'Le représentant légal', note: minor ? `${who} mineur` : "Si l'élève est mineur" }]),
    ]),
  );
  return blocks;
}
