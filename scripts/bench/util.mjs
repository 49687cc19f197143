// Shared helpers of the benchmarks: timing a command, running the CLI with its peak RSS.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHILD = join(ROOT, 'scripts', 'bench', 'child.mjs');

/** Runs `cpro <args>` in a fresh process; returns wall seconds (start-up included) and peak RSS in MB. */
export function runCpro(args, { cwd = ROOT, env = {} } = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CHILD, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const m = /maxrss_kb=(\d+)/.exec(r.stderr);
  return { seconds, rssMb: m ? Number(m[1]) / 1024 : NaN, code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function time(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, code: r.status, error: r.error, stderr: r.stderr, stdout: r.stdout };
}

export function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

export const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

/** Median of n runs of fn() → { seconds, ... } by seconds. */
export function median(n, fn) {
  const runs = Array.from({ length: n }, fn).sort((a, b) => a.seconds - b.seconds);
  return runs[Math.floor(n / 2)];
}
