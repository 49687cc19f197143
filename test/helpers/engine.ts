// Which engine the end-to-end tests run cpro on. The `postgres` project of vitest.config.ts sets
// CPRO_TEST_ENGINE=postgres: every `--db <file>` a test passes then names a schema of its own in this run's
// PostgreSQL database (created by test/pg-setup.ts, dropped after the run), so that tests never see each other's
// data and the same test body checks both engines.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, type Store } from '../../src/store/store.js';
import { maskUrl, translate } from '../../src/store/engine/postgres.js';

export type TestEngine = 'sqlite' | 'postgres';
export const ENGINE: TestEngine = process.env.CPRO_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** The server given to the tests (any database on it), or undefined when none is configured. */
export const PG_SERVER_URL = process.env.CPRO_TEST_PG_URL || undefined;

/** This run's own database on that server (set by test/pg-setup.ts). */
export function runDatabaseUrl(): string {
  const url = process.env.CPRO_TEST_PG_RUN_URL;
  if (!url) throw new Error('CPRO_TEST_PG_RUN_URL is not set: test/pg-setup.ts did not create the run database');
  return url;
}

const created = new Set<string>();

/** Runs SQL on this run's database with psql (synchronously: the CLI helpers are synchronous). */
export function psql(sql: string, url = runDatabaseUrl()): string {
  const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

/** The schema that stands for the store file `path` in this run's database. */
export function schemaFor(path: string): string {
  return `t_${createHash('sha256').update(resolve(path)).digest('hex').slice(0, 20)}`;
}

/** A postgres:// URL naming a fresh schema for `path`, created on first use. */
export function pgStoreUrl(path: string): string {
  const schema = schemaFor(path);
  if (!created.has(schema)) {
    psql(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    created.add(schema);
  }
  const u = new URL(runDatabaseUrl());
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** What `--db` must say for a store the test calls `path`: the path itself, or its schema's URL. */
export function storeTarget(path: string): string {
  if (ENGINE === 'sqlite' || path === ':memory:' || /^postgres(ql)?:\/\//.test(path)) return path;
  return pgStoreUrl(path);
}

/** Rewrites `--db <path>` (and `--db=<path>`) in a command line for the engine under test. */
export function engineArgs(args: string[]): string[] {
  if (ENGINE === 'sqlite') return args;
  return args.map((a, i) => {
    if (args[i - 1] === '--db' || args[i - 1] === '--to') return storeTarget(a);
    if (a.startsWith('--db=')) return `--db=${storeTarget(a.slice(5))}`;
    return a;
  });
}

// Engine-agnostic views of a test's store, for tests that check what a command wrote (or did not write).

/** psql on the schema of the store `path`, one statement, stdout as text (synchronous, as the CLI helpers are). */
function psqlIn(path: string, sql: string): string {
  const r = spawnSync('psql', [runDatabaseUrl(), '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', `SET search_path TO ${schemaFor(path)}`, '-c', sql], {
    encoding: 'utf8',
    env: { ...process.env, PGCLIENTENCODING: 'UTF8' },
  });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr || r.error?.message}\n${sql}`);
  return r.stdout;
}

type SqlValue = string | number | null;
const literal = (v: SqlValue) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);
/** `sql` for psql: translate() quotes camel-case aliases as the store does (PostgreSQL folds the others to lower
 * case) and numbers the parameters, which psql cannot bind: they become literals. */
const bind = (sql: string, params: SqlValue[]) => translate(sql).text.replace(/\$(\d+)/g, (_, n: string) => literal(params[Number(n) - 1]));

/**
 * The rows `sql` returns from the store `path`, `?` bound to `params` in order (SQLite answers 0/1 for a boolean,
 * PostgreSQL true/false).
 */
export function sqlRows<T = Record<string, unknown>>(path: string, sql: string, params: SqlValue[] = []): T[] {
  if (ENGINE === 'sqlite') {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  return JSON.parse(psqlIn(path, `SELECT coalesce(json_agg(t), '[]') FROM (${bind(sql, params)}) t`)) as T[];
}

/** The first row of sqlRows, or undefined. */
export function sqlRow<T = Record<string, unknown>>(path: string, sql: string, params: SqlValue[] = []): T | undefined {
  return sqlRows<T>(path, sql, params)[0];
}

/** Changes the store `path` as another program would behind cpro's back: statements, or one with `?` bound to `params`. */
export function sqlRun(path: string, sql: string, params: SqlValue[] = []): void {
  if (ENGINE === 'sqlite') {
    const db = new Database(path, { fileMustExist: true });
    try {
      if (params.length) db.prepare(sql).run(...params);
      else db.exec(sql);
    } finally {
      db.close();
    }
    return;
  }
  psqlIn(path, bind(sql, params));
}

/** Opens the store a test calls `path` through the store's own API (the caller closes it). */
export function openTestStore(path: string): Promise<Store> {
  return openStore(storeTarget(path));
}

/** How cpro names the store `path` in its messages: the path, or the URL of its schema (password masked). */
export function storeLabel(path: string): string {
  return ENGINE === 'sqlite' || path === ':memory:' ? path : maskUrl(storeTarget(path));
}

/** What cpro says of a store `path` that does not exist (on PostgreSQL: a database without cprosync's tables). */
export function missingStoreError(path: string): string {
  const which = ENGINE === 'sqlite' ? `« ${path} »` : `la base « ${storeLabel(path)} » ne contient pas de magasin cprosync`;
  return `erreur : magasin de données introuvable : ${which} (vérifiez --db ou CPRO_DB ; « cpro import annexe <fichier> » en crée un)\n`;
}

/** Whether the store `path` exists: its file, or cprosync's tables in its schema. */
export function storeExists(path: string): boolean {
  if (ENGINE === 'sqlite') return existsSync(path);
  const schema = schemaFor(path);
  return psql(`SELECT count(*) FROM pg_tables WHERE schemaname = '${schema}' AND tablename = 'cpro_schema'`).trim() !== '0';
}

/**
 * Whether a command that failed on a new store left nothing behind: no file on SQLite, no cprosync table in the
 * schema on PostgreSQL (the same "store not found" afterwards on both).
 */
export function noStoreLeftBehind(path: string): boolean {
  if (ENGINE === 'sqlite') return !storeExists(path);
  const schema = schemaFor(path);
  return psql(`SELECT count(*) FROM pg_tables WHERE schemaname = '${schema}'`).trim() === '0';
}

/** Every table's rows of the store `path` on PostgreSQL, as JSON text ('' when there is no store). */
function pgDump(path: string): string {
  if (!storeExists(path)) return '';
  const tables = psqlIn(path, 'SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1').trim().split('\n');
  const dump = tables.map((t) => `SELECT '${t}' AS t, (SELECT coalesce(json_agg(r ORDER BY r::text), '[]') FROM ${t} r) AS rows`).join(' UNION ALL ');
  return psqlIn(path, `SELECT json_agg(d ORDER BY d.t) FROM (${dump}) d`);
}

/**
 * What the store `path` holds, to prove that a command changed nothing: the file's bytes on SQLite (not even a
 * page rewritten), every table's rows on PostgreSQL. '' when there is no store.
 */
export function storeSnapshot(path: string): string {
  if (ENGINE === 'postgres') return pgDump(path);
  return existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : '';
}

/**
 * Everything the store `path` holds, as text to search for what must never be stored (a token): the file and its
 * journals byte for byte on SQLite (free pages included), every table's rows on PostgreSQL.
 */
export function storeRawText(path: string): string {
  if (ENGINE === 'postgres') return pgDump(path);
  const dir = dirname(path);
  return readdirSync(dir)
    .filter((f) => f.startsWith(basename(path)))
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('');
}

/** The schema version recorded in the store `path`: SQLite's user_version, or the row of cpro_schema. */
export function recordedSchemaVersion(path: string): number {
  if (ENGINE === 'sqlite') return sqlRow<{ user_version: number }>(path, 'PRAGMA user_version')!.user_version;
  return sqlRow<{ version: number }>(path, 'SELECT version FROM cpro_schema')!.version;
}

/** Records another schema version in the store `path`, as a newer (or older) cprosync would have. */
export function recordSchemaVersion(path: string, version: number): void {
  if (ENGINE === 'sqlite') sqlRun(path, `PRAGMA user_version = ${version}`);
  else sqlRun(path, `UPDATE cpro_schema SET version = ${version}`);
}
