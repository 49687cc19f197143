// The bulk liaison-sheet CSV: columns, and the validation of each row into a typed LiaisonRow.
import type { ColumnSpec } from './csv/header.js';
import type { CsvTable } from './csv/read.js';
import type { DataError } from '../domain/errors.js';
import { LIAISON_FIELDS, normaliseFieldValue, type LiaisonField } from '../domain/liaison.js';
import { cleanText } from '../domain/text.js';
import { normaliseIne } from '../domain/validation.js';

type FieldColumn =
  | 'companyName' | 'companyAddress' | 'companyPostalCode' | 'companyCity' | 'companySector' | 'companyPhone'
  | 'companySiret' | 'companySignatory'
  | 'tutorLastName' | 'tutorFirstName' | 'tutorPhone' | 'tutorEmail' | 'tutorRole';
export type LiaisonColumn = 'period' | 'class' | 'ine' | 'lastName' | 'firstName' | FieldColumn;

const FIELD_COLUMNS: Array<ColumnSpec<FieldColumn> & { fieldKey: string }> = [
  { key: 'companyName', fieldKey: 'entreprise.nom', label: 'Raison sociale', aliases: ['Entreprise', "Nom de l'entreprise", 'Raison sociale / Nom de l\'entreprise', 'Organisme d\'accueil'] },
  { key: 'companyAddress', fieldKey: 'entreprise.adresse', label: 'Adresse', aliases: ["Adresse de l'entreprise", 'Adresse entreprise'] },
  { key: 'companyPostalCode', fieldKey: 'entreprise.codePostal', label: 'Code postal', aliases: ['CP', 'Code postal entreprise'] },
  { key: 'companyCity', fieldKey: 'entreprise.ville', label: 'Ville', aliases: ['Commune', 'Ville entreprise'] },
  { key: 'companySector', fieldKey: 'entreprise.secteur', label: 'Secteur', aliases: ["Secteur d'activité", "Secteur d'activité de l'entreprise"] },
  { key: 'companyPhone', fieldKey: 'entreprise.telephone', label: 'Téléphone entreprise', aliases: ["Tél. de l'entreprise", 'Tél entreprise', "Téléphone de l'entreprise"] },
  { key: 'companySiret', fieldKey: 'entreprise.siret', label: 'SIRET', aliases: ['N° SIRET', 'Numéro SIRET', 'SIRET entreprise'] },
  { key: 'companySignatory', fieldKey: 'entreprise.signataire', label: 'Signataire', aliases: ['Signataire de la convention', "Représentant de l'entreprise", 'Représentant'] },
  { key: 'tutorLastName', fieldKey: 'tuteur.nom', label: 'Nom tuteur', aliases: ['Nom du tuteur', "Nom du maître d'apprentissage"] },
  { key: 'tutorFirstName', fieldKey: 'tuteur.prenom', label: 'Prénom tuteur', aliases: ['Prénom du tuteur', "Prénom du maître d'apprentissage"] },
  { key: 'tutorPhone', fieldKey: 'tuteur.telephone', label: 'Téléphone tuteur', aliases: ['Tél. du tuteur', 'Tél tuteur', 'Téléphone du tuteur'] },
  { key: 'tutorEmail', fieldKey: 'tuteur.courriel', label: 'Courriel tuteur', aliases: ['Courriel du tuteur', 'Email tuteur', 'E-mail tuteur', 'Mail tuteur', 'Adresse mail du tuteur'] },
  { key: 'tutorRole', fieldKey: 'tuteur.fonction', label: 'Fonction tuteur', aliases: ['Fonction du tuteur'] },
];

export const LIAISON_COLUMNS: ColumnSpec<LiaisonColumn>[] = [
  { key: 'period', label: 'Période', aliases: ['Nom de la période', 'Période de formation'], required: true },
  { key: 'class', label: 'Classe', aliases: ['Division'] },
  { key: 'ine', label: 'INE', aliases: ['N° INE', 'Numéro INE', 'ID national'] },
  { key: 'lastName', label: 'Nom', aliases: ["Nom de l'élève", "Nom de l'apprenant"] },
  { key: 'firstName', label: 'Prénom', aliases: ["Prénom de l'élève", "Prénom de l'apprenant"] },
  ...FIELD_COLUMNS.map(({ fieldKey: _k, ...spec }) => spec),
];

const FIELD_OF = new Map(
  FIELD_COLUMNS.map((c) => [c.key, LIAISON_FIELDS.find((f) => f.key === c.fieldKey)!] as const),
);
const LABEL = Object.fromEntries(LIAISON_COLUMNS.map((c) => [c.key, c.label])) as Record<LiaisonColumn, string>;

export interface LiaisonRow {
  line: number;
  period: string;
  className: string | null;
  ine: string | null;
  lastName: string | null;
  firstName: string | null;
  /** Only the non-empty cells: an empty cell leaves the sheet's value as it is. */
  values: Array<{ field: LiaisonField; value: string }>;
}

/** Header-level problems: how learners are identified, and whether any sheet column is present. */
export function liaisonHeaderErrors(table: CsvTable<LiaisonColumn>): DataError[] {
  const errors: DataError[] = [];
  if (!table.has('ine') && !(table.has('lastName') && table.has('firstName'))) {
    errors.push({ file: table.file, message: 'en-tête : colonnes « INE » ou « Nom » et « Prénom » absentes : impossible de reconnaître les apprenants' });
  }
  if (!FIELD_COLUMNS.some((c) => table.has(c.key))) {
    errors.push({
      file: table.file,
      message: `en-tête : aucune colonne de fiche de liaison (colonnes reconnues : ${FIELD_COLUMNS.map((c) => `« ${c.label} »`).join(', ')})`,
    });
  }
  return errors;
}

/**
 * Validates every row, collecting every error with its line and column. Rows that say which sheet they fill are
 * returned even when some of their cells are invalid (only the valid cells are kept): the errors stop the import.
 */
export function validateLiaisonRows(table: CsvTable<LiaisonColumn>): { rows: LiaisonRow[]; errors: DataError[]; warnings: DataError[] } {
  const rows: LiaisonRow[] = [];
  const errors: DataError[] = [];
  const warnings: DataError[] = [];
  for (const rec of table.records) {
    const line = rec.line;
    const get = (k: LiaisonColumn) => table.get(rec.cells, k);
    const err = (k: LiaisonColumn, message: string) => errors.push({ line, column: LABEL[k], message });

    const period = cleanText(get('period'));
    if (!period) err('period', 'valeur obligatoire manquante');
    const ine = get('ine') ? normaliseIne(get('ine')) : null;
    const lastName = cleanText(get('lastName')) || null;
    const firstName = cleanText(get('firstName')) || null;
    const identified = !!ine || !!(lastName && firstName);
    if (!identified) err(table.has('ine') ? 'ine' : 'lastName', "apprenant non identifié : indiquez l'INE, ou le nom et le prénom");
    const values: LiaisonRow['values'] = [];
    for (const [col, field] of FIELD_OF) {
      let raw = get(col);
      if (!raw) continue;
      // A spreadsheet reads "01000" as the number 1000 and saves it so: the leading zero is put back.
      if (field.kind === 'postalCode' && /^\d{4}$/.test(raw.trim())) {
        const restored = `0${raw.trim()}`;
        warnings.push({ line, column: LABEL[col], message: `code postal « ${raw.trim()} » lu comme « ${restored} » (zéro initial retiré par le tableur)` });
        raw = restored;
      }
      const r = normaliseFieldValue(field, raw);
      if ('error' in r) err(col, r.error);
      else if (r.value !== null) values.push({ field, value: r.value });
    }
    // A row with bad cells but a known sheet still takes part in the plan, so that a duplicate of it is reported too.
    if (!period || !identified) continue;
    rows.push({ line, period, className: cleanText(get('class')) || null, ine, lastName, firstName, values });
  }
  return { rows, errors, warnings };
}
