// Stage 2: text → records, each with the file line where it starts (multi-line quoted cells count their lines).
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
  /** The file line where the record starts (a multi-line quoted cell makes it differ from `row`). */
  line: number;
  /** The row a spreadsheet shows for this record: its rank in the file, the header being row 1. */
  row: number;
  cells: string[];
}

export interface Parsed {
  header: CsvRecord;
  records: CsvRecord[];
  delimiter: Delimiter;
}

/** Parses the whole text; blank lines and rows of empty cells are skipped. */
export function parseCsv(input: string, fileLabel: string, forced?: Delimiter): Parsed {
  // One line ending for the whole text, so that a line break inside a quoted cell counts as one line.
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  const delimiter = forced ?? detectDelimiter(text);
  const all = parseRecords(text, delimiter, fileLabel).filter((r) => r.cells.some((c) => /\S/.test(c)));
  if (all.length === 0) throw new UserError(`${fileLabel} : le fichier est vide.`);
  const [header, ...records] = all;
  if (records.length === 0) throw new UserError(`${fileLabel} : le fichier ne contient que la ligne d'en-tête, aucune donnée.`);
  return { header, records, delimiter };
}

const QUOTE = 0x22;
const NL = 0x0a;

/**
 * RFC 4180 records of an LF-only text, each with the line where it starts. Quoted cells may hold delimiters,
 * line breaks and doubled quotes; a quote inside an unquoted cell is kept as is; rows may have any number of
 * cells. Written here rather than taken from csv-parse because the line numbers it reports (its `info` option)
 * cost a third of the parse and its CRLF counting is off inside quoted cells; the benchmark of
 * `npm run bench` measures the difference.
 */
export function parseRecords(text: string, delimiter: Delimiter, fileLabel: string): CsvRecord[] {
  const D = delimiter.charCodeAt(0);
  const n = text.length;
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    for (;;) {
      let cell: string;
      if (text.charCodeAt(i) === QUOTE) {
        let seg = i + 1;
        cell = '';
        for (;;) {
          const q = text.indexOf('"', seg);
          if (q === -1) {
            throw new UserError(`${fileLabel}, ligne ${start} : guillemet ouvrant sans guillemet fermant.`);
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            cell += text.slice(seg, q + 1);
            seg = q + 2;
            continue;
          }
          cell += text.slice(seg, q);
          i = q + 1;
          break;
        }
        for (let nl = cell.indexOf('\n'); nl !== -1; nl = cell.indexOf('\n', nl + 1)) line++;
        let k = i; // text after the closing quote, up to the delimiter, is kept (lenient, like spreadsheets)
        while (k < n && text.charCodeAt(k) !== D && text.charCodeAt(k) !== NL) k++;
        if (k > i) cell += text.slice(i, k);
        i = k;
      } else {
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === D || c === NL) break;
          k++;
        }
        cell = text.slice(i, k);
        i = k;
      }
      cells.push(cell);
      if (i >= n) break;
      if (text.charCodeAt(i) === D) {
        i++;
        if (i >= n) {
          cells.push('');
          break;
        }
        continue;
      }
      i++; // line break: end of the record
      line++;
      break;
    }
    records.push({ line: start, row: records.length + 1, cells });
  }
  return records;
}
