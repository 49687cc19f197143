// Finding référentiels: the ones imported into the store first, then the ones shipped in templates/referentiels/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../../paths.js';
import { UserError } from '../../domain/errors.js';
import type { Referentiel } from '../../domain/referentiel.js';
import type { Store } from '../../store/store.js';

export const DEFAULT_REFERENTIEL = 'BACPRO-MSPC';
/** The config key naming the active référentiel. */
export const ACTIVE_REFERENTIEL_KEY = 'referentiel.actif';

let shipped: Map<string, Referentiel> | undefined;
export function shippedReferentiels(): Map<string, Referentiel> {
  if (!shipped) {
    shipped = new Map();
    const dir = join(TEMPLATES_DIR, 'referentiels');
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))) {
      const ref = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Referentiel;
      shipped.set(ref.code, ref);
    }
  }
  return shipped;
}

export async function findReferentiel(store: Store, code: string): Promise<Referentiel | undefined> {
  return ((await store.referentiels.get(code)) as Referentiel | undefined) ?? shippedReferentiels().get(code);
}

export async function getReferentiel(store: Store, code: string): Promise<Referentiel> {
  const ref = await findReferentiel(store, code);
  if (!ref) throw new UserError(`référentiel inconnu : « ${code} » (voir « cpro referentiel list »)`);
  return ref;
}

/** The référentiel new periods are created with (config `referentiel.actif`, default Bac Pro MSPC). */
export async function activeReferentiel(store: Store): Promise<Referentiel> {
  return getReferentiel(store, (await store.config.get(ACTIVE_REFERENTIEL_KEY)) ?? DEFAULT_REFERENTIEL);
}
