// The annex export: columns, and the validation of each row into a typed AnnexRow (read → parse → validate).
import type { ColumnSpec } from './csv/header.js';
import type { CsvTable } from './csv/read.js';
import type { DataError } from '../domain/errors.js';
import { parseSpreadsheetDate } from '../domain/dates.js';
import { periodDateErrors } from '../domain/period-rules.js';
import { PERIOD_KINDS, parsePeriodKind, type PeriodKind } from '../domain/period-kinds.js';
import { splitObjectives, splitTaskCodes, unknownTaskCodes, type Referentiel } from '../domain/referentiel.js';
import { agree, collapseSpaces } from '../domain/text.js';
import { isValidEmail, normaliseIne, parseStatus } from '../domain/validation.js';
import type { LearnerStatus } from '../domain/model.js';

export type AnnexColumn =
  | 'period' | 'kind' | 'class' | 'start' | 'end' | 'lastName' | 'firstName' | 'ine' | 'birthDate'
  | 'email' | 'status' | 'objectives' | 'tasks' | 'bilanDate';

export const ANNEX_COLUMNS: ColumnSpec<AnnexColumn>[] = [
  { key: 'period', label: 'Période', aliases: ['Nom de la période', 'Nom période'], required: true },
  { key: 'kind', label: 'Type', aliases: ['Type de période', 'Type période'], required: true },
  { key: 'class', label: 'Classe', aliases: ['Division'], required: true },
  { key: 'start', label: 'Date de début', aliases: ['Début', 'Date début'], required: true },
  { key: 'end', label: 'Date de fin', aliases: ['Fin'], required: true },
  { key: 'lastName', label: 'Nom', aliases: ['Nom de famille'], required: true },
  { key: 'firstName', label: 'Prénom', required: true },
  { key: 'ine', label: 'INE', aliases: ['N° INE', 'Numéro INE', 'ID national'] },
  { key: 'birthDate', label: 'Date de naissance', aliases: ['Né(e) le', 'Naissance'] },
  { key: 'email', label: 'Courriel', aliases: ['Email', 'E-mail', 'Mail', 'Adresse mail'] },
  { key: 'status', label: 'Statut' },
  { key: 'objectives', label: 'Objectifs', aliases: ['Objectifs de formation'] },
  { key: 'tasks', label: 'Activités', aliases: ['Tâches', 'Taches', 'Activités prévues', 'Tâches confiées'] },
  { key: 'bilanDate', label: 'Date des bilans', aliases: ['Date bilans', 'Date du bilan', 'Date des bilans entreprise'] },
];

export interface AnnexRow {
  line: number;
  periodName: string;
  kind: PeriodKind;
  className: string;
  start: string;
  end: string;
  bilanDate: string;
  lastName: string;
  firstName: string;
  ine: string | null;
  birthDate: string | null;
  email: string | null;
  /** null when the column is absent or empty: a new learner is then "Scolaire", an existing one keeps its status. */
  status: LearnerStatus | null;
  /** null when the cell is empty or the column absent: the row then follows the period's annex. */
  objectives: string[] | null;
  tasks: string[] | null;
}

const LABEL = Object.fromEntries(ANNEX_COLUMNS.map((c) => [c.key, c.label])) as Record<AnnexColumn, string>;

/** Validates every row, collecting every error with its line and column. */
export function validateAnnexRows(
  table: CsvTable<AnnexColumn>,
  ref: Referentiel,
): { rows: AnnexRow[]; errors: DataError[]; warnings: DataError[] } {
  const rows: AnnexRow[] = [];
  const errors: DataError[] = [];
  const warnings: DataError[] = [];
  const warnedDates = new Set<string>();
  // Periods repeat their dates, objectives and tasks on every learner's row: each distinct cell is parsed once,
  // and equal cells then share one list (which also makes the plan's comparisons cheap).
  const dates = memo(parseSpreadsheetDate);
  const objectiveLists = memo(splitObjectives);
  const taskLists = memo((cell: string) => dedupe(splitTaskCodes(cell)));
  const unknownTasks = memo((cell: string) => unknownTaskCodes(ref, taskLists(cell)));
  for (const rec of table.records) {
    const line = rec.line;
    const get = (k: AnnexColumn) => table.get(rec.cells, k);
    const err = (k: AnnexColumn, message: string) => errors.push({ line, column: LABEL[k], message });
    const before = errors.length;

    const required = (k: AnnexColumn): string => {
      const v = collapseSpaces(get(k)); // the decoder has already put the whole file in NFC
      if (!v) err(k, 'valeur obligatoire manquante');
      return v;
    };
    const date = (k: AnnexColumn, mandatory: boolean): string | null => {
      const raw = get(k);
      if (!raw) {
        if (mandatory) err(k, 'valeur obligatoire manquante');
        return null;
      }
      const d = dates(raw);
      if (!d) {
        err(k, `date invalide « ${raw} » (formats acceptés : jj/mm/aaaa ou aaaa-mm-jj)`);
        return null;
      }
      // One warning per distinct cell: a period's dates repeat on every learner's row.
      if (d.understood && !warnedDates.has(raw)) {
        warnedDates.add(raw);
        warnings.push({ line, column: LABEL[k], message: `« ${raw.trim()} » lu comme le ${d.understood}` });
      }
      return d.iso;
    };

    const periodName = required('period');
    const className = required('class');
    const lastName = required('lastName');
    const firstName = required('firstName');
    const kindRaw = required('kind');
    const kind = kindRaw ? parsePeriodKind(kindRaw) : null;
    if (kindRaw && !kind) err('kind', `type de période inconnu « ${kindRaw} » (valeurs possibles : ${PERIOD_KINDS.join(', ')})`);
    const start = date('start', true);
    const end = date('end', true);
    const bilanDate = date('bilanDate', false) ?? end;
    if (start && end && bilanDate) {
      for (const message of periodDateErrors({ start, end, bilanDate })) {
        err(message.startsWith('la date des bilans') ? 'bilanDate' : 'end', message);
      }
    }
    const birthDate = date('birthDate', false);

    const email = get('email') || null;
    if (email && !isValidEmail(email)) err('email', `adresse électronique invalide « ${email} »`);
    let status: LearnerStatus | null = null;
    if (get('status')) {
      const s = parseStatus(get('status'));
      if (!s) err('status', `statut inconnu « ${get('status')} » (valeurs possibles : Scolaire, Apprenti)`);
      else status = s;
    }
    const objectivesCell = get('objectives');
    const objectives = objectivesCell ? objectiveLists(objectivesCell) : null;
    const tasksCell = get('tasks');
    const tasks = tasksCell ? taskLists(tasksCell) : null;
    if (tasks) {
      const unknown = unknownTasks(tasksCell);
      if (unknown.length) {
        err('tasks', `${agree(unknown.length, 'code de tâche inconnu', 'codes de tâche inconnus')} ` +
          `${unknown.map((c) => `« ${c} »`).join(', ')} (référentiel ${ref.code})`);
      }
    }
    if (errors.length > before) continue;
    rows.push({
      line,
      periodName,
      kind: kind!,
      className,
      start: start!,
      end: end!,
      bilanDate: bilanDate!,
      lastName,
      firstName,
      ine: get('ine') ? normaliseIne(get('ine')) : null,
      birthDate,
      email: email ? email.trim().toLowerCase() : null,
      status,
      objectives,
      tasks,
    });
  }
  return { rows, errors, warnings };
}

function memo<T>(fn: (s: string) => T): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined && !cache.has(s)) {
      v = fn(s);
      cache.set(s, v);
    }
    return v as T;
  };
}

function dedupe(codes: string[]): string[] {
  return [...new Set(codes)];
}
