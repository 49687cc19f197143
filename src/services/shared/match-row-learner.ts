// Finding the learner of an imported row among a period's learners: by INE, else by "Nom Prénom" ignoring case
// and accents; a miss or an ambiguity is a data error on the row's line.
import type { DataError } from '../../domain/errors.js';
import type { Learner, Period } from '../../domain/model.js';
import { nameKey } from '../../domain/text.js';

export interface RowIdentity {
  line: number;
  ine: string | null;
  lastName: string | null;
  firstName: string | null;
}

export function matchRowLearner(pool: Learner[], period: Period, row: RowIdentity, errors: DataError[]): Learner | undefined {
  const where = `la période « ${period.name} » (${period.className})`;
  if (row.ine) {
    const byIne = pool.find((l) => l.ine === row.ine);
    if (byIne) return byIne;
    if (!row.lastName || !row.firstName) {
      errors.push({ line: row.line, column: 'INE', message: `aucun apprenant d'INE « ${row.ine} » dans ${where}` });
      return undefined;
    }
  }
  const wanted = nameKey(`${row.lastName} ${row.firstName}`);
  const matches = pool.filter((l) => {
    if (row.ine && l.ine) return false;
    const [a, b] = nameKeys(l);
    return wanted !== '' && (a === wanted || b === wanted);
  });
  if (matches.length === 1) return matches[0];
  const who = `${row.lastName} ${row.firstName}`;
  if (matches.length === 0) {
    errors.push({
      line: row.line,
      column: row.ine ? 'INE' : 'Nom',
      message: row.ine
        ? `aucun apprenant d'INE « ${row.ine} » ni sans INE nommé ${who} dans ${where}`
        : `apprenant introuvable dans ${where} : ${who}`,
    });
  } else {
    errors.push({
      line: row.line,
      column: 'Nom',
      message: `plusieurs apprenants s'appellent ${who} dans ${where} (n° ${matches.map((l) => l.id).join(', ')}) : ajoutez la colonne « INE »`,
    });
  }
  return undefined;
}

/** A learner's two name keys, computed once per learner object: an import of n rows against m learners compared them n·m times. */
const keysOf = new WeakMap<Learner, [string, string]>();
function nameKeys(l: Learner): [string, string] {
  let k = keysOf.get(l);
  if (!k) {
    k = [nameKey(l.lastName + l.firstName), nameKey(l.firstName + l.lastName)];
    keysOf.set(l, k);
  }
  return k;
}
