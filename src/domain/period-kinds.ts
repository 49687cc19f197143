// Period kinds and what each one produces (user guide: "Période 1" has no bilan entreprise, E31/E33 neither).
import { matchKey } from './text.js';

export const PERIOD_KINDS = ['Période 1', 'Période 2', 'Autre', 'E31', 'E33'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

const BY_KEY = new Map(PERIOD_KINDS.map((k) => [matchKey(k), k]));

/** Matches a kind ignoring case, accents and spacing ("periode 2", "PÉRIODE-2"); null when unknown. */
export function parsePeriodKind(input: string): PeriodKind | null {
  return BY_KEY.get(matchKey(input)) ?? null;
}

/** Whether a kind is evaluated by a bilan entreprise (competencies) besides the attitudes. */
export function hasBilanEntreprise(kind: PeriodKind): boolean {
  return noBilanEntrepriseReason(kind) === null;
}

/** Why a kind has no bilan entreprise, in French; null when it has one. */
export function noBilanEntrepriseReason(kind: PeriodKind): string | null {
  if (kind === 'Période 1') {
    return "une « Période 1 » est évaluée sur les seules attitudes professionnelles : pas de bilan entreprise";
  }
  if (kind === 'E31' || kind === 'E33') {
    return `une période ${kind} est rattachée à une épreuve d'examen : une grille certificative remplace le bilan entreprise`;
  }
  return null;
}

/** What a period is, in words a company understands (not « Type : Période 2 »). */
export function periodKindInWords(kind: PeriodKind): string {
  switch (kind) {
    case 'Période 1':
      return 'période de formation en milieu professionnel (PFMP) de découverte du métier';
    case 'Période 2':
      return "période de formation en milieu professionnel (PFMP) d'approfondissement des compétences";
    case 'Autre':
      return 'période de formation en milieu professionnel (PFMP)';
    case 'E31':
    case 'E33':
      return `période de formation en milieu professionnel (PFMP) support de l'épreuve d'examen ${kind}`;
  }
}

/** The "modalités d'évaluation" text of the pre-convention, by kind. */
export function evaluationTerms(kind: PeriodKind, trainer = 'tuteur'): string {
  switch (kind) {
    case 'Période 1':
      return `Bilan des attitudes professionnelles renseigné par le ${trainer} en fin de période, complété par l'enseignant référent.`;
    case 'Période 2':
    case 'Autre':
      return `Bilan des attitudes professionnelles et bilan entreprise des compétences mobilisées, renseignés conjointement par l'enseignant référent et le ${trainer} en fin de période (niveaux 4 à 0 ou NE).`;
    case 'E31':
    case 'E33':
      return `Évaluation certificative de l'épreuve ${kind} conformément au règlement d'examen du diplôme préparé, et bilan des attitudes professionnelles.`;
  }
}
