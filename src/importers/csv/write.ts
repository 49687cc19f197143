// The reverse of the CSV front: rows → text that the importers (and spreadsheet software) read back unchanged.

/** UTF-8 byte order mark: Excel then opens accented text correctly. */
export const BOM = '\ufeff';

/** Quotes a cell when it holds the delimiter, a quote or a line break (quotes doubled). */
export function csvCell(value: string, delimiter = ';'): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) || /^\s|\s$/.test(value)
    ? `"${value.replace(/"/g, '""')}"`
    : value;
}

/** The whole file: header then rows, CRLF line ends, `;` by default. */
export function toCsv(header: string[], rows: string[][], delimiter = ';'): string {
  return [header, ...rows].map((r) => r.map((c) => csvCell(c, delimiter)).join(delimiter)).join('\r\n') + '\r\n';
}
