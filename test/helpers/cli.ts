// The one end-to-end helper: the built CLI (bin/cpro.js → dist/, rebuilt by test/global-setup.ts) spawned as a
// user would, on a temporary store, in an environment scrubbed the same way for every way of running it
// (blocking, asynchronous, streaming, on a pseudo-terminal through `script`).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { engineArgs, storeTarget } from './engine.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'cpro.js');
export const FIXTURES = join(ROOT, 'fixtures');

/** The path of a file of fixtures/. */
export const fixture = (name: string) => join(FIXTURES, name);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  /** Added to the scrubbed environment; undefined removes a variable. */
  env?: Record<string, string | undefined>;
  input?: string;
}

/**
 * Variables of the developer's shell (or of CI) that would change what cpro does: removed unless a test sets them.
 * CI is for the test harness only: Node takes any terminal for a 2-colour one when CI is set, which no teacher's has.
 */
const SCRUBBED = ['CPRO_DB', 'CPRO_DEBUG', 'CPRO_SMTP_URL', 'CPRO_MAIL_FROM', 'CPRO_PORTAL_URL', 'CPRO_OUTBOX', 'CPRO_NOW', 'FORCE_COLOR', 'CI'];

/** The environment every spawned cpro runs in: the test's own, without cpro's settings, NO_COLOR=1, plus `extra`. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  for (const k of SCRUBBED) delete env[k];
  Object.assign(env, extra);
  if (env.CPRO_DB) env.CPRO_DB = storeTarget(env.CPRO_DB);
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env as NodeJS.ProcessEnv;
}

/** Runs `cpro <args>` and returns its exit code and outputs. */
export function cpro(args: string[], opts: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...engineArgs(args)], { cwd: opts.cwd ?? ROOT, env: cliEnv(opts.env), input: opts.input ?? '', encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Starts `cpro <args>` without waiting, for a test that watches it run (stdin left open). */
export function spawnCpro(args: string[], opts: Omit<CliOptions, 'input'> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...engineArgs(args)], { cwd: opts.cwd ?? ROOT, env: cliEnv(opts.env) });
}

/** Like `cpro`, without blocking the event loop, so that a server in the test process (SMTP) can answer it. */
export function cproAsync(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCpro(args, opts);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin!.end(opts.input ?? '');
  });
}

function parsed<T>(r: CliResult): { code: number; data: T; stderr: string } {
  try {
    return { code: r.code, data: JSON.parse(r.stdout) as T, stderr: r.stderr };
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.code}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
}

/** Runs cpro with --db pointing at `db`, parsing stdout as JSON (--json is added). */
export function cproJson<T = unknown>(db: string, args: string[], opts: CliOptions = {}): { code: number; data: T; stderr: string } {
  return parsed<T>(cpro(['--db', db, ...args, '--json'], opts));
}

/** cproJson without blocking the event loop. */
export async function cproJsonAsync<T = unknown>(db: string, args: string[], opts: CliOptions = {}): Promise<{ code: number; data: T; stderr: string }> {
  return parsed<T>(await cproAsync(['--db', db, ...args, '--json'], opts));
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The `script` command line that gives `cpro <args>` a pseudo-terminal, as a teacher's terminal would. */
function scriptArgs(args: string[]): string[] {
  return ['-qec', [process.execPath, BIN, ...engineArgs(args)].map(quote).join(' '), '/dev/null'];
}

/** Runs `cpro <args>` on a pseudo-terminal (`script`, see requireTool('script')); returns what the terminal showed. */
export function cproOnTerminal(args: string[], opts: CliOptions = {}): CliResult {
  const r = spawnSync('script', scriptArgs(args), { cwd: opts.cwd ?? ROOT, env: cliEnv(opts.env), input: opts.input ?? '', encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** cproOnTerminal without blocking the event loop. */
export function cproOnTerminalAsync(args: string[], opts: Omit<CliOptions, 'input'> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', scriptArgs(args), { cwd: opts.cwd ?? ROOT, env: cliEnv(opts.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'cpro-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TempStore {
  dir: string;
  /** dir/cpro.db, not created until a command writes it. */
  db: string;
  /** `cpro --db <db> <args>`, run in `dir`. */
  run(args: string[], opts?: CliOptions): CliResult;
  /** run(args) that must succeed (exit 0, stderr shown otherwise). */
  ok(args: string[], opts?: CliOptions): CliResult;
  json<T = unknown>(args: string[], opts?: CliOptions): { code: number; data: T; stderr: string };
  cleanup(): void;
}

/** A temporary directory holding a store, with the ways to run cpro on it; `env` applies to every run. */
export function tempStore(prefix = 'cpro-', env: Record<string, string | undefined> = {}): TempStore {
  const { dir, cleanup } = tempDir(prefix);
  const db = join(dir, 'cpro.db');
  const withDefaults = (opts: CliOptions = {}): CliOptions => ({ cwd: dir, ...opts, env: { ...env, ...opts.env } });
  const run = (args: string[], opts?: CliOptions) => cpro(['--db', db, ...args], withDefaults(opts));
  return {
    dir,
    db,
    run,
    ok(args, opts) {
      const r = run(args, opts);
      if (r.code !== 0) throw new Error(`cpro ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
      return r;
    },
    json: (args, opts) => cproJson(db, args, withDefaults(opts)),
    cleanup,
  };
}
