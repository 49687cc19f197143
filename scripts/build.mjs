// `npm run build`: compiles into dist.next/, adds the SQL migrations and the build stamp, then swaps it for dist/.
// A CLI started during a build (another test run, a user) finds the whole old dist/ or the whole new one, never
// an emptied folder; and no compiled file outlives its source, since dist.next/ starts empty.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT, sourceHash } from './build-stamp.mjs';

const next = join(ROOT, 'dist.next');
const dist = join(ROOT, 'dist');
const old = join(ROOT, 'dist.old');

rmSync(next, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.json'), '--outDir', next], { stdio: 'inherit' });
if (r.status !== 0) {
  rmSync(next, { recursive: true, force: true });
  process.exit(r.status ?? 1);
}
// tsc emits .js only: the migrations are read next to the compiled store.
mkdirSync(join(next, 'store', 'migrations'), { recursive: true });
cpSync(join(ROOT, 'src', 'store', 'migrations'), join(next, 'store', 'migrations'), { recursive: true });
writeFileSync(join(next, '.build-stamp'), sourceHash());

rmSync(old, { recursive: true, force: true });
if (existsSync(dist)) renameSync(dist, old);
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });
