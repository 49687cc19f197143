// Copies the SQL migrations next to the compiled store (tsc only emits .js).
import { cpSync, mkdirSync } from 'node:fs';
mkdirSync('dist/store/migrations', { recursive: true });
cpSync('src/store/migrations', 'dist/store/migrations', { recursive: true });
