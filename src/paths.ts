// Where the package's data files live, whether run from dist/ or through vitest from src/.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');
