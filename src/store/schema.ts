// The schema's foreign keys, read from the database itself on either engine (SQLite's pragma, PostgreSQL's
// catalog), so that code following them (period dependents, purge) sees tables added by later migrations.
import Database from 'better-sqlite3';
import { migrations, type DB } from './db.js';

export interface ForeignKey {
  /** The referring (child) table. */
  table: string;
  from: string;
  parent: string;
  /** The parent's column; null when the key names none (its primary key), as SQLite reports it. */
  to: string | null;
  /** CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION. */
  onDelete: string;
}

/**
 * Every foreign key of the store's schema, in SQLite's order (tables as sqlite_master lists them, keys as its
 * pragma does), on PostgreSQL too, so that what follows them lists its findings in the same order on both.
 */
export async function foreignKeys(db: DB): Promise<ForeignKey[]> {
  return db.kind === 'postgres' ? postgresForeignKeys(db) : sqliteForeignKeys(db);
}

async function sqliteForeignKeys(db: DB): Promise<ForeignKey[]> {
  const tables = await db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all();
  const list = db.prepare<[string], { parent: string; from: string; to: string | null; on_delete: string }>(
    'SELECT "table" AS parent, "from", "to", on_delete FROM pragma_foreign_key_list(?)',
  );
  const out: ForeignKey[] = [];
  for (const { name } of tables) {
    for (const fk of await list.all(name)) {
      out.push({ table: name, from: fk.from, parent: fk.parent, to: fk.to, onDelete: fk.on_delete.toUpperCase() });
    }
  }
  return out;
}

async function postgresForeignKeys(db: DB): Promise<ForeignKey[]> {
  const rows = await db
    .prepare<[], { child: string; parent: string; from: string; to: string; on_delete: string }>(
      `SELECT cl.relname AS child, pc.relname AS parent, a.attname AS "from", af.attname AS "to",
         CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT'
           WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END AS on_delete
       FROM pg_constraint c
       JOIN pg_class cl ON cl.oid = c.conrelid
       JOIN pg_namespace n ON n.oid = cl.relnamespace
       JOIN pg_class pc ON pc.oid = c.confrelid
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
       WHERE c.contype = 'f' AND n.nspname = current_schema()
       ORDER BY cl.relname, a.attname`,
    )
    .all();
  const order = referenceOrder();
  const rank = (fk: { child: string; from: string }) => order.get(`${fk.child}\0${fk.from}`) ?? order.size;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((x, y) => rank(x.r) - rank(y.r) || x.i - y.i)
    .map(({ r }) => ({ table: r.child, from: r.from, parent: r.parent, to: r.to, onDelete: r.on_delete }));
}

let reference: Map<string, number> | undefined;
/**
 * The position of each foreign key (table and column) in a SQLite store built by this build's migrations: the
 * order PostgreSQL's keys are given in. Keys the migrations do not create come last, by table and column.
 */
function referenceOrder(): Map<string, number> {
  if (!reference) {
    const mem = new Database(':memory:');
    try {
      for (const m of migrations()) mem.exec(m.sql);
      const order = new Map<string, number>();
      const tables = mem.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>;
      for (const { name } of tables) {
        for (const fk of mem.prepare('SELECT "from" FROM pragma_foreign_key_list(?)').all(name) as Array<{ from: string }>) {
          order.set(`${name}\0${fk.from}`, order.size);
        }
      }
      reference = order;
    } finally {
      mem.close();
    }
  }
  return reference;
}
