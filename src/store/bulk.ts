// Many rows into one table at once, for the imports: on SQLite a prepared statement run row by row in one loop
// (a function call into the file each, no round trip, no promise); on PostgreSQL ids drawn from the table's identity sequence in one
// query, then rows sent a few thousand per statement — one round trip per row made a 30,000-row annex take 30 s.
import type { DB } from './engine/types.js';
import type { SqliteDb } from './engine/sqlite.js';

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMS = 60_000;

/**
 * Inserts `rows` (values in `columns` order) into `table`. With `withIds`, the table's `id` column is generated
 * and the new ids are returned in the order of `rows`.
 */
export async function insertMany(db: DB, table: string, columns: string[], rows: unknown[][], withIds = false): Promise<number[]> {
  if (!rows.length) return [];
  const one = `(${columns.map(() => '?').join(', ')})`;
  if (db.kind === 'sqlite') return (db as SqliteDb).runMany(`INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES ${one}`, rows, withIds);
  let ids: number[] = [];
  let cols = columns;
  let values = rows;
  if (withIds) {
    const drawn = await db
      .prepare<[string, number], { id: number }>('SELECT nextval(pg_get_serial_sequence(?, \'id\')) AS id FROM generate_series(1, ?)')
      .all(table, rows.length);
    ids = drawn.map((d) => d.id);
    cols = ['id', ...columns];
    values = rows.map((r, i) => [ids[i], ...r]);
  }
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / cols.length));
  const head = `INSERT INTO ${q(table)} (${cols.map(q).join(', ')}) VALUES `;
  const row = `(${cols.map(() => '?').join(', ')})`;
  for (let i = 0; i < values.length; i += perStatement) {
    const chunk = values.slice(i, i + perStatement);
    await db.prepare(head + chunk.map(() => row).join(', ')).run(...chunk.flat());
  }
  return ids;
}
