// Rules of the tutors' portal: who entered a bilan and in what state, how long a session lives, what the host
// organisation must state on the attestation, and the field-by-field reading of a bilan form. No I/O.
import { parseDate, shortFrenchDate } from './dates.js';
import { evaluationItems, parseEngagement, parseLevel, type EvaluationContent, type EvaluationType, type Level } from './evaluation.js';
import { frenchDayDate } from './tutor-state.js';
import { allTasks, type Referentiel } from './referentiel.js';

export type EvaluationStatus = 'draft' | 'validated';
export type EnteredBy = 'tuteur' | 'enseignant';

/** Who last entered a bilan, when, and whether the tutor validated it. */
export interface Provenance {
  status: EvaluationStatus;
  validatedAt: string | null;
  /** The tutor (« Valider » on the portal) or the teacher (the CLI); null for a draft. */
  validatedBy: EnteredBy | null;
  enteredBy: EnteredBy;
  enteredAt: string | null;
}

/** A save from the CLI: the teacher's, validated. */
/**
 * The bilans a tutor fills in through the portal, with a draft and a validation: the certificative grids (E31, E33)
 * stay the teacher's, entered with `cpro eval`.
 */
export const PORTAL_BILAN_TYPES = ['entreprise', 'attitudes'] as const satisfies readonly EvaluationType[];

export const TEACHER_ENTRY = { status: 'validated', enteredBy: 'enseignant' } as const;

/** The state of one bilan as the teacher reads it in `cpro tutors list`, in French. */
export function bilanStateLabel(p: Provenance | null): string {
  if (!p) return 'à remplir';
  if (p.status === 'draft') return `brouillon${p.enteredAt ? ` (${frenchDayDate(p.enteredAt)})` : ''}`;
  const on = p.validatedAt ?? p.enteredAt;
  const by = p.validatedBy ?? p.enteredBy;
  const amended = p.validatedBy === 'tuteur' && p.enteredBy === 'enseignant' ? ", complété par l'enseignant" : '';
  return `validé${on ? ` le ${frenchDayDate(on)}` : ''} par ${by === 'tuteur' ? 'le tuteur' : "l'enseignant"}${amended}`;
}

/** Whether the tutor can no longer change a bilan on the portal: once they validated it (the teacher still can). */
export const validatedByTutor = (p: Provenance | null): boolean => p?.status === 'validated' && p.validatedBy === 'tuteur';

/** Who entered it, for `cpro eval show`: « tuteur via le portail » or « enseignant ». */
export function enteredByLabel(p: Provenance): string {
  return p.enteredBy === 'tuteur' ? 'tuteur via le portail' : 'enseignant';
}

/**
 * Why a portal address will not reach a tutor safely, in French, or null: links sent by real mail must point at
 * the public https address of the reverse proxy, not at this machine or plain http.
 */
export function portalUrlWarning(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `adresse du portail invalide « ${url} » (cpro config set mail.portalUrl https://…)`;
  }
  const local = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)$/i.test(u.hostname) || u.hostname.endsWith('.localhost');
  if (local) return `les liens envoyés pointent vers ${u.host}, cette machine : un tuteur ne pourra pas les ouvrir (cpro config set mail.portalUrl https://…)`;
  if (u.protocol !== 'https:') return `les liens envoyés sont en http (${u.origin}) : le portail doit être servi en https derrière un proxy inverse (cpro config set mail.portalUrl https://…)`;
  return null;
}

// ── sessions ────────────────────────────────────────────────────────────────────────────────────────────────

export interface SessionLimits {
  /** A session unused this long ends. */
  idleMinutes: number;
  /** A session ends this long after it was opened, used or not. */
  maxHours: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMinutes: 120, maxHours: 12 };

/** Whether a session is still open at `now`: not signed out, within both limits. Token validity is checked apart. */
export function sessionAlive(s: { createdAt: string; lastSeenAt: string; endedAt: string | null }, now: Date, l: SessionLimits): boolean {
  if (s.endedAt) return false;
  const t = now.getTime();
  return t - Date.parse(s.lastSeenAt) < l.idleMinutes * 60_000 && t - Date.parse(s.createdAt) < l.maxHours * 3_600_000;
}

// ── attestation ─────────────────────────────────────────────────────────────────────────────────────────────

/** What the host organisation states on the attestation de stage. */
export interface AttestationEntries {
  representative: string;
  headOffice: string | null;
  hours: number;
  gratification: string;
  place: string;
}

export type FieldErrors = Record<string, string>;

const MAX_FIELD = 300;
const clean = (s: string | undefined) => (s ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

/** Reads the attestation form: every field checked, errors per field in French. */
export function readAttestationForm(form: Record<string, string | undefined>): { entries: AttestationEntries | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const representative = clean(form.representative);
  const headOffice = clean(form.headOffice) || null;
  const gratification = clean(form.gratification);
  const place = clean(form.place);
  const hoursRaw = clean(form.hours);
  if (!representative) errors.representative = 'indiquez le nom et la qualité du représentant';
  if (!place) errors.place = 'indiquez le lieu où l\'attestation est faite';
  if (!gratification) errors.gratification = 'indiquez le montant versé, ou « néant »';
  const hours = /^\d{1,4}$/.test(hoursRaw) ? Number(hoursRaw) : NaN;
  if (!(hours > 0 && hours <= 2000)) errors.hours = 'indiquez un nombre entier d\'heures (par exemple 140)';
  for (const [k, v] of Object.entries({ representative, headOffice: headOffice ?? '', gratification, place })) {
    if (v.length > MAX_FIELD) errors[k] = `${MAX_FIELD} caractères au plus`;
  }
  if (Object.keys(errors).length) return { entries: null, errors };
  return { entries: { representative, headOffice, hours, gratification, place }, errors };
}

// ── bilan forms ─────────────────────────────────────────────────────────────────────────────────────────────

/** The form field that carries the answer of a code (`niveau:C1.1`), and the one of a task tick. */
export const levelField = (code: string) => `niveau:${code}`;
export const taskField = (code: string) => `tache:${code}`;

/**
 * Reads a bilan form into an evaluation, with an error per field for what cannot be read (a level, the stars,
 * the date). The référentiel rules proper are the service's, which runs the same checks as `cpro eval import`.
 */
export function readEvaluationForm(
  ref: Referentiel,
  type: EvaluationType,
  form: Record<string, string | string[] | undefined>,
  defaultDate: string,
): { content: EvaluationContent; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const one = (k: string) => {
    const v = form[k];
    return Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? '');
  };
  const levels: Record<string, Level> = {};
  for (const item of evaluationItems(ref, type)) {
    const level = parseLevel(one(levelField(item.code)));
    if (level === undefined) errors[levelField(item.code)] = 'réponse invalide (4, 3, 2, 1, 0, NE ou sans réponse)';
    else if (level !== null) levels[item.code] = level;
  }
  const tasksDone = type === 'entreprise' ? allTasks(ref).map((t) => t.code).filter((c) => one(taskField(c)) !== '') : [];
  let engagement: number | null = null;
  if (type === 'entreprise') {
    const e = parseEngagement(one('engagement'));
    if (e === undefined) errors.engagement = "l'engagement se note de 1 à 4 étoiles";
    else engagement = e;
  }
  const rawDate = one('meetingDate').trim();
  const meetingDate = rawDate ? parseDate(rawDate) : defaultDate;
  if (!meetingDate) errors.meetingDate = `date invalide « ${rawDate} » (jj/mm/aaaa)`;
  const comment = one('comment').replace(/\r\n?/g, '\n').trim();
  if (comment.length > 4000) errors.comment = `commentaire trop long (${comment.length} caractères, au plus 4000)`;
  return {
    content: { tasksDone, levels, modes: {}, engagement, meetingDate: meetingDate ?? defaultDate, comment: comment || null },
    errors,
  };
}

/**
 * The field a rule's message is about, so that the page shows it beside that field: the meeting date (period
 * start, lock), a competency code the message starts with; otherwise the form as a whole ('').
 */
export function fieldOfMessage(message: string, codes: string[]): string {
  if (/date de rencontre/.test(message)) return 'meetingDate';
  if (/engagement/.test(message)) return 'engagement';
  const code = codes.find((c) => message.startsWith(`${c} `));
  return code ? levelField(code) : '';
}

/** "validé le 28 mars 2026" for a page. */
export const validatedOn = (iso: string) => `validé le ${frenchDayDate(iso)}`;
export { shortFrenchDate };

// ── saves from a stale form ─────────────────────────────────────────────────────────────────────────────────

/** The hidden field that carries the version a form was shown at. */
export const VERSION_FIELD = 'version';

/** The version a form was shown at, or undefined when the form carries none (then the save is not checked). */
export function readVersionField(form: Record<string, string | string[] | undefined>): number | undefined {
  const v = form[VERSION_FIELD];
  const s = Array.isArray(v) ? v[v.length - 1] : v;
  return s !== undefined && /^\d{1,9}$/.test(s) ? Number(s) : undefined;
}

/** One field whose stored value differs from what the user typed, both as shown to them. */
export interface FieldDifference {
  label: string;
  saved: string;
  typed: string;
}

/**
 * A form submitted from an older version than the stored one: who changed it and when (« par l'enseignant le
 * 12 mars 2026 à 14 h 05 »), and where what is stored now differs from what the user typed (kept in the form).
 */
export interface FormConflict {
  authorship: string;
  deleted: boolean;
  differences: FieldDifference[];
}

/** The fields where the stored value and the typed one differ (after trimming), in the order given. */
export function fieldDifferences(fields: FieldDifference[]): FieldDifference[] {
  const norm = (s: string) => s.replace(/\r\n?/g, '\n').trim();
  return fields.filter((f) => norm(f.saved) !== norm(f.typed));
}
