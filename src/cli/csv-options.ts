// The CSV options shared by every importing command, declared once.
import type { Command } from 'commander';
import type { CsvOptions } from '../services/shared/csv-options.js';
import { delimiterValue, encodingValue } from './option-values.js';

export function addCsvOptions(cmd: Command): Command {
  return cmd
    .option('--encoding <encodage>', 'force l\'encodage (utf-8, utf-16le, windows-1252) ; détecté sinon', encodingValue)
    .option('--delimiter <séparateur>', 'force le séparateur (";", ",", "tab") ; détecté sinon', delimiterValue)
    .option('--dry-run', 'montre ce qui changerait, sans rien écrire');
}

/** The CSV options of a command, already checked by commander (option-values.ts). */
export function csvOptions(opts: CsvOptions): CsvOptions {
  return { encoding: opts.encoding, delimiter: opts.delimiter };
}
