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
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, path);
  } catch (e) {
    db.close();
    if (e instanceof UserError) throw e;
    if ((e as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new UserError(`« ${path} » n'est pas un magasin cprosync (fichier SQLite illisible).`);
    }
    throw e;
  }
  return db;
}

function migrate(db: DB, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const all = migrations();
  const latest = schemaVersion();
  if (current > latest) {
    throw new UserError(
      `Le magasin « ${path} » a été écrit par une version plus récente de cprosync (schéma ${current}, ` +
        `cette version connaît le schéma ${latest}). Mettez cprosync à jour.`,
    );
  }
  for (const m of all.filter((x) => x.version > current)) {
    // A migration that rebuilds a referenced table runs with foreign keys off (SQLite's documented procedure:
    // the pragma is ignored inside a transaction), and every key is checked before it commits.
    const rebuild = /^-- cpro:foreign-keys-off\s*$/m.test(m.sql);
    if (rebuild) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (rebuild && (db.pragma('foreign_key_check') as unknown[]).length) throw new Error(`migration ${m.name}: foreign keys broken`);
        db.pragma(`user_version = ${m.version}`);
      })();
    } finally {
      if (rebuild) db.pragma('foreign_keys = ON');
    }
  }
}
