// The shared front of every CSV import: read the file, decode, parse, map the header.
import { readFileSync, statSync } from 'node:fs';
import { columnRule, MAX_CSV_BYTES, textProblem } from '../../domain/limits.js';
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
  const cellErrors = checkCells(records, map.index, specs);
  if (cellErrors.length) throw new DataErrors(cellErrors);
  return {
    file: label,
    encoding,
    delimiter,
    records,
    get: rowGetter(map),
    has: (k) => map.index[k] !== undefined,
    unknownColumns: map.unknown,
  };
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
