// CSV written for spreadsheets: formula-injection neutralisation and the quoting of one cell and one row.

/**
 * Characters that make Excel or LibreOffice read a cell as a formula (or, for tab and CR, let a formula hide
 * behind them): `=`, `+`, `-`, `@`, tab, carriage return. Following OWASP's advice, such a cell is prefixed with
 * an apostrophe, which both programs show as plain text; "-5" therefore prints as "'-5", a price paid for safety.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as it may be written safely: text starting like a formula is prefixed with an apostrophe. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Whether a cell would have been read as a formula. */
export function looksLikeFormula(value: string): boolean {
  return FORMULA_START.test(value);
}

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One cell of a `;`-separated file: null/undefined empty, numbers as written (never neutralised: they come from
 * the store, not from a user), text neutralised then quoted when it holds `;`, `"`, a line break or edge spaces.
 */
export function csvCell(value: CsvValue, delimiter = ';'): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  const safe = neutraliseFormula(value);
  const needsQuotes = safe.includes(delimiter) || /["\r\n]/.test(safe) || /^\s|\s$/.test(safe);
  return needsQuotes ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A row: cells joined by the delimiter, ended by CRLF (what Excel writes and expects). */
export function csvRow(values: CsvValue[], delimiter = ';'): string {
  return values.map((v) => csvCell(v, delimiter)).join(delimiter) + '\r\n';
}

/** UTF-8 byte order mark: without it Excel reads UTF-8 as Windows-1252 and breaks every accent. */
export const UTF8_BOM = '\uFEFF';

/** A whole CSV document: BOM, header row, data rows, CRLF line ends. */
export function csvDocument(header: string[], rows: CsvValue[][], delimiter = ';'): string {
  return UTF8_BOM + csvRow(header, delimiter) + rows.map((r) => csvRow(r, delimiter)).join('');
}
