// What `cpro print` produces: the documents of each selection, which ones a period kind has, and what each
// document needs from the liaison sheet before it can be printed.
import type { DocumentKind } from './filenames.js';
import { completeness } from './liaison.js';
import type { LiaisonSheet } from './model.js';
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
export const FORMAT_CHOICES = ['docx', 'pdf', 'both'] as const;
export type FormatChoice = (typeof FORMAT_CHOICES)[number];

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
 * Why a learner's document cannot be printed yet, in French; null when it can. Every document names the host
 * company, so none is printed without one. The pré-convention is the annex of the agreement with that company:
 * it also needs the company's address (as `cpro liaison status` counts it). Tutor details left empty print as
 * fields to complete by hand.
 */
export function missingForDocument(document: DocumentKind, sheet: LiaisonSheet | undefined): string | null {
  if (!sheet || !sheet.company.name?.trim()) return "pas d'entreprise sur la fiche de liaison";
  if (document !== 'preconvention') return null;
  const missing = completeness(sheet).companyMissing;
  return missing.length ? `fiche de liaison incomplète, il manque : ${missing.join(', ')}` : null;
}
