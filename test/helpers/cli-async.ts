// Spawning the built CLI without blocking the event loop, so that a server in the test process (SMTP) can answer it.
import { spawn } from 'node:child_process';
import { BIN, ROOT, type CliOptions, type CliResult } from './cli.js';

/** Like `cpro` from cli.ts, but asynchronous. CPRO_DB and CPRO_SMTP_URL are cleared unless given. */
export function cproAsync(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const env: Record<string, string | undefined> = {
    ...process.env, NO_COLOR: '1', CPRO_DEBUG: undefined, CPRO_DB: undefined, CPRO_SMTP_URL: undefined,
    CPRO_MAIL_FROM: undefined, CPRO_PORTAL_URL: undefined, CPRO_OUTBOX: undefined, CPRO_NOW: undefined, ...opts.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** Runs cpro --db <db> <args> --json asynchronously and parses stdout. */
export async function cproJsonAsync<T = unknown>(db: string, args: string[], opts: CliOptions = {}): Promise<{ code: number; data: T; stderr: string }> {
  const r = await cproAsync(['--db', db, ...args, '--json'], opts);
  try {
    return { code: r.code, data: JSON.parse(r.stdout) as T, stderr: r.stderr };
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.code}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
}
