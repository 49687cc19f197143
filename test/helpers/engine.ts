// Which engine the end-to-end tests run cpro on. The `postgres` project of vitest.config.ts sets
// CPRO_TEST_ENGINE=postgres: every `--db <file>` a test passes then names a schema of its own in this run's
// PostgreSQL database (created by test/pg-setup.ts, dropped after the run), so that tests never see each other's
// data and the same test body checks both engines.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

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
