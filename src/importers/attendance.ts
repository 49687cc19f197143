// The absences CSV: one absence a line (learner by INE or Nom and Prénom, date, hours or half-day, reason).
import type { ColumnSpec } from './csv/header.js';
import type { CsvTable } from './csv/read.js';
import type { DataError } from '../domain/errors.js';
import { parseDate } from '../domain/dates.js';
import { cleanText } from '../domain/text.js';
import { normaliseIne } from '../domain/validation.js';
import { parseHours } from '../domain/attendance.js';

export type AbsenceColumn = 'period' | 'ine' | 'lastName' | 'firstName' | 'date' | 'hours' | 'halfDay' | 'reason';

export const ABSENCE_COLUMNS: ColumnSpec<AbsenceColumn>[] = [
  { key: 'period', label: 'Période', aliases: ['PFMP', 'Nom de la période'] },
  { key: 'ine', label: 'INE', aliases: ['N° INE', 'Numéro INE', 'ID national'] },
  { key: 'lastName', label: 'Nom', aliases: ["Nom de l'élève", "Nom de l'apprenant", 'Nom de famille'] },
  { key: 'firstName', label: 'Prénom', aliases: ["Prénom de l'élève", "Prénom de l'apprenant"] },
  { key: 'date', label: 'Date', aliases: ["Date de l'absence", 'Jour'], required: true },
  { key: 'hours', label: 'Heures', aliases: ["Heures d'absence", 'Nombre d\'heures', 'Durée'] },
  { key: 'halfDay', label: 'Demi-journée', aliases: ['Demi journée', 'Demi-journee'] },
  { key: 'reason', label: 'Motif', aliases: ['Raison', 'Commentaire'] },
];

export interface AbsenceRow {
  line: number;
  period: string | null;
  ine: string | null;
  lastName: string | null;
  firstName: string | null;
  date: string;
  hours: number | null;
  halfDay: boolean;
  reason: string | null;
}

export function absenceHeaderErrors(table: CsvTable<AbsenceColumn>, periodGiven: boolean): DataError[] {
  const errors: DataError[] = [];
  if (!table.has('ine') && !(table.has('lastName') && table.has('firstName'))) {
    errors.push({ file: table.file, message: 'en-tête : colonnes « INE » ou « Nom » et « Prénom » absentes : impossible de reconnaître les apprenants' });
  }
  if (!periodGiven && !table.has('period')) {
    errors.push({ file: table.file, message: 'en-tête : colonne « Période » absente : ajoutez-la ou donnez --period' });
  }
  return errors;
}

const YES = new Set(['oui', 'o', 'x', '1', 'vrai', 'yes', 'true']);
const NO = new Set(['', 'non', 'n', '0', 'faux', 'no', 'false']);

export function validateAbsenceRows(table: CsvTable<AbsenceColumn>): { rows: AbsenceRow[]; errors: DataError[] } {
  const rows: AbsenceRow[] = [];
  const errors: DataError[] = [];
  for (const rec of table.records) {
    const get = (k: AbsenceColumn) => table.get(rec.cells, k);
    const before = errors.length;
    const ine = get('ine') ? normaliseIne(get('ine')) : null;
    const lastName = cleanText(get('lastName')) || null;
    const firstName = cleanText(get('firstName')) || null;
    if (!ine && !(lastName && firstName)) {
      errors.push({ line: rec.line, column: table.has('ine') ? 'INE' : 'Nom', message: 'apprenant non identifié : INE, ou Nom et Prénom, obligatoires' });
    }
    const date = parseDate(get('date'));
    if (!date) errors.push({ line: rec.line, column: 'Date', message: get('date') ? `date invalide « ${get('date')} » (attendu JJ/MM/AAAA)` : 'date manquante' });
    const hours = parseHours(get('hours'));
    if (hours !== null && !(hours > 0 && hours <= 24)) {
      errors.push({ line: rec.line, column: 'Heures', message: `nombre d'heures invalide « ${get('hours')} » (attendu un nombre d'heures, par exemple 3 ou 3,5)` });
    }
    const half = get('halfDay').toLowerCase();
    if (!YES.has(half) && !NO.has(half)) errors.push({ line: rec.line, column: 'Demi-journée', message: `valeur « ${get('halfDay')} » invalide (oui ou non)` });
    const halfDay = YES.has(half);
    if (halfDay && hours !== null) errors.push({ line: rec.line, column: 'Heures', message: 'une absence est soit une demi-journée, soit un nombre d\'heures, pas les deux' });
    if (errors.length > before) continue;
    rows.push({
      line: rec.line,
      period: cleanText(get('period')) || null,
      ine,
      lastName,
      firstName,
      date: date!,
      hours,
      halfDay,
      reason: cleanText(get('reason')) || null,
    });
  }
  return { rows, errors };
}
