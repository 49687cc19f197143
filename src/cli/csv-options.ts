// The CSV options shared by every importing command, declared once.
import type { Command } from 'commander';
import { parseEncoding } from '../importers/csv/decode.js';
import { parseDelimiter } from '../importers/csv/parse.js';
import type { CsvOptions } from '../importers/csv/read.js';
import { UsageError, UserError } from '../domain/errors.js';

export function addCsvOptions(cmd: Command): Command {
  return cmd
    .option('--encoding <encodage>', 'force l\'encodage (utf-8, utf-16le, windows-1252) ; détecté sinon')
    .option('--delimiter <séparateur>', 'force le séparateur (";", ",", "tab") ; détecté sinon')
    .option('--dry-run', 'montre ce qui changerait, sans rien écrire');
}

export function csvOptions(opts: { encoding?: string; delimiter?: string }): CsvOptions {
  try {
    return {
      encoding: opts.encoding ? parseEncoding(opts.encoding) : undefined,
      delimiter: opts.delimiter ? parseDelimiter(opts.delimiter) : undefined,
    };
  } catch (e) {
    if (e instanceof UserError) throw new UsageError(e.message);
    throw e;
  }
}
