// Stage 2: text → records, each with the file line where it starts (multi-line quoted cells count their lines).
import { parse } from 'csv-parse/sync';
import { UserError } from '../../domain/errors.js';

export type Delimiter = ';' | ',' | '\t';

export function parseDelimiter(input: string): Delimiter {
  const v = input === '\\t' || input.toLowerCase() === 'tab' || input.toLowerCase() === 'tabulation' ? '\t' : input;
  if (v !== ';' && v !== ',' && v !== '\t') {
    throw new UserError(`séparateur « ${input} » non pris en charge (valeurs possibles : ";", ",", "tab")`);
  }
  return v;
}

/** Picks the delimiter that occurs most often in the header line, outside quotes. */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ';': 0, ',': 0, '\t': 0 };
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (counts[';'] + counts[','] + counts['\t'] > 0) break;
    } else if (!inQuotes && (ch === ';' || ch === ',' || ch === '\t')) counts[ch]++;
  }
  const best = (Object.keys(counts) as Delimiter[]).sort((a, b) => counts[b] - counts[a])[0];
  return counts[best] > 0 ? best : ';';
}

export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface Parsed {
  header: CsvRecord;
  records: CsvRecord[];
  delimiter: Delimiter;
}

/** Parses the whole text; blank lines and rows of empty cells are skipped. */
export function parseCsv(input: string, fileLabel: string, forced?: Delimiter): Parsed {
  // One line ending for the whole text: csv-parse counts a CRLF inside a quoted cell as two lines,
  // which would shift every later line number.
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  const delimiter = forced ?? detectDelimiter(text);
  let raw: Array<{ record: string[]; info: { lines: number } }>;
  try {
    raw = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      bom: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new UserError(`${fileLabel}${err.lines ? `, ligne ${err.lines}` : ''} : CSV illisible (${err.message}).`);
  }
  const all: CsvRecord[] = [];
  let nextStart = 1;
  for (const { record, info } of raw) {
    const line = nextStart;
    nextStart = info.lines + 1;
    if (record.every((c) => c.trim() === '')) continue;
    all.push({ line, cells: record });
  }
  if (all.length === 0) throw new UserError(`${fileLabel} : le fichier est vide.`);
  const [header, ...records] = all;
  if (records.length === 0) throw new UserError(`${fileLabel} : le fichier ne contient que la ligne d'en-tête, aucune donnée.`);
  return { header, records, delimiter };
}
