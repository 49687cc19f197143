// What dist/ was compiled from: a hash of the sources, the build settings and the lock file. `npm run build`
// (scripts/build.mjs) records it in dist/.build-stamp; test/global-setup.ts rebuilds when it differs, so that no
// test runs stale code.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
const INPUTS = ['src', 'templates', 'tsconfig.json', 'package-lock.json', 'scripts/build.mjs'];
const STAMP = join(ROOT, 'dist', '.build-stamp');

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => files(join(path, name)));
}

export function sourceHash() {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((p) => files(join(ROOT, p))).sort()) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export const isFresh = () => existsSync(STAMP) && readFileSync(STAMP, 'utf8') === sourceHash();

