// Option values checked while commander parses the command line, so that an invalid one is a usage error (exit 2)
// naming the option and the value, whatever the command: dates, period kinds, CSV encodings and delimiters.
import { InvalidArgumentError } from 'commander';
import { parseDate } from '../domain/dates.js';
import { UserError } from '../domain/errors.js';
import { PERIOD_KINDS, parsePeriodKind } from '../domain/period-kinds.js';
import { parseDelimiter, parseEncoding } from '../services/shared/csv-options.js';

/** A calendar date as the user typed it (jj/mm/aaaa or aaaa-mm-jj), left for the service to read. */
export function dateValue(raw: string): string {
  if (!parseDate(raw)) throw new InvalidArgumentError('Date attendue : jj/mm/aaaa ou aaaa-mm-jj, qui existe au calendrier.');
  return raw;
}

/** A period kind by one of its names. */
export function periodKindValue(raw: string): string {
  if (!parsePeriodKind(raw)) throw new InvalidArgumentError(`Valeurs possibles : ${PERIOD_KINDS.join(', ')}.`);
  return raw;
}

/** Runs an importer's own parser of an option value, its French message becoming commander's reason. */
function checkedBy<T>(parse: (raw: string) => T) {
  return (raw: string): T => {
    try {
      return parse(raw);
    } catch (e) {
      if (e instanceof UserError) throw new InvalidArgumentError(e.message.charAt(0).toUpperCase() + e.message.slice(1) + '.');
      throw e;
    }
  };
}

export const encodingValue = checkedBy(parseEncoding);
export const delimiterValue = checkedBy(parseDelimiter);
