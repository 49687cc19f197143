// Stage 3: matching header cells to known columns, ignoring case, accents, spaces and punctuation.
import { headerKey } from '../../domain/text.js';
import type { DataError } from '../../domain/errors.js';

export interface ColumnSpec<K extends string> {
  key: K;
  label: string; // the French name shown in messages
  aliases?: string[];
  required?: boolean;
}

export interface HeaderMap<K extends string> {
  index: Partial<Record<K, number>>;
  unknown: string[];
  missing: string[];
}

export function mapHeader<K extends string>(cells: string[], specs: ColumnSpec<K>[]): HeaderMap<K> {
  const lookup = new Map<string, K>();
  for (const s of specs) for (const name of [s.label, ...(s.aliases ?? [])]) lookup.set(headerKey(name), s.key);
  const index: Partial<Record<K, number>> = {};
  const unknown: string[] = [];
  cells.forEach((cell, i) => {
    const key = lookup.get(headerKey(cell));
    if (key !== undefined && index[key] === undefined) index[key] = i;
    else if (cell.trim() !== '') unknown.push(cell.trim());
  });
  const missing = specs.filter((s) => s.required && index[s.key] === undefined).map((s) => s.label);
  return { index, unknown, missing };
}

/** Reads one row into a record of trimmed strings ('' when the column is absent or the cell empty). */
export function rowGetter<K extends string>(map: HeaderMap<K>) {
  return (cells: string[], key: K): string => {
    const i = map.index[key];
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
}

export function missingColumnsError(missing: string[], line: number): DataError {
  return {
    line,
    message:
      missing.length === 1
        ? `colonne obligatoire absente : « ${missing[0]} »`
        : `colonnes obligatoires absentes : ${missing.map((m) => `« ${m} »`).join(', ')}`,
  };
}
