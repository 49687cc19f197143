// Copying a whole store from one database to another, whatever their engines (SQLite file ↔ PostgreSQL): every
// table of the schema, parents before children, in one transaction on each side, the counts checked at the end.
import type { DB } from './engine/types.js';

export interface TableCount {
  table: string;
  rows: number;
}

interface TableInfo {
  name: string;
  columns: string[];
  /** Primary key columns, for a stable reading order. */
  key: string[];
  /** Tables this one refers to. */
  parents: string[];
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** Rows read and written per statement: keeps memory flat with annexes, under PostgreSQL's 65,535 parameters. */
const BATCH = 500;

/** The store's tables (not the engine's own, nor the schema version), with columns, keys and references. */
export async function tablesOf(db: DB): Promise<TableInfo[]> {
  if (db.kind === 'sqlite') {
    const names = await db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all();
    const out: TableInfo[] = [];
    for (const { name } of names) {
      const cols = await db.prepare<[string], { name: string; pk: number }>('SELECT name, pk FROM pragma_table_info(?) ORDER BY cid').all(name);
      const fks = await db.prepare<[string], { table: string }>('SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)').all(name);
      out.push({
        name,
        columns: cols.map((c) => c.name),
        key: cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
        parents: fks.map((f) => f.table),
      });
    }
    return out;
  }
  const names = await db
    .prepare<[], { name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'cpro_schema' ORDER BY tablename",
    )
    .all();
  const out: TableInfo[] = [];
  for (const { name } of names) {
    const cols = await db
      .prepare<[string], { name: string }>(
        `SELECT column_name AS name FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`,
      )
      .all(name);
    const key = await db
      .prepare<[string], { name: string }>(
        `SELECT a.attname AS name FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
         WHERE i.indrelid = CAST(? AS regclass) AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
      )
      .all(name);
    const parents = await db
      .prepare<[string], { name: string }>(
        `SELECT DISTINCT CAST(confrelid AS regclass)::text AS name FROM pg_constraint
         WHERE conrelid = CAST(? AS regclass) AND contype = 'f'`,
      )
      .all(name);
    out.push({ name, columns: cols.map((c) => c.name), key: key.map((k) => k.name), parents: parents.map((p) => p.name.replace(/^"|"$/g, '')) });
  }
  return out;
}

/** Parents before children, so that every foreign key finds its row. */
function dependencyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const out: TableInfo[] = [];
  const seen = new Set<string>();
  const visit = (t: TableInfo) => {
    if (seen.has(t.name)) return;
    seen.add(t.name);
    for (const p of t.parents) {
      const parent = byName.get(p);
      if (parent && parent !== t) visit(parent);
    }
    out.push(t);
  };
  for (const t of tables) visit(t);
  return out;
}

export async function countRows(db: DB, tables: string[]): Promise<TableCount[]> {
  const out: TableCount[] = [];
  for (const table of tables) {
    const r = await db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${q(table)}`).get();
    out.push({ table, rows: r?.n ?? 0 });
  }
  return out;
}

/** Rows in the target's tables: a target that has any is not overwritten unless the caller says so. */
export async function rowsIn(db: DB): Promise<number> {
  const counts = await countRows(db, (await tablesOf(db)).map((t) => t.name));
  return counts.reduce((n, c) => n + c.rows, 0);
}

export class CopyMismatch extends Error {
  constructor(readonly table: string, readonly expected: number, readonly found: number) {
    super(`table ${table}: ${found} rows copied, ${expected} expected`);
  }
}

/**
 * Copies every row of `source` into `target` (both at the same schema version), replacing whatever the target
 * held. Runs inside a transaction on each side: the source is read as one consistent state, and the target
 * receives all of it or nothing. Returns the rows per table, checked against the source's counts.
 */
export async function copyRows(source: DB, target: DB, onTable?: (table: string, rows: number) => void): Promise<TableCount[]> {
  return source.transaction(async () => {
    const sourceTables = new Map((await tablesOf(source)).map((t) => [t.name, t]));
    const order = dependencyOrder(await tablesOf(target));
    const expected = await countRows(source, order.map((t) => t.name).filter((t) => sourceTables.has(t)));
    return target.transaction(async () => {
      for (const t of [...order].reverse()) await target.exec(`DELETE FROM ${q(t.name)}`);
      for (const t of order) {
        const from = sourceTables.get(t.name);
        if (!from) continue;
        const columns = t.columns.filter((c) => from.columns.includes(c));
        const orderBy = (from.key.length ? from.key : columns).map(q).join(', ');
        const select = source.prepare<[number, number], Record<string, unknown>>(
          `SELECT ${columns.map(q).join(', ')} FROM ${q(t.name)} ORDER BY ${orderBy} LIMIT ? OFFSET ?`,
        );
        let copied = 0;
        for (;;) {
          const rows = await select.all(BATCH, copied);
          if (!rows.length) break;
          await insertRows(target, t.name, columns, rows);
          copied += rows.length;
          if (rows.length < BATCH) break;
        }
        onTable?.(t.name, copied);
      }
      if (target.kind === 'postgres') {
        // Identity columns go on after the copied ids, so that the next row created gets a free one.
        for (const t of order) {
          if (!t.columns.includes('id')) continue;
          const seq = await target.prepare<[string], { s: string | null }>("SELECT pg_get_serial_sequence(?, 'id') AS s").get(t.name);
          if (seq?.s) await target.prepare(`SELECT setval(CAST(? AS regclass), COALESCE((SELECT max(id) FROM ${q(t.name)}), 0) + 1, false)`).get(seq.s);
        }
      }
      const found = await countRows(target, expected.map((c) => c.table));
      for (const [i, c] of expected.entries()) {
        if (found[i].rows !== c.rows) throw new CopyMismatch(c.table, c.rows, found[i].rows);
      }
      return found;
    });
  });
}

async function insertRows(db: DB, table: string, columns: string[], rows: Record<string, unknown>[]): Promise<void> {
  const cols = columns.map(q).join(', ');
  const one = `(${columns.map(() => '?').join(', ')})`;
  if (db.kind === 'sqlite') {
    const stmt = db.prepare(`INSERT INTO ${q(table)} (${cols}) VALUES ${one}`);
    for (const r of rows) await stmt.run(...columns.map((c) => r[c]));
    return;
  }
  const stmt = db.prepare(`INSERT INTO ${q(table)} (${cols}) VALUES ${rows.map(() => one).join(', ')}`);
  await stmt.run(...rows.flatMap((r) => columns.map((c) => r[c])));
}
