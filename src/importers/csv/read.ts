// The shared front of every CSV import: read the file, decode, parse, map the header.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { DataErrors, UserError } from '../../domain/errors.js';
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
    if (statSync(path).isDirectory()) throw new UserError(`${path} est un dossier, pas un fichier CSV.`);
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
