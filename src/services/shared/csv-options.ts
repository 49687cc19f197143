// The CSV reading options every import use case accepts, read from the words a user types (« tab », « utf-16le »).
export { parseEncoding } from '../../importers/csv/decode.js';
export { parseDelimiter } from '../../importers/csv/parse.js';
export type { CsvOptions } from '../../importers/csv/read.js';
