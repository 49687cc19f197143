// Resolving what the user typed into a period or a learner: an id, an exact name, an INE, "NOM Prénom".
import { UsageError, UserError } from '../../domain/errors.js';
import { nameKey, namesPerson } from '../../domain/text.js';
import type { Learner, Period } from '../../domain/model.js';
import type { Store } from '../../store/store.js';

/**
 * `<period>` is an id or an exact name ignoring case; an ambiguous name asks for the id. Left out, it is the
 * store's only period; with several, a usage error lists them.
 */
export async function resolvePeriod(store: Store, ref: string | undefined): Promise<Period> {
  const trimmed = (ref ?? '').trim();
  if (!trimmed) {
    const all = await store.periods.list();
    if (all.length === 1) return all[0];
    throw new UsageError(
      all.length === 0
        ? 'aucune période enregistrée : importez d\'abord une annexe (cpro import annexe <fichier>)'
        : 'précisez la période : --period <numéro ou nom>, parmi :\n' +
            all.map((p) => `  ${p.id}  ${p.name} (${p.className}, du ${p.start} au ${p.end})`).join('\n'),
    );
  }
  if (/^\d+$/.test(trimmed)) {
    const p = await store.periods.get(Number(trimmed));
    if (p) return p;
  }
  const found = await store.periods.byName(trimmed);
  if (found.length === 1) return found[0];
  if (found.length > 1) {
    throw new UserError(
      `plusieurs périodes s'appellent « ${trimmed} » ; précisez son numéro :\n` +
        found.map((p) => `  ${p.id}  ${p.name} (${p.className}, du ${p.start} au ${p.end})`).join('\n'),
    );
  }
  throw new UserError(`période introuvable : « ${trimmed} » (voir « cpro periods list »)`);
}

/**
 * `<learner>` is an id, an INE, or "NOM Prénom" / "Prénom NOM" ignoring case and accents. Among a period's
 * learners when a period is given. Ambiguous → the candidates are listed.
 */
export async function resolveLearner(store: Store, ref: string, periodId?: number): Promise<Learner> {
  const pool = periodId !== undefined ? await store.learners.inPeriod(periodId) : await store.learners.list();
  const where = periodId !== undefined ? ' dans cette période' : '';
  const trimmed = ref.trim();
  if (/^\d+$/.test(trimmed)) {
    const byId = pool.find((l) => l.id === Number(trimmed));
    if (byId) return byId;
  }
  const byIne = pool.filter((l) => l.ine && l.ine === trimmed.replace(/\s+/g, '').toUpperCase());
  if (byIne.length === 1) return byIne[0];
  const matches = pool.filter((l) => namesPerson(trimmed, l));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new UserError(
      `plusieurs apprenants correspondent à « ${trimmed} »${where} ; précisez l'identifiant ou l'INE :\n` +
        matches.map((l) => `  ${l.id}  ${l.lastName} ${l.firstName} (${l.className}${l.ine ? ', INE ' + l.ine : ''}${l.birthDate ? ', né(e) le ' + l.birthDate : ''})`).join('\n'),
    );
  }
  // A last name alone is accepted when it is unique.
  const byLast = pool.filter((l) => nameKey(l.lastName) === nameKey(trimmed));
  if (byLast.length === 1) return byLast[0];
  if (byLast.length > 1) {
    throw new UserError(
      `plusieurs apprenants s'appellent « ${trimmed} »${where} ; précisez :\n` +
        byLast.map((l) => `  ${l.id}  ${l.lastName} ${l.firstName} (${l.className})`).join('\n'),
    );
  }
  throw new UserError(`apprenant introuvable${where} : « ${trimmed} » (voir « cpro learners list »)`);
}
