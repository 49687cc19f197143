// What `cpro print` produces: the documents of each selection, which ones a period kind has, and what each
// document needs from the liaison sheet before it can be printed.
import type { DocumentKind } from './filenames.js';
import type { LearnerStatus, LiaisonSheet } from './model.js';
import { completeness } from './liaison.js';
import { noBilanEntrepriseReason, type PeriodKind } from './period-kinds.js';
import { matchKey } from './text.js';

export const PRINT_SELECTIONS = ['preconventions', 'attestations', 'grilles', 'tout'] as const;
export type PrintSelection = (typeof PRINT_SELECTIONS)[number];

const SELECTION_WORDS = new Map<string, PrintSelection>([
  ...PRINT_SELECTIONS.map((s) => [s, s] as const),
  ['preconvention', 'preconventions'],
  ['annexe', 'preconventions'],
  ['annexes', 'preconventions'],
  ['attestation', 'attestations'],
  ['grille', 'grilles'],
  ['bilans', 'grilles'],
  ['tous', 'tout'],
]);

/** The selection as typed, ignoring case, accents, hyphens and a plural ("pré-conventions", "Grille"); null when unknown. */
export function parsePrintSelection(input: string): PrintSelection | null {
  return SELECTION_WORDS.get(matchKey(input)) ?? null;
}

export const DOCUMENT_FORMATS = ['docx', 'pdf'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
/** What `--format` accepts, as shown in help ("both" is still accepted from older scripts). */
export const FORMAT_CHOICES = ['docx', 'pdf', 'les-deux'] as const;
export type FormatChoice = 'docx' | 'pdf' | 'both';

/** `--format` as typed: docx, pdf, or « les deux » (les-deux, les deux, tous, both); null when unknown. */
export function parseFormatChoice(input: string): FormatChoice | null {
  const k = matchKey(input);
  if (k === 'docx' || k === 'pdf') return k;
  return ['lesdeux', 'deux', 'tous', 'both'].includes(k) ? 'both' : null;
}

export function formatsOf(choice: FormatChoice): DocumentFormat[] {
  return choice === 'both' ? ['docx', 'pdf'] : [choice];
}

/** Every document, in the order they are printed and listed. */
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['preconvention', 'attestation', 'bilan-attitudes', 'bilan-entreprise', 'grille-certificative'];

export const DOCUMENT_LABELS: Record<DocumentKind, string> = {
  preconvention: 'pré-convention',
  attestation: 'attestation de stage',
  'bilan-attitudes': 'bilan des attitudes',
  'bilan-entreprise': 'bilan entreprise',
  'grille-certificative': 'grille certificative',
};

const SELECTION: Record<PrintSelection, DocumentKind[]> = {
  preconventions: ['preconvention'],
  attestations: ['attestation'],
  grilles: ['bilan-attitudes', 'bilan-entreprise', 'grille-certificative'],
  tout: [...DOCUMENT_KINDS],
};

export interface SkippedDocument {
  document: DocumentKind;
  reason: string;
}

/** The documents of a selection that a period of this kind has, and the others with the reason (not an error). */
export function documentsForPeriod(selection: PrintSelection, kind: PeriodKind): { kinds: DocumentKind[]; skipped: SkippedDocument[] } {
  const kinds: DocumentKind[] = [];
  const skipped: SkippedDocument[] = [];
  const examPeriod = kind === 'E31' || kind === 'E33';
  for (const document of SELECTION[selection]) {
    // An exam period's certificative grid takes the place of the bilan entreprise: neither is "not produced".
    if (document === 'grille-certificative' && !examPeriod) continue;
    if (document === 'bilan-entreprise' && examPeriod) continue;
    const reason = document === 'bilan-entreprise' ? noBilanEntrepriseReason(kind) : null;
    if (reason) skipped.push({ document, reason });
    else kinds.push(document);
  }
  return { kinds, skipped };
}

/**
 * Why a learner's document cannot be printed yet, in French; null when it can. The pré-convention is what the
 * learner takes to companies while looking for a placement: it prints without a company, its company section
 * left to complete by hand. The other documents name the host company, so none is printed without one. Tutor
 * details left empty print as fields to complete by hand.
 */
export function missingForDocument(document: DocumentKind, sheet: LiaisonSheet | undefined): string | null {
  const noCompany = !sheet || !sheet.company.name?.trim();
  // A learner still looking for a placement takes a pré-convention whose company part is left to fill by hand; a
  // company that is named but half entered would print a half-filled pré-convention: refused.
  if (document !== 'preconvention') return noCompany ? "pas d'entreprise sur la fiche de liaison" : null;
  if (noCompany) return null;
  const missing = completeness(sheet).companyMissing;
  return missing.length ? `fiche de liaison incomplète, il manque : ${missing.join(', ')}` : null;
}

/** Why a document does not apply to a learner at all (not an error); null when it does. */
export function notForLearner(document: DocumentKind, status: LearnerStatus): string | null {
  if (status !== 'Apprenti') return null;
  if (document === 'preconvention') return "pas de pré-convention pour un apprenti : son contrat d'apprentissage en tient lieu";
  if (document === 'attestation') return "pas d'attestation de stage pour un apprenti : il est salarié, pas stagiaire";
  return null;
}
