// Copies of the store: SQLite's online backup (a consistent snapshot even while another command writes), the
// inspection of a file before it replaces the store, and the restore itself through the same backup API.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { migrations, schemaVersion, type DB } from './db.js';
import { agree } from '../domain/text.js';

/** Pages per backup step: all of them, so that the copy is one read transaction, hence one consistent snapshot. */
const ALL_PAGES = 0x7fffffff;

/** Copies the open store into `dest` (an empty or new file) and makes the copy a single self-contained file. */
export async function backupInto(db: DB, dest: string): Promise<{ pages: number }> {
  const progress = await db.backup(dest, { progress: () => ALL_PAGES });
  const copy = new Database(dest);
  try {
    // A backup is carried around (USB key, network share): no -wal/-shm companions needed to read it.
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  return { pages: progress.totalPages };
}

export interface StoreFileInfo {
  /** null when the file is a compatible cprosync store; otherwise why not, in French. */
  problem: string | null;
  schema: number | null;
  counts: { classes: number; periods: number; learners: number } | null;
}

/** The tables each schema version must have: those its migrations create. */
function expectedTables(version: number): string[] {
  const names = new Set<string>();
  for (const m of migrations().filter((x) => x.version <= version)) {
    for (const match of m.sql.matchAll(/CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["`]?(\w+)/gi)) names.add(match[1]);
  }
  return [...names];
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
  let db: DB;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    return fail(`fichier illisible : ${(e as Error).message}`);
  }
  try {
    const check = db.pragma('quick_check', { simple: true });
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
    const count = (t: string) => db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${t}`).get()!.n;
    return { problem: null, schema: version, counts: { classes: count('classes'), periods: count('periods'), learners: count('learners') } };
  } catch (e) {
    return fail(`fichier illisible : ${(e as Error).message}`);
  } finally {
    db.close();
  }
}

/**
 * Replaces the content of the store at `target` with the store file `source`, page by page through SQLite's backup
 * API: the store's own locks and journal are honoured, so a command reading it meanwhile sees either the old or
 * the new content, never a mix, and no stale -wal file can be replayed over the restored pages.
 */
export async function restoreInto(source: string, target: string): Promise<void> {
  const src = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await src.backup(target, { progress: () => ALL_PAGES });
  } finally {
    src.close();
  }
}
