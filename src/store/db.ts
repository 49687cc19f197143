// Opening the SQLite store: pragmas, numbered migrations recorded in PRAGMA user_version.
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, chmodSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../domain/errors.js';

export type DB = Database.Database;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

interface Migration {
  version: number;
  name: string;
  sql: string;
}

let cached: Migration[] | undefined;
export function migrations(): Migration[] {
  if (!cached) {
    cached = readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d{3}-.*\.sql$/.test(f))
      .sort()
      .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(MIGRATIONS_DIR, f), 'utf8') }));
    cached.forEach((m, i) => {
      if (i > 0 && m.version <= cached![i - 1].version) throw new Error(`migration ${m.name} duplicated`);
    });
  }
  return cached;
}

/** The schema version this build writes: the number of its latest migration. */
export function schemaVersion(): number {
  const all = migrations();
  return all.length ? all[all.length - 1].version : 0;
}

/** Opens (creating if needed) the store at `path` and brings it to the current schema. */
export function openDb(path: string): DB {
  const isNew = path !== ':memory:' && !existsSync(path);
  let db: DB;
  try {
    db = new Database(path);
  } catch (e) {
    throw new UserError(`Impossible d'ouvrir le magasin de données « ${path} » : ${(e as Error).message}`);
  }
  if (isNew) {
    try {
      chmodSync(path, 0o600); // personal data of minors: readable by the owner only
    } catch {
      /* not fatal on filesystems without modes */
    }
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`); // first: even switching to WAL may wait for another writer
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
  } catch (e) {
    db.close();
    if (e instanceof UserError) throw e;
    if (isBusy(e)) throw busyError(path);
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new UserError(`« ${path} » n'est pas un magasin cprosync (fichier SQLite illisible).`);
    }
    throw e;
  }
  return db;
}

function migrate(db: DB, path: string): void {
  const all = migrations();
  const latest = schemaVersion();
  const version = () => db.pragma('user_version', { simple: true }) as number;
  if (version() === latest) return;
  // A migration that rebuilds a referenced table runs with foreign keys off (SQLite's documented procedure: the
  // pragma is ignored inside a transaction, so it is set before), and every key is checked before it commits.
  const from = version();
  const rebuild = all.some((m) => m.version > from && /^-- cpro:foreign-keys-off\s*$/m.test(m.sql));
  if (rebuild) db.pragma('foreign_keys = OFF');
  try {
    // Another process may be migrating the same store: read the version again under the write lock.
    db.transaction(() => migrateLocked(db, path, version(), all, latest)).immediate();
  } finally {
    if (rebuild) db.pragma('foreign_keys = ON');
  }
}

function migrateLocked(db: DB, path: string, current: number, all: Migration[], latest: number): void {
  if (current > latest) {
    throw new UserError(
      `Le magasin « ${path} » a été écrit par une version plus récente de cprosync (schéma ${current}, ` +
        `cette version connaît le schéma ${latest}). Mettez cprosync à jour.`,
    );
  }
  for (const m of all.filter((x) => x.version > current)) {
    db.exec(m.sql);
    db.pragma(`user_version = ${m.version}`);
  }
  if (db.pragma('foreign_keys', { simple: true }) === 0 && (db.pragma('foreign_key_check') as unknown[]).length) {
    throw new Error(`migration to schema ${latest}: foreign keys broken`);
  }
}

/**
 * How long a command waits for another one's write lock: a large import holds it for seconds, never minutes.
 * CPRO_BUSY_TIMEOUT (milliseconds) overrides it, for tests and slow disks.
 */
export const BUSY_TIMEOUT_MS = Number(process.env.CPRO_BUSY_TIMEOUT) > 0 ? Number(process.env.CPRO_BUSY_TIMEOUT) : 120_000;
/** The first, silent part of the wait; after it the command says on stderr what it is waiting for. */
const QUIET_WAIT_MS = 1_000;

/** SQLite's "database is locked" (another connection holds the write lock) or "table is locked". */
export function isBusy(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

export function busyError(path: string): UserError {
  return new UserError(
    `Le magasin « ${path} » est occupé : une autre commande y écrit depuis plus de ${Math.round(BUSY_TIMEOUT_MS / 1000)} s. ` +
      'Rien n\'a été écrit ; relancez la commande quand l\'autre sera terminée.',
  );
}

/**
 * Runs `fn` in one write transaction that takes the write lock at BEGIN (IMMEDIATE), so that two writers queue
 * at the start instead of one failing when its deferred read lock cannot be upgraded. If the lock is not free
 * within a second, `onWait` is told once, and the wait goes on up to BUSY_TIMEOUT_MS. Nested calls are savepoints.
 */
export function writeTransaction<T>(db: DB, path: string, fn: () => T, onWait?: (message: string) => void): T {
  let started = false;
  const tx = db.transaction(() => {
    started = true;
    return fn();
  });
  if (db.inTransaction) return tx();
  db.pragma(`busy_timeout = ${Math.min(QUIET_WAIT_MS, BUSY_TIMEOUT_MS)}`);
  try {
    return tx.immediate();
  } catch (e) {
    if (!isBusy(e) || started) throw isBusy(e) ? busyError(path) : e;
    onWait?.(`attente : une autre commande écrit dans le magasin « ${path} » ; cette commande reprendra dès qu'elle aura fini…`);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    try {
      return tx.immediate();
    } catch (e2) {
      throw isBusy(e2) ? busyError(path) : e2;
    }
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}
