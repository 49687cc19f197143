// Rules of the fiche de liaison entreprise: its editable keys, how each value is checked and normalised,
// when a sheet is individualised, and what is still missing before inviting the tutor and printing.
import type { Company, LiaisonSheet, Tutor } from './model.js';
import { cleanText, matchKey } from './text.js';
import { isValidEmail, isValidPostalCode, isValidSiret, normalisePhone } from './validation.js';
import { FIELD_LIMITS, textProblem } from './limits.js';
import { allTasks, type Referentiel } from './referentiel.js';

type ValueKind = 'text' | 'postalCode' | 'phone' | 'email' | 'siret';

interface FieldBase {
  /** The key typed on the command line: `entreprise.codePostal`. */
  key: string;
  /** French label, as in messages: « nom du tuteur ». */
  label: string;
  /** French title within its section, as a sheet shows it and the interactive editor asks it: « Nom ». */
  title: string;
  kind: ValueKind;
}
export type LiaisonField =
  | (FieldBase & { section: 'company'; field: keyof Company })
  | (FieldBase & { section: 'tutor'; field: keyof Tutor });

export const LIAISON_FIELDS: readonly LiaisonField[] = [
  { key: 'entreprise.nom', section: 'company', field: 'name', label: 'raison sociale', title: 'Raison sociale', kind: 'text' },
  { key: 'entreprise.adresse', section: 'company', field: 'address', label: 'adresse', title: 'Adresse', kind: 'text' },
  { key: 'entreprise.codePostal', section: 'company', field: 'postalCode', label: 'code postal', title: 'Code postal', kind: 'postalCode' },
  { key: 'entreprise.ville', section: 'company', field: 'city', label: 'ville', title: 'Ville', kind: 'text' },
  { key: 'entreprise.secteur', section: 'company', field: 'sector', label: "secteur d'activité", title: "Secteur d'activité", kind: 'text' },
  { key: 'entreprise.telephone', section: 'company', field: 'phone', label: "téléphone de l'entreprise", title: 'Téléphone', kind: 'phone' },
  { key: 'entreprise.siret', section: 'company', field: 'siret', label: 'SIRET', title: 'SIRET', kind: 'siret' },
  { key: 'entreprise.signataire', section: 'company', field: 'signatory', label: 'signataire de la convention (nom et qualité)', title: 'Signataire', kind: 'text' },
  { key: 'tuteur.nom', section: 'tutor', field: 'lastName', label: 'nom du tuteur', title: 'Nom', kind: 'text' },
  { key: 'tuteur.prenom', section: 'tutor', field: 'firstName', label: 'prénom du tuteur', title: 'Prénom', kind: 'text' },
  { key: 'tuteur.telephone', section: 'tutor', field: 'phone', label: 'téléphone du tuteur', title: 'Téléphone', kind: 'phone' },
  { key: 'tuteur.courriel', section: 'tutor', field: 'email', label: 'courriel du tuteur', title: 'Courriel', kind: 'email' },
  { key: 'tuteur.fonction', section: 'tutor', field: 'role', label: 'fonction du tuteur', title: 'Fonction', kind: 'text' },
];

export const LIAISON_KEYS = LIAISON_FIELDS.map((f) => f.key);

const BY_KEY = new Map(LIAISON_FIELDS.map((f) => [matchKey(f.key), f]));

/** Finds a key ignoring case, accents and punctuation ("entreprise.code_postal", "Tuteur.Prénom"). */
export function findLiaisonField(key: string): LiaisonField | undefined {
  return BY_KEY.get(matchKey(key));
}

/** Splits "clé=valeur" at the first "=" (a value may contain "="); null when there is no "=". */
export function splitKeyValue(arg: string): { key: string; value: string } | null {
  const i = arg.indexOf('=');
  if (i <= 0) return null;
  return { key: arg.slice(0, i).trim(), value: arg.slice(i + 1) };
}

const MAX_TEXT = FIELD_LIMITS.company.max;

/**
 * Checks and normalises one value: phones as "01 23 45 67 89", postal codes without spaces, e-mails in lower case,
 * text trimmed. An empty value clears the field (null). Returns the French reason when invalid.
 */
export function normaliseFieldValue(f: LiaisonField, raw: string): { value: string | null } | { error: string } {
  // Control characters are refused before whitespace is collapsed (a line break of an argument becomes a space).
  const bad = textProblem(raw, { max: Infinity, multiline: true });
  if (bad) return { error: bad };
  const v = cleanText(raw);
  if (v === '') return { value: null };
  switch (f.kind) {
    case 'phone': {
      const p = normalisePhone(v);
      return p
        ? { value: p }
        : { error: `numéro de téléphone invalide « ${v} » : 10 chiffres commençant par 0 (ex. 02 32 12 34 56) ou +33…` };
    }
    case 'postalCode': {
      const c = v.replace(/\s+/g, '');
      return isValidPostalCode(c) ? { value: c } : { error: `code postal invalide « ${v} » : 5 chiffres (ex. 76000)` };
    }
    case 'siret': {
      const digits = v.replace(/[\s.]/g, '');
      return isValidSiret(digits)
        ? { value: digits }
        : { error: `SIRET invalide « ${v} » : 14 chiffres (ex. 732 829 320 00074), clé de contrôle comprise` };
    }
    case 'email':
      return isValidEmail(v)
        ? { value: v.toLowerCase() }
        : { error: `adresse électronique invalide « ${v} » (ex. prenom.nom@entreprise.fr)` };
    case 'text':
      return v.length > MAX_TEXT ? { error: `texte trop long (${v.length} caractères, ${MAX_TEXT} au plus)` } : { value: v };
  }
}

export function fieldValue(sheet: LiaisonSheet, f: LiaisonField): string | null {
  return f.section === 'company' ? sheet.company[f.field] : sheet.tutor[f.field];
}

/** A copy of the sheet with one field set. */
export function withField(sheet: LiaisonSheet, f: LiaisonField, value: string | null): LiaisonSheet {
  return f.section === 'company'
    ? { ...sheet, company: { ...sheet.company, [f.field]: value } }
    : { ...sheet, tutor: { ...sheet.tutor, [f.field]: value } };
}

/** Same codes or objectives regardless of order and repetition. */
export function sameItems(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/** Tasks a sheet stores: null (follow the annex) when they are the annex's tasks in any order, else its own. */
export function ownTasksOrInherited(tasks: string[], annex: readonly string[]): string[] | null {
  return sameItems(tasks, annex) ? null : tasks;
}

/** Objectives a sheet stores: null (follow the annex) when they are exactly the annex's, else its own. */
export function ownObjectivesOrInherited(objectives: string[], annex: readonly string[]): string[] | null {
  return objectives.length === annex.length && objectives.every((o, i) => o === annex[i]) ? null : objectives;
}

/** Task codes in référentiel order (codes it does not know come last, in the given order), without repeats. */
export function orderTasks(ref: Referentiel, codes: readonly string[]): string[] {
  const rank = new Map(allTasks(ref).map((t, i) => [t.code, i]));
  const unique = [...new Set(codes)];
  return unique
    .map((c, i) => ({ c, r: rank.get(c) ?? rank.size + i }))
    .sort((a, b) => a.r - b.r)
    .map((x) => x.c);
}

/** An objectives text file: one objective per line; blank lines, "# comments" and list bullets are ignored. */
export function parseObjectivesText(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => cleanText(l.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '')))
    .filter((l) => l.length > 0 && !l.startsWith('#'));
}

/** "de Zoé", "d'Aline", "d'Herbert": French elision before a vowel or a mute h, for messages. */
export { deName } from './text.js';

/** Company fields the pre-convention needs (secteur and téléphone are welcome but optional). */
const COMPANY_REQUIRED: Array<keyof Company> = ['name', 'address', 'postalCode', 'city'];

export interface SheetCompleteness {
  /** Labels of the missing company fields (raison sociale, adresse, code postal, ville). */
  companyMissing: string[];
  /** What keeps the tutor from being invited: nom, prénom, a valid courriel. */
  tutorMissing: string[];
  companyFilled: boolean;
  tutorComplete: boolean;
}

export function completeness(sheet: LiaisonSheet): SheetCompleteness {
  const label = (section: 'company' | 'tutor', field: string) =>
    LIAISON_FIELDS.find((f) => f.section === section && f.field === field)!.label;
  const companyMissing = COMPANY_REQUIRED.filter((k) => !sheet.company[k]).map((k) => label('company', k));
  const tutorMissing: string[] = [];
  if (!sheet.tutor.lastName) tutorMissing.push(label('tutor', 'lastName'));
  if (!sheet.tutor.firstName) tutorMissing.push(label('tutor', 'firstName'));
  if (!sheet.tutor.email) tutorMissing.push(label('tutor', 'email'));
  else if (!isValidEmail(sheet.tutor.email)) tutorMissing.push('courriel du tuteur valide');
  return {
    companyMissing,
    tutorMissing,
    companyFilled: companyMissing.length === 0,
    tutorComplete: tutorMissing.length === 0,
  };
}

/** The field keys whose values differ between two versions of a sheet. */
export function changedFields(before: LiaisonSheet, after: LiaisonSheet): LiaisonField[] {
  return LIAISON_FIELDS.filter((f) => fieldValue(before, f) !== fieldValue(after, f));
}

/** What a teacher asks to change on a sheet, from `set`, `reset` or the interactive editor. */
export interface LiaisonEdit {
  fields?: Array<{ field: LiaisonField; raw: string }>;
  addTasks?: string[];
  removeTasks?: string[];
  /** Replaces the whole task list (the interactive editor's ticked boxes). */
  tasks?: string[];
  objectives?: string[];
  resetTasks?: boolean;
  resetObjectives?: boolean;
}

export interface EditOutcome {
  sheet: LiaisonSheet;
  /** French messages, each naming the key or option at fault; the sheet must not be saved when any. */
  errors: string[];
  warnings: string[];
}

/**
 * Applies an edit to a sheet, against its period's annex and référentiel. Lists equal to the annex's are stored
 * as "inherited" (null) so that the sheet keeps following later annex changes.
 */
export function applyLiaisonEdit(
  sheet: LiaisonSheet,
  annex: { objectives: readonly string[]; tasks: readonly string[] },
  ref: Referentiel,
  edit: LiaisonEdit,
): EditOutcome {
  const errors: string[] = [];
  const warnings: string[] = [];
  let next: LiaisonSheet = sheet;

  const seen = new Set<string>();
  for (const { field, raw } of edit.fields ?? []) {
    if (seen.has(field.key)) {
      errors.push(`${field.key} : clé donnée plusieurs fois`);
      continue;
    }
    seen.add(field.key);
    const r = normaliseFieldValue(field, raw);
    if ('error' in r) errors.push(`${field.key} : ${r.error}`);
    else next = withField(next, field, r.value);
  }

  const known = new Set(allTasks(ref).map((t) => t.code));
  const checkCodes = (codes: string[], option: string) => {
    for (const c of codes) {
      if (!known.has(c)) {
        errors.push(`${option} : code de tâche inconnu « ${c} » (référentiel ${ref.code} ; voir « cpro referentiel show ${ref.code} »)`);
      }
    }
  };
  const touchesTasks = edit.resetTasks || edit.tasks || edit.addTasks?.length || edit.removeTasks?.length;
  if (touchesTasks) {
    let tasks = edit.resetTasks ? [...annex.tasks] : [...(sheet.ownTasks ?? annex.tasks)];
    if (edit.tasks) {
      checkCodes(edit.tasks, 'tâches');
      tasks = [...edit.tasks];
    }
    const add = edit.addTasks ?? [];
    const remove = edit.removeTasks ?? [];
    checkCodes(add, '--add-task');
    checkCodes(remove, '--remove-task');
    for (const c of add) {
      if (remove.includes(c)) errors.push(`--add-task et --remove-task : la tâche « ${c} » est à la fois ajoutée et retirée`);
      else if (tasks.includes(c)) warnings.push(`la tâche « ${c} » figurait déjà dans la fiche`);
      else tasks.push(c);
    }
    for (const c of remove) {
      if (add.includes(c) || !known.has(c)) continue;
      if (!tasks.includes(c)) warnings.push(`la tâche « ${c} » ne figurait pas dans la fiche`);
      tasks = tasks.filter((t) => t !== c);
    }
    next = { ...next, ownTasks: ownTasksOrInherited(orderTasks(ref, tasks), annex.tasks) };
  }

  if (edit.resetObjectives) next = { ...next, ownObjectives: null };
  else if (edit.objectives) {
    if (edit.objectives.length === 0) errors.push('objectifs : la liste est vide (au moins un objectif)');
    edit.objectives.forEach((o, i) => {
      const bad = textProblem(o, FIELD_LIMITS.objective);
      if (bad) errors.push(`objectif ${i + 1} : ${bad}`);
    });
    next = { ...next, ownObjectives: ownObjectivesOrInherited(edit.objectives.map(cleanText), annex.objectives) };
  }
  return { sheet: next, errors, warnings };
}

/** What changed between two versions of a sheet, as French labels ("raison sociale", "tâches"…). */
export function changeLabels(before: LiaisonSheet, after: LiaisonSheet): string[] {
  const labels = changedFields(before, after).map((f) => f.label);
  const same = (a: string[] | null, b: string[] | null) =>
    a === b || (a !== null && b !== null && a.length === b.length && a.every((x, i) => x === b[i]));
  if (!same(before.ownObjectives, after.ownObjectives)) {
    labels.push(after.ownObjectives === null ? "objectifs (ceux de l'annexe)" : 'objectifs (individualisés)');
  }
  if (!same(before.ownTasks, after.ownTasks)) {
    labels.push(after.ownTasks === null ? "tâches (celles de l'annexe)" : 'tâches (individualisées)');
  }
  return labels;
}
