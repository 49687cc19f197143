// Typed errors: the one handler in cli/main.ts turns them into exit codes and French messages.
import { plural } from './text.js';

export interface DataError {
  line?: number;
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
  if (e.line !== undefined) where.push(`ligne ${e.line}`);
  if (e.column) where.push(`colonne « ${e.column} »`);
  return where.length ? `${where.join(', ')} : ${e.message}` : e.message;
}
