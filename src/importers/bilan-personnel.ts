// The bilans personnels CSV: one row per learner (INE, or Nom and Prénom), three cells holding one item per line.
import type { ColumnSpec } from './csv/header.js';
import type { CsvTable } from './csv/read.js';
import type { DataError } from '../domain/errors.js';
import { splitListCell, type BilanPersonnelContent } from '../domain/bilan-personnel.js';
import { cleanText } from '../domain/text.js';
import { normaliseIne } from '../domain/validation.js';

export type BilanPersonnelColumn = 'ine' | 'lastName' | 'firstName' | 'strengths' | 'improvements' | 'perspectives';

export const BILAN_PERSONNEL_COLUMNS: ColumnSpec<BilanPersonnelColumn>[] = [
  { key: 'ine', label: 'INE', aliases: ['N° INE', 'Numéro INE', 'ID national'] },
  { key: 'lastName', label: 'Nom', aliases: ["Nom de l'élève", "Nom de l'apprenant", 'Nom de famille'] },
  { key: 'firstName', label: 'Prénom', aliases: ["Prénom de l'élève", "Prénom de l'apprenant"] },
  { key: 'strengths', label: 'Points forts', aliases: ['Mes points forts'] },
  { key: 'improvements', label: 'Axes de progrès', aliases: ['Mes axes de progrès', 'Axes de progres', 'Axes d\'amélioration'] },
  {
    key: 'perspectives',
    label: 'Perspectives',
    aliases: ['Mes perspectives', 'Mes perspectives pour la prochaine PFMP', 'Perspectives pour la prochaine PFMP', 'Objectifs'],
  },
];

export interface BilanPersonnelRow extends BilanPersonnelContent {
  line: number;
  ine: string | null;
  lastName: string | null;
  firstName: string | null;
}

export function bilanPersonnelHeaderErrors(table: CsvTable<BilanPersonnelColumn>): DataError[] {
  const errors: DataError[] = [];
  if (!table.has('ine') && !(table.has('lastName') && table.has('firstName'))) {
    errors.push({ file: table.file, message: 'en-tête : colonnes « INE » ou « Nom » et « Prénom » absentes : impossible de reconnaître les apprenants' });
  }
  if (!table.has('strengths') && !table.has('improvements') && !table.has('perspectives')) {
    errors.push({ file: table.file, message: 'en-tête : aucune des colonnes « Points forts », « Axes de progrès », « Perspectives »' });
  }
  return errors;
}

export function validateBilanPersonnelRows(table: CsvTable<BilanPersonnelColumn>): { rows: BilanPersonnelRow[]; errors: DataError[] } {
  const rows: BilanPersonnelRow[] = [];
  const errors: DataError[] = [];
  for (const rec of table.records) {
    const get = (k: BilanPersonnelColumn) => table.get(rec.cells, k);
    const ine = get('ine') ? normaliseIne(get('ine')) : null;
    const lastName = cleanText(get('lastName')) || null;
    const firstName = cleanText(get('firstName')) || null;
    if (!ine && !(lastName && firstName)) {
      errors.push({ line: rec.line, column: table.has('ine') ? 'INE' : 'Nom', message: 'apprenant non identifié : INE, ou Nom et Prénom, obligatoires' });
      continue;
    }
    rows.push({
      line: rec.line,
      ine,
      lastName,
      firstName,
      strengths: splitListCell(get('strengths')),
      improvements: splitListCell(get('improvements')),
      perspectives: splitListCell(get('perspectives')),
    });
  }
  return { rows, errors };
}
