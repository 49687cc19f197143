// Typed errors: the one handler in cli/main.ts turns them into exit codes and French messages.
import { plural } from './text.js';
import { frenchDate } from './dates.js';

export interface DataError {
  /** The file line (what an editor shows). */
  line?: number;
  /** The spreadsheet row (what Calc or Excel shows, header = row 1), when the error comes from a CSV record. */
  row?: number;
  /** The learner the row is about, as "NOM Prénom", when the row names one. */
  learner?: string;
  column?: string;
  file?: string;
  message: string;
}

/** An expected failure caused by the user or their data: exit 1, French message, no stack trace. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** Several data errors at once (a whole file's worth): exit 1, one line each. */
export class DataErrors extends UserError {
  constructor(
    public readonly errors: DataError[],
    summary = `${plural(errors.length, 'erreur')} : rien n'a été enregistré.`,
  ) {
    super(summary);
    this.name = 'DataErrors';
  }
}

/** What is known of the change that made a save stale: when, by whom, and whether the record is gone. */
export interface ConcurrentChange {
  /** The instant of the save now recorded (ISO), when known. */
  at: string | null;
  /** Who made it, when the record says so. */
  by: 'tuteur' | 'enseignant' | 'apprenant' | null;
  /** The record was deleted meanwhile. */
  deleted?: boolean;
}

/** The record a conflict is about, as a message names it: « la fiche de liaison de Léa MARTIN (PFMP 1) ». */
export interface ConflictSubject {
  label: string;
  /** For the agreement of « modifiée », « supprimée ». */
  feminine: boolean;
}

/**
 * A save made from an older read of a record that someone changed since (optimistic concurrency: the version read
 * is no longer the stored one). Nothing was written: exit 1, a French message saying what changed, by whom, when.
 */
export class ConflictError extends UserError {
  constructor(
    public readonly subject: ConflictSubject,
    public readonly change: ConcurrentChange,
    /** What to do next, appended to the message. */
    hint?: string,
  ) {
    super(conflictMessage(subject, change) + (hint ? ` ${hint}` : ''));
    this.name = 'ConflictError';
  }
}

const BY: Record<NonNullable<ConcurrentChange['by']>, string> = {
  tuteur: 'le tuteur (portail)',
  enseignant: "l'enseignant",
  apprenant: "l'apprenant (portail)",
};

/** « le 12 mars 2026 à 14 h 05 » for an instant, in France's time zone. */
export function frenchInstant(instant: string): string {
  const d = new Date(instant);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const time = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(d);
  return `le ${frenchDate(day)} à ${time.replace(':', ' h ')}`;
}

/** Who changed a record and when, for a message or a page: « par l'enseignant le 12 mars 2026 à 14 h 05 ». */
export function changeAuthorship(c: ConcurrentChange): string {
  const by = c.by ? `par ${BY[c.by]}` : "par quelqu'un d'autre";
  return c.at && !Number.isNaN(Date.parse(c.at)) ? `${by} ${frenchInstant(c.at)}` : by;
}

/** « La fiche … a été modifiée par l'enseignant le 12 mars 2026 à 14 h 05 depuis que vous l'avez ouverte : rien n'a été enregistré. » */
export function conflictMessage(s: ConflictSubject, c: ConcurrentChange): string {
  const subject = s.label.charAt(0).toUpperCase() + s.label.slice(1);
  const e = s.feminine ? 'e' : '';
  if (c.deleted) return `${subject} a été supprimé${e} depuis que vous l'avez ouvert${e} : rien n'a été enregistré.`;
  return `${subject} a été modifié${e} ${changeAuthorship(c)} depuis que vous l'avez ouvert${e} : rien n'a été enregistré.`;
}

/** Wrong command-line usage: exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function formatDataError(e: DataError): string {
  const where: string[] = [];
  if (e.file) where.push(e.file);
  if (e.row !== undefined && e.line !== undefined && e.row !== e.line) {
    where.push(`ligne ${e.row} du tableur (ligne ${e.line} du fichier)`);
  } else if (e.row !== undefined || e.line !== undefined) {
    where.push(`ligne ${e.row ?? e.line}`);
  }
  if (e.learner) where.push(e.learner);
  if (e.column) where.push(`colonne « ${e.column} »`);
  return where.length ? `${where.join(', ')} : ${e.message}` : e.message;
}
