// Spawning the built CLI (bin/cpro.js → dist/) on a temporary store, as a user would.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'cpro.js');
export const FIXTURES = join(ROOT, 'fixtures');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
}

/** Runs `cpro <args>` and returns its exit code and outputs. CPRO_DB is cleared unless given. */
export function cpro(args: string[], opts: CliOptions = {}): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', CPRO_DEBUG: undefined, CPRO_DB: undefined, CPRO_SMTP_URL: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const spawnOpts: SpawnSyncOptions = { cwd: opts.cwd ?? ROOT, env: env as NodeJS.ProcessEnv, input: opts.input ?? '', encoding: 'utf8' };
  const r = spawnSync(process.execPath, [BIN, ...args], spawnOpts);
  return { code: r.status ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'cpro-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs cpro with --db pointing at `db`, parsing stdout as JSON (the command must be given --json). */
export function cproJson<T = unknown>(db: string, args: string[], opts: CliOptions = {}): { code: number; data: T; stderr: string } {
  const r = cpro(['--db', db, ...args, '--json'], opts);
  let data: T;
  try {
    data = JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.code}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
  return { code: r.code, data, stderr: r.stderr };
}
