// The attestation de stage (code de l'éducation, D.124-9): effective total duration and total gratification paid.
import { frenchDate } from '../domain/dates.js';
import { frenchDay } from '../domain/tutor-state.js';
import { formatHours } from '../domain/attendance.js';
import {
  fields,
  heading,
  paragraph,
  signatures,
  smallPrint,
  title,
  type Block,
} from './model.js';
import { companyAddress, footerLine, learnerTitle, titleLines, trainerTitle, tutorName } from './sections.js';
import type { AttestationView } from './views.js';

export const ATTESTATION_TITLE = 'Attestation de stage';

export function attestation(v: AttestationView): Block[] {
  const h = v.host ?? null;
  const who = learnerTitle(v.learner.status).toLowerCase();
  return [
    title(
      ATTESTATION_TITLE,
      [
        "Attestation de présence en milieu professionnel — article D.124-9 du code de l'éducation",
        ...titleLines(v),
      ],
      footerLine('Attestation de stage', v),
    ),

    heading("L'organisme d'accueil"),
    fields([
      ['Raison sociale', v.company.name],
      ['Adresse du lieu de la période', companyAddress(v.company)],
      ['Adresse du siège (si différente)', h ? (h.headOffice ?? 'identique') : null],
      ["Nom et qualité du représentant de l'entreprise", h?.representative ?? null],
    ]),

    heading(`Atteste que l'${who}`),
    fields([
      ['Nom et prénom', `${v.learner.lastName} ${v.learner.firstName}`],
      ['Date de naissance', v.learner.birthDate ? frenchDate(v.learner.birthDate) : null],
      [`Adresse personnelle de l'${who}`, null],
      ['Classe et établissement', [v.learner.className, v.school.name].filter(Boolean).join(' — ')],
      ['Diplôme préparé', v.diploma],
    ]),

    heading('A effectué une période de formation en milieu professionnel'),
    fields([
      ['Période', v.period.name],
      ['Dates', `du ${frenchDate(v.period.start)} au ${frenchDate(v.period.end)}`],
      [trainerTitle(v.learner.status), tutorName(v.tutor)],
      // The confirmed attendance counts first; before it, what the host stated through the portal; else blank.
      ['Durée effective totale, en heures',
        v.effectiveHours != null ? `${formatHours(v.effectiveHours)} heures` : h ? `${formatHours(h.hours)} heures` : null],
      ['Montant total de la gratification versée', h?.gratification ?? (v.gratificationDue === false ? 'néant' : null)],
    ]),
    ...(v.gratificationDue ? [paragraph(gratificationDueNote(v.gratificationHourlyMinimum ?? null))] : []),
    smallPrint(
      "Durée : chaque période d'au moins 7 heures de présence, consécutives ou non, compte pour un jour, et chaque " +
        "période d'au moins 22 jours de présence pour un mois (art. D.124-6 du code de l'éducation). Gratification : " +
        'due au-delà de deux mois de présence au cours de la même année scolaire (art. L.124-6) ; sinon, indiquer « néant ».',
    ),
    paragraph(
      "La présente attestation est délivrée par l'organisme d'accueil à l'issue de la période ; elle mentionne la " +
        'durée effective totale de la période et, le cas échéant, le montant total de la gratification versée.',
    ),

    fields(
      [
        ['Fait à', h?.place ?? null],
        ['Le', h ? frenchDate(frenchDay(h.updatedAt)) : null],
      ],
      2,
    ),
    signatures([
      { role: "Pour l'organisme d'accueil", note: 'Nom, qualité, signature et cachet du représentant', dated: false },
    ]),
  ];
}

/** The gratification is due: said on the attestation, with the legal hourly minimum when the scales give one. */
function gratificationDueNote(hourlyMinimum: number | null): string {
  return (
    "Gratification due : la présence de l'élève dans l'organisme d'accueil dépasse deux mois (plus de 44 jours de 7 heures) " +
    'au cours de cette année scolaire (art. L.124-6 du code de l\'éducation)' +
    (hourlyMinimum !== null ? ` ; minimum légal : ${hourlyMinimum.toFixed(2).replace('.', ',')} € par heure de présence.` : '.')
  );
}
