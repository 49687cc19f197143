// The PFMP scales in force: the school's own file (cpro config set baremes.fichier) or the one shipped in templates/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScales, type Scales } from '../../domain/allocation.js';
import { UserError } from '../../domain/errors.js';
import { TEMPLATES_DIR } from '../../paths.js';
import type { Store } from '../../store/store.js';

export const SCALES_KEY = 'baremes.fichier';
export const SHIPPED_SCALES = join(TEMPLATES_DIR, 'baremes', 'pfmp.json');

/** Reads and checks a scales file; every mistake is named. */
export function readScalesFile(path: string): Scales {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`barèmes illisibles « ${path} » : ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'fichier introuvable' : (e as Error).message}`);
  }
  const { scales, errors } = parseScales(raw);
  if (!scales) throw new UserError(`barèmes invalides « ${path} » :\n${errors.map((e) => `  ${e}`).join('\n')}`);
  return scales;
}

export async function loadScales(store: Store): Promise<Scales> {
  return readScalesFile((await store.config.get(SCALES_KEY))?.trim() || SHIPPED_SCALES);
}
