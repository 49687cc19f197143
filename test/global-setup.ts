// Before any test: dist/ (what bin/cpro.js runs) is rebuilt when the sources changed since the last build, so
// that a bare `npx vitest` never tests stale code, and `npm test` after `npm run build` does not build twice.
import { spawnSync } from 'node:child_process';
import { isFresh } from '../scripts/build-stamp.mjs';

export default function setup(): void {
  if (isFresh()) return;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed before the tests:\n${r.stdout}\n${r.stderr}`);
  if (!isFresh()) throw new Error('npm run build did not record dist/.build-stamp');
}
