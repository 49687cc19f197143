// Copies of the store: SQLite's online backup (a consistent snapshot even while another command writes), the
// inspection of a file before it replaces the store, and the restore itself through the same backup API.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { UserError } from '../domain/errors.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isPostgresUrl, maskUrl, migrations, openDb, schemaVersion, storeExists, type DB } from './db.js';
import { copyRows } from './copy.js';
import type { SqliteDb, SqliteHandle } from './engine/sqlite.js';
import { agree } from '../domain/text.js';

/** Pages per backup step: all of them, so that the copy is one read transaction, hence one consistent snapshot. */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the open store into `dest` (an empty or new file) and makes the copy a single self-contained SQLite file,
 * whatever the store's engine: SQLite's online backup of a store file, or every row of a PostgreSQL store copied
 * (one read transaction, counts checked) into a new SQLite store. Either way `cpro restore` reads it back, into a
 * file or into a server's database.
 */
export async function backupInto(db: DB, dest: string): Promise<void> {
  if (db.kind === 'sqlite') {
    await (db as SqliteDb).handle.backup(dest, { progress: () => ALL_PAGES });
  } else {
    const file = await openDb(dest);
    try {
      await copyRows(db, file);
    } finally {
      await file.close();
    }
  }
  const copy = new Database(dest);
  try {
    // A backup is carried around (USB key, network share): no -wal/-shm companions needed to read it.
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** How a store is named to the user: a file's absolute path, or a server's URL without its password. */
export function storeDisplayName(target: string): string {
  return isPostgresUrl(target) ? maskUrl(target) : resolve(target);
}

/** Whether two names designate the same store. */
export function sameStore(a: string, b: string): boolean {
  return storeDisplayName(a) === storeDisplayName(b);
}

/** Where a restore prepares its copy: beside the store file (same file system, for the rename), else in /tmp. */
export function stagingPath(target: string): string {
  return isPostgresUrl(target) ? join(tmpdir(), 'cpro-restauration.db') : target;
}

/** What the store at `target` holds now, or null when there is none yet. */
export async function storeCounts(target: string): Promise<StoreFileInfo['counts']> {
  if (!isPostgresUrl(target)) return existsSync(target) ? inspectStoreFile(target).counts : null;
  if (!(await storeExists(target))) return null;
  const db = await openDb(target);
  try {
    const count = async (t: string) => (await db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${t}`).get())?.n ?? 0;
    return { classes: await count('classes'), periods: await count('periods'), learners: await count('learners') };
  } finally {
    await db.close();
  }
}

/**
 * Puts the checked, migrated store file `replacement` in place of the store at `target`: one rename for a file;
 * for a server's database, all its rows replaced by the file's in one transaction (counts checked).
 */
export async function replaceStore(replacement: string, target: string): Promise<void> {
  if (!isPostgresUrl(target)) return swapStoreFile(replacement, target);
  const source = await openDb(replacement);
  try {
    const dest = await openDb(target);
    try {
      await copyRows(source, dest);
    } finally {
      await dest.close();
    }
  } finally {
    await source.close();
  }
}

export interface StoreFileInfo {
  /** null when the file is a compatible cprosync store; otherwise why not, in French. */
  problem: string | null;
  schema: number | null;
  counts: { classes: number; periods: number; learners: number } | null;
}

/**
 * The shape of a schema: one canonical description per object (table columns and foreign keys, index columns,
 * trigger and view text), keyed by kind and name, so that two stores can be compared object by object.
 */
type SchemaShape = Map<string, string>;

const KIND_FR: Record<string, string> = { table: 'table', index: 'index', trigger: 'déclencheur', view: 'vue' };

function shapeOf(db: SqliteHandle): SchemaShape {
  const shape: SchemaShape = new Map();
  const objects = db
    .prepare<[], { type: string; name: string; tbl_name: string; sql: string | null }>(
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex_%' ORDER BY type <> 'table', rowid",
    )
    .all();
  for (const o of objects) {
    let detail: string;
    if (o.type === 'table') {
      const cols = db.prepare(`SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?)`).all(o.name);
      const fks = db.prepare('SELECT "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?)').all(o.name);
      const idx = db.prepare('SELECT name, "unique", origin, partial FROM pragma_index_list(?) ORDER BY name').all(o.name) as Array<{ name: string }>;
      const autos = idx.filter((i) => i.name.startsWith('sqlite_autoindex_')).map((i) => ({
        ...i,
        cols: db.prepare('SELECT name, "desc", coll, "key" FROM pragma_index_xinfo(?)').all(i.name),
      }));
      detail = JSON.stringify({ cols, fks, autos, withoutRowid: /WITHOUT\s+ROWID\s*$/i.test(o.sql ?? '') });
    } else if (o.type === 'index') {
      const cols = db.prepare('SELECT name, "desc", coll, "key" FROM pragma_index_xinfo(?)').all(o.name);
      const where = /\bWHERE\b([\s\S]*)$/i.exec(o.sql ?? '')?.[1]?.replace(/\s+/g, ' ').trim() ?? null;
      detail = JSON.stringify({ table: o.tbl_name, cols, unique: /^CREATE\s+UNIQUE/i.test(o.sql ?? ''), where });
    } else {
      detail = (o.sql ?? '').replace(/\s+/g, ' ').trim();
    }
    shape.set(`${o.type}\0${o.name}`, detail);
  }
  return shape;
}

const expectedShapes = new Map<number, SchemaShape>();
/** What a store of schema `version` must be: the migrations up to that version applied to an empty database. */
function expectedShape(version: number): SchemaShape {
  let shape = expectedShapes.get(version);
  if (!shape) {
    const db = new Database(':memory:');
    try {
      for (const m of migrations().filter((x) => x.version <= version)) db.exec(m.sql);
      shape = shapeOf(db);
    } finally {
      db.close();
    }
    expectedShapes.set(version, shape);
  }
  return shape;
}

/** The tables each schema version must have: those its migrations create. */
function expectedTables(version: number): string[] {
  return [...expectedShape(version).keys()].filter((k) => k.startsWith('table\0')).map((k) => k.slice(6));
}

/** The first differences between a store's schema and the one its version must have, in French; [] when none. */
function schemaProblems(db: SqliteHandle, version: number): string[] {
  const expected = expectedShape(version);
  const actual = shapeOf(db);
  const problems: string[] = [];
  const label = (key: string) => {
    const [type, name] = key.split('\0');
    return `${KIND_FR[type] ?? type} « ${name} »`;
  };
  for (const key of actual.keys()) {
    if (expected.has(key) || key === 'table\0sqlite_stat1') continue;
    const type = key.split('\0')[0];
    problems.push(
      `${label(key)} inconnu${type === 'table' || type === 'vue' || type === 'view' ? 'e' : ''} : le schéma ${version} ` +
        `d'un magasin cprosync n'en contient pas`,
    );
  }
  for (const [key, detail] of expected) {
    const found = actual.get(key);
    if (found === undefined) {
      if (!key.startsWith('table\0')) problems.push(`${label(key)} absent du schéma ${version}`);
    } else if (found !== detail) {
      problems.push(`${label(key)} ne correspond pas au schéma ${version}${columnHint(key, found, detail)}`);
    }
  }
  return problems;
}

/** For a table, which columns differ: "(colonnes absentes : …, inconnues : …)". */
function columnHint(key: string, found: string, expected: string): string {
  if (!key.startsWith('table\0')) return '';
  const names = (d: string) => (JSON.parse(d) as { cols: Array<{ name: string }> }).cols.map((c) => c.name);
  const f = names(found);
  const e = names(expected);
  const parts: string[] = [];
  const missing = e.filter((c) => !f.includes(c));
  const unknown = f.filter((c) => !e.includes(c));
  if (missing.length) parts.push(`colonnes absentes : ${missing.join(', ')}`);
  if (unknown.length) parts.push(`colonnes inconnues : ${unknown.join(', ')}`);
  if (!parts.length) parts.push('types, contraintes ou index des colonnes');
  return ` (${parts.join(' ; ')})`;
}

function hasSqliteHeader(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    return readSync(fd, buf, 0, 16, 0) === 16 && buf.toString('latin1') === 'SQLite format 3\0';
  } finally {
    closeSync(fd);
  }
}

/** Whether `path` is a cprosync store this build can use (its schema is not newer), read without changing it. */
export function inspectStoreFile(path: string): StoreFileInfo {
  const fail = (problem: string): StoreFileInfo => ({ problem, schema: null, counts: null });
  if (!existsSync(path)) return fail('fichier introuvable');
  if (!statSync(path).isFile()) return fail("ce n'est pas un fichier");
  if (!hasSqliteHeader(path)) return fail("ce n'est pas une base SQLite (ni un magasin cprosync)");
  let db: SqliteHandle;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    return fail(`fichier illisible : ${(e as Error).message}`);
  }
  try {
    db.pragma('trusted_schema = OFF'); // a view or trigger of an unchecked file may call no function with effects
    const check = db.pragma('integrity_check(1)', { simple: true });
    if (check !== 'ok') return fail(`fichier endommagé (contrôle d'intégrité : ${String(check)})`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 1) return fail("base SQLite qui n'est pas un magasin cprosync (aucune version de schéma)");
    if (version > schemaVersion()) {
      return fail(`magasin écrit par une version plus récente de cprosync (schéma ${version}, cette version connaît le schéma ${schemaVersion()})`);
    }
    const present = new Set(
      db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name),
    );
    const missing = expectedTables(version).filter((t) => !present.has(t));
    if (missing.length) return fail(`ce n'est pas un magasin cprosync : ${agree(missing.length, 'table absente', 'tables absentes')} : ${missing.join(', ')}`);

    const problems = schemaProblems(db, version);
    if (problems.length) {
      return fail(`schéma non conforme : ${problems.slice(0, 5).join(' ; ')}${problems.length > 5 ? ` ; et ${problems.length - 5} autre(s)` : ''}`);
    }
    const orphans = db.prepare<[], { table: string; parent: string }>('SELECT "table", parent FROM pragma_foreign_key_check').all();
    if (orphans.length) {
      const o = orphans[0];
      return fail(`références cassées : ${orphans.length} ligne(s) renvoient à une ligne absente (la première : table « ${o.table} » vers « ${o.parent} »)`);
    }
    const count = (t: string) => db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${t}`).get()!.n;
    return { problem: null, schema: version, counts: { classes: count('classes'), periods: count('periods'), learners: count('learners') } };
  } catch (e) {
    return fail(`fichier illisible : ${(e as Error).message}`);
  } finally {
    db.close();
  }
}

/** Copies the store file `source` (opened read-only) into `dest`, a new empty file, as one consistent snapshot. */
export async function copyStoreFile(source: string, dest: string): Promise<void> {
  const src = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await src.backup(dest, { progress: () => ALL_PAGES });
  } finally {
    src.close();
  }
}

/**
 * Replaces the store file `target` by `replacement` (a checked, migrated store on the same file system) with one
 * rename. The current store's write-ahead log is first folded back into it and removed, under an exclusive lock
 * that fails if another command has the store open: otherwise that log could be replayed over the new file.
 */
export function swapStoreFile(replacement: string, target: string): void {
  if (!existsSync(target)) {
    renameSync(replacement, target);
    return;
  }
  const db = new Database(target, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 2000');
    try {
      db.pragma('journal_mode = DELETE'); // checkpoints and deletes the -wal; refused while another connection has it open
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
        throw new UserError(`le magasin « ${target} » est utilisé par une autre commande : relancez la restauration quand elle sera terminée. Le magasin n'a pas été modifié.`);
      }
      throw e;
    }
    renameSync(replacement, target); // readers that opened the old file keep reading it; new ones open the restored one
    db.exec('ROLLBACK');
  } finally {
    db.close();
  }
  for (const f of [`${target}-wal`, `${target}-shm`]) rmSync(f, { force: true });
}
