// Typed errors: the one handler in cli/main.ts turns them into exit codes and French messages.
import { plural } from './text.js';

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
