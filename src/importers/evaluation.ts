// The evaluations CSV (one row per learner, one column per competency, sub-competency or attitude code): columns
// built from the référentiel, the type the header implies, and the validation of each row into typed cells.
import type { ColumnSpec } from './csv/header.js';
import type { CsvTable } from './csv/read.js';
import type { DataError } from '../domain/errors.js';
import { parseSpreadsheetDate } from '../domain/dates.js';
import {
  LEVEL_CHOICES_TEXT,
  CERTIFICATIVE_TYPES,
  TYPE_LABELS,
  evaluationItems,
  parseEngagement,
  parseLevel,
  type EvaluationType,
  type Level,
} from '../domain/evaluation.js';
import { splitTaskCodes, unknownTaskCodes, type Referentiel } from '../domain/referentiel.js';
import { agree, cleanText } from '../domain/text.js';
import { looksLikeFormula } from '../domain/csv-safety.js';
import { normaliseIne } from '../domain/validation.js';

type FixedColumn = 'ine' | 'lastName' | 'firstName' | 'tasks' | 'engagement' | 'meetingDate' | 'comment';
export type EvaluationColumn = FixedColumn | `code:${string}`;

const FIXED: ColumnSpec<FixedColumn>[] = [
  { key: 'ine', label: 'INE', aliases: ['N° INE', 'Numéro INE', 'ID national'] },
  { key: 'lastName', label: 'Nom', aliases: ["Nom de l'élève", "Nom de l'apprenant", 'Nom de famille'] },
  { key: 'firstName', label: 'Prénom', aliases: ["Prénom de l'élève", "Prénom de l'apprenant"] },
  { key: 'tasks', label: 'Tâches', aliases: ['Taches', 'Tâches réalisées', 'Activités', 'Tâches mises en œuvre'] },
  { key: 'engagement', label: 'Engagement', aliases: ['Engagement (1 à 4)', 'Étoiles'] },
  { key: 'meetingDate', label: 'Date de rencontre', aliases: ['Date', 'Date rencontre', 'Date de la rencontre', 'Date du bilan'] },
  { key: 'comment', label: 'Commentaire', aliases: ['Commentaires', 'Appréciation'] },
];

/** The header of an export of a type, in the order the importer documents it. */
export function evaluationHeader(ref: Referentiel, type: EvaluationType): string[] {
  // The title beside each code, so that a teacher filling the grid in a spreadsheet knows what C2.3.2 or AT7
  // is; the import reads « C2.3.2 Titre » as the code's column.
  const codes = evaluationItems(ref, type).map((i) => `${i.code} ${i.title}`);
  return type === 'entreprise'
    ? ['INE', 'Nom', 'Prénom', ...codes, 'Tâches', 'Engagement', 'Date de rencontre', 'Commentaire']
    : ['INE', 'Nom', 'Prénom', ...codes, 'Date de rencontre', 'Commentaire'];
}

/** Every column the file may have: the fixed ones, and every competency and attitude code of the référentiel. */
export function evaluationColumns(ref: Referentiel): ColumnSpec<EvaluationColumn>[] {
  const codes = [...evaluationItems(ref, 'entreprise'), ...evaluationItems(ref, 'attitudes'), ...CERTIFICATIVE_TYPES.flatMap((t) => evaluationItems(ref, t))];
  return [...FIXED, ...codes.map((i) => ({ key: `code:${i.code}` as const, label: i.code, aliases: [`${i.code} ${i.title}`] }))];
}

/** A header cell that looks like a référentiel code (C2.1, C1.1.2, AT11, A1T3): refused by name when unknown. */
const CODE_LIKE = /^[A-Za-z]{1,3}\d+(?:[.\-_]\d+)*(?:[A-Za-z]\d+)?$/;

export interface HeaderAnalysis {
  type: EvaluationType | null;
  errors: DataError[];
  warnings: string[];
}

/**
 * What the header says: the type (forced or implied by its code columns), how learners are identified, and the
 * columns that do not belong to that type or that the référentiel does not know, each refused by name.
 */
export function analyseHeader(table: CsvTable<EvaluationColumn>, ref: Referentiel, forced?: EvaluationType): HeaderAnalysis {
  const errors: DataError[] = [];
  const warnings: string[] = [];
  const err = (message: string, column?: string) => errors.push({ file: table.file, column, message: `en-tête : ${message}` });
  if (!table.has('ine') && !(table.has('lastName') && table.has('firstName'))) {
    err('colonnes « INE » ou « Nom » et « Prénom » absentes : impossible de reconnaître les apprenants');
  }
  const present = (type: EvaluationType) => evaluationItems(ref, type).filter((i) => table.has(`code:${i.code}`)).map((i) => i.code);
  const competencies = present('entreprise');
  const attitudes = present('attitudes');
  const entrepriseOnly = (['tasks', 'engagement'] as const).filter((k) => table.has(k)).map((k) => (k === 'tasks' ? 'Tâches' : 'Engagement'));

  const criteria = CERTIFICATIVE_TYPES.map((t) => [t, present(t)] as const).filter(([, codes]) => codes.length);
  let type: EvaluationType | null = forced ?? null;
  if (!type && criteria.length) {
    // A certificative grid: the criteria of one exam unit, nothing of the bilans.
    const others = [...competencies, ...attitudes, ...entrepriseOnly];
    if (criteria.length > 1 || others.length) {
      err(
        `le fichier mêle les critères de la ${TYPE_LABELS[criteria[0][0]]} (${criteria[0][1].slice(0, 3).join(', ')}…) et ` +
          `${criteria.length > 1 ? `ceux de la ${TYPE_LABELS[criteria[1][0]]}` : `d'autres colonnes (${others.slice(0, 3).join(', ')})`} : un fichier par grille`,
      );
    } else type = criteria[0][0];
  } else if (!type) {
    if ((competencies.length || entrepriseOnly.length) && attitudes.length) {
      err(
        `le fichier mêle compétences (${competencies.concat(entrepriseOnly).slice(0, 3).join(', ')}…) et attitudes ` +
          `(${attitudes.slice(0, 3).join(', ')}…) : un fichier par bilan, ou précisez --type entreprise|attitudes`,
      );
    } else if (competencies.length || entrepriseOnly.length) type = 'entreprise';
    else if (attitudes.length) type = 'attitudes';
    else {
      err(
        `aucune colonne de compétence ni d'attitude du référentiel ${ref.code} ` +
          `(par exemple ${evaluationItems(ref, 'entreprise')[0]?.code ?? 'C1.1'} ou ${evaluationItems(ref, 'attitudes')[0]?.code ?? 'AT1'})`,
      );
    }
  }
  if (type === 'attitudes') {
    for (const c of competencies) err(`la colonne « ${c} » est une compétence : elle n'a pas sa place dans un ${TYPE_LABELS.attitudes}`, c);
    for (const c of entrepriseOnly) err(`la colonne « ${c} » appartient au bilan entreprise, pas au ${TYPE_LABELS.attitudes}`, c);
  }
  if (type === 'entreprise' && forced) {
    for (const c of attitudes) err(`la colonne « ${c} » est une attitude : elle n'a pas sa place dans un ${TYPE_LABELS.entreprise}`, c);
  }
  if (type && forced) {
    for (const [unit, codes] of criteria) {
      if (unit !== type) for (const c of codes) err(`la colonne « ${c} » est un critère de la ${TYPE_LABELS[unit]} : elle n'a pas sa place ici`, c);
    }
  }
  const unknownCodes = table.unknownColumns.filter((c) => CODE_LIKE.test(c.trim()));
  for (const c of unknownCodes) {
    err(`code « ${c} » inconnu du référentiel ${ref.code} (voir « cpro referentiel show »)`, c);
  }
  const ignored = table.unknownColumns.filter((c) => !CODE_LIKE.test(c.trim()));
  if (ignored.length) {
    warnings.push(`${agree(ignored.length, 'colonne inconnue ignorée', 'colonnes inconnues ignorées')} : ${ignored.map((c) => `« ${c} »`).join(', ')}`);
  }
  return { type, errors, warnings };
}

/** One validated row. A field is undefined when its column is absent: the recorded value is then kept. */
export interface EvaluationRow {
  line: number;
  ine: string | null;
  lastName: string | null;
  firstName: string | null;
  /** Answers of the code columns present; null is an empty cell (no answer). */
  levels: Map<string, Level | null>;
  tasks?: string[];
  engagement?: number | null;
  /** null: empty cell, the period's last day. */
  meetingDate?: string | null;
  comment?: string | null;
  /** Every evaluation cell of the row is empty. */
  blank: boolean;
}

/** Validates every row, collecting every error with its line and column. */
export function validateEvaluationRows(
  table: CsvTable<EvaluationColumn>,
  ref: Referentiel,
  type: EvaluationType,
): { rows: EvaluationRow[]; errors: DataError[]; warnings: DataError[] } {
  const rows: EvaluationRow[] = [];
  const errors: DataError[] = [];
  const warnings: DataError[] = [];
  const items = evaluationItems(ref, type).filter((i) => table.has(`code:${i.code}`));
  for (const rec of table.records) {
    const line = rec.line;
    const get = (k: EvaluationColumn) => table.get(rec.cells, k);
    const err = (column: string, message: string) => errors.push({ line, column, message });
    const before = errors.length;

    const ine = get('ine') ? normaliseIne(get('ine')) : null;
    const lastName = cleanText(get('lastName')) || null;
    const firstName = cleanText(get('firstName')) || null;
    if (!ine && !(lastName && firstName)) err(table.has('ine') ? 'INE' : 'Nom', "apprenant non identifié : INE, ou Nom et Prénom, obligatoires");

    const levels = new Map<string, Level | null>();
    for (const item of items) {
      const raw = get(`code:${item.code}`);
      const level = parseLevel(raw);
      if (level === undefined) err(item.code, `réponse « ${raw} » invalide pour ${item.code} (valeurs possibles : ${LEVEL_CHOICES_TEXT})`);
      else levels.set(item.code, level);
    }
    if (type === 'entreprise') {
      for (const c of items.filter((i) => i.details.length)) {
        const detailed = c.details.filter((d) => levels.get(d));
        if (levels.get(c.code) && detailed.length) {
          err(c.code, `${c.code} est évaluée à la fois globalement et par compétences détaillées (${detailed.join(', ')}) : videz l'un ou l'autre`);
        }
      }
    }

    const row: EvaluationRow = { line, ine, lastName, firstName, levels, blank: true };
    if (table.has('tasks')) {
      const tasks = [...new Set(splitTaskCodes(get('tasks')))];
      const unknown = unknownTaskCodes(ref, tasks);
      if (unknown.length) {
        err('Tâches', `${agree(unknown.length, 'code de tâche inconnu', 'codes de tâche inconnus')} ` +
          `${unknown.map((c) => `« ${c} »`).join(', ')} (référentiel ${ref.code})`);
      }
      row.tasks = tasks;
    }
    if (table.has('engagement')) {
      const raw = get('engagement');
      const engagement = parseEngagement(raw);
      if (engagement === undefined) err('Engagement', `engagement « ${raw} » invalide (de 1 à 4 étoiles, ou vide)`);
      else row.engagement = engagement;
    }
    if (table.has('meetingDate')) {
      const raw = get('meetingDate');
      const date = raw ? parseSpreadsheetDate(raw) : null;
      if (raw && !date) err('Date de rencontre', `date invalide « ${raw} » (formats acceptés : jj/mm/aaaa ou aaaa-mm-jj)`);
      else row.meetingDate = date?.iso ?? null;
      if (date?.understood) warnings.push({ line, column: 'Date de rencontre', message: `« ${raw.trim()} » lu comme le ${date.understood}` });
    }
    if (table.has('comment')) row.comment = unneutralise(table.get(rec.cells, 'comment')).replace(/\r\n?/g, '\n').trim() || null;

    if (errors.length > before) continue;
    // Tasks alone are not a bilan: the export pre-fills them from the liaison sheet for a grid still to fill.
    row.blank =
      [...levels.values()].every((l) => l === null) &&
      !row.engagement &&
      !row.meetingDate &&
      !row.comment;
    rows.push(row);
  }
  return { rows, errors, warnings };
}

/** Undoes the export's formula neutralisation ("'-à revoir" → "-à revoir"), so that export → import round-trips. */
function unneutralise(cell: string): string {
  return cell.startsWith("'") && looksLikeFormula(cell.slice(1)) ? cell.slice(1) : cell;
}
