// Empties dist/ before a build, so that no compiled file outlives its source (dist/ is what the package ships).
import { rmSync } from 'node:fs';
rmSync('dist', { recursive: true, force: true });
