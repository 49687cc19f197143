// The shared front of every CSV import: read the file, decode, parse, map the header.
import { readFileSync, statSync } from 'node:fs';
import { columnRule, FIELD_LIMITS, MAX_CSV_BYTES, textProblem } from '../../domain/limits.js';
import { basename } from 'node:path';
import { DataErrors, UserError, type DataError } from '../../domain/errors.js';
import { decode, type Encoding } from './decode.js';
import { parseCsv, type CsvRecord, type Delimiter } from './parse.js';
import { mapHeader, missingColumnsError, rowGetter, type ColumnSpec } from './header.js';

export interface CsvOptions {
  encoding?: Encoding;
  delimiter?: Delimiter;
}

export interface CsvTable<K extends string> {
  file: string;
  encoding: Encoding;
  delimiter: Delimiter;
  records: CsvRecord[];
  get: (cells: string[], key: K) => string;
  has: (key: K) => boolean;
  unknownColumns: string[];
  /** Rows with more non-empty cells than the header (an unquoted « ; » in a comment): they are left out of
   * `records` and each is an error, so that no cell is silently cut. */
  shapeErrors: DataError[];
  /** The spreadsheet row of a file line (the line itself when no record starts there). */
  rowOf: (line: number) => number;
  /** Adds the spreadsheet row and the learner's name to errors (or warnings) located by file line. */
  annotate: (errors: DataError[]) => DataError[];
}

export function readCsvFile<K extends string>(path: string, specs: ColumnSpec<K>[], opts: CsvOptions = {}): CsvTable<K> {
  const label = basename(path);
  let bytes: Buffer;
  try {
    // Checked before reading: /dev/zero, a FIFO or a huge file would otherwise hang or exhaust memory.
    const st = statSync(path);
    if (st.isDirectory()) throw new UserError(`${path} est un dossier, pas un fichier CSV.`);
    if (!st.isFile()) throw new UserError(`${path} n'est pas un fichier ordinaire (périphérique, tube…) : ce n'est pas un export CSV.`);
    if (st.size > MAX_CSV_BYTES) {
      throw new UserError(`${label} : fichier trop gros (${Math.ceil(st.size / 1024 / 1024)} Mo, ${MAX_CSV_BYTES / 1024 / 1024} Mo au plus) : ce n'est pas un export CSV attendu.`);
    }
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`fichier introuvable ou illisible : ${path}`);
  }
  if (bytes.length === 0) throw new UserError(`${label} : le fichier est vide.`);
  const { text, encoding } = decode(bytes, label, opts.encoding);
  const { header, records, delimiter } = parseCsv(text, label, opts.delimiter);
  const map = mapHeader(header.cells, specs);
  if (map.missing.length) throw new DataErrors([missingColumnsError(map.missing, header.line)]);
  const get = rowGetter(map);
  const byLine = new Map<number, CsvRecord>();
  for (const r of records) byLine.set(r.line, r);
  const learnerOf = (cells: string[]): string | undefined => {
    const name = [get(cells, 'lastName' as K), get(cells, 'firstName' as K)].map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean);
    // A name that is itself refused (control characters, far too long) is not repeated in its error message.
    if (name.some((n) => textProblem(n, FIELD_LIMITS.name))) return undefined;
    return name.length ? name.join(' ') : undefined;
  };
  const width = header.cells.length;
  // A file whose every row ends with the same empty cells (a trailing delimiter) is not broken; a row longer than
  // the others is, even when its last cells are empty: an unquoted « ; » shifted its cells one column right.
  const usual = mostCommon(records.map((r) => r.cells.length));
  const shapeErrors: DataError[] = [];
  const kept = records.filter((r) => {
    if (r.cells.length <= width) return true;
    const extra = r.cells.slice(width).filter((c) => c.trim() !== '');
    if (extra.length === 0 && records.length > 1 && r.cells.length <= usual) return true;
    const n = r.cells.length - width;
    shapeErrors.push({
      line: r.line,
      message:
        `${n} cellule${n > 1 ? 's' : ''} de plus que les ${width} colonnes de l'en-tête${extra.length ? ` (« ${extra.join(' ; ').slice(0, 60)} »)` : ''} : ` +
        `un « ${delimiter === '\t' ? 'tabulation' : delimiter} » dans une cellule non entourée de guillemets ? Corrigez la ligne dans le tableur`,
    });
    return false;
  });
  const annotate = (errors: DataError[]) => {
    for (const e of errors) {
      const r = e.line !== undefined ? byLine.get(e.line) : undefined;
      if (!r) continue;
      e.row ??= r.row;
      e.learner ??= learnerOf(r.cells);
    }
    return errors;
  };
  // Cells breaking a field rule (control characters, length) stop the import here, with the shifted rows if any.
  const cellErrors = checkCells(kept, map.index, specs);
  if (cellErrors.length) throw new DataErrors(annotate([...shapeErrors, ...cellErrors]).sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  return {
    file: label,
    encoding,
    delimiter,
    records: kept,
    get,
    has: (k) => map.index[k] !== undefined,
    unknownColumns: map.unknown,
    shapeErrors,
    rowOf: (line) => byLine.get(line)?.row ?? line,
    annotate,
  };
}

function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  let best = 0;
  let bestCount = 0;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > bestCount || (c === bestCount && v < best)) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

/** Every known column's cells against its field rule (domain/limits.ts): control characters, line breaks, length. */
function checkCells<K extends string>(records: CsvRecord[], index: Partial<Record<K, number>>, specs: ColumnSpec<K>[]): DataError[] {
  const errors: DataError[] = [];
  const columns = specs
    .filter((s) => index[s.key] !== undefined)
    .map((s) => ({ i: index[s.key]!, label: s.label, rule: columnRule(s.key) }));
  for (const r of records) {
    for (const c of columns) {
      const cell = r.cells[c.i];
      if (!cell) continue;
      const problem = textProblem(cell.trim(), c.rule);
      if (problem) errors.push({ line: r.line, column: c.label, message: problem });
    }
    if (errors.length >= 100) break; // a wrong file: the first hundred say enough
  }
  return errors;
}
