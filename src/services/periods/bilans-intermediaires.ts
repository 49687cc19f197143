// Use cases on the bilans intermédiaires de compétences of a class, and the periods they lock.
import type { Store } from '../../store/store.js';
import { UserError } from '../../domain/errors.js';
import { parseDate } from '../../domain/dates.js';
import { isLocked } from '../../domain/locks.js';
import type { ClassRow } from '../../store/classes.js';

interface LockedPeriod {
  id: number;
  name: string;
  bilanDate: string;
}

function findClass(store: Store, name: string): ClassRow {
  const cls = store.classes.find(name.trim());
  if (!cls) {
    const known = store.classes.list().map((c) => c.name);
    throw new UserError(
      `classe inconnue : « ${name.trim()} »` + (known.length ? ` (classes connues : ${known.join(', ')})` : ' (aucune classe : importez d\'abord une annexe)'),
    );
  }
  return cls;
}

function dateOf(raw: string): string {
  const d = parseDate(raw);
  if (!d) throw new UserError(`--date : date invalide « ${raw} » (formats acceptés : jj/mm/aaaa ou aaaa-mm-jj)`);
  return d;
}

function lockedPeriods(store: Store, classId: number, latest: string | null): LockedPeriod[] {
  return store.periods
    .list()
    .filter((p) => p.classId === classId && isLocked(p.bilanDate, latest))
    .map((p) => ({ id: p.id, name: p.name, bilanDate: p.bilanDate }));
}

export interface BilanIntermediaireChange {
  class: string;
  date: string;
  /** False when nothing changed (already recorded, or nothing to remove). */
  changed: boolean;
  /** Periods whose lock state this change flipped: newly locked on add, unlocked on remove. */
  periods: LockedPeriod[];
}

export function addBilanIntermediaire(store: Store, className: string, rawDate: string): BilanIntermediaireChange {
  const cls = findClass(store, className);
  const date = dateOf(rawDate);
  const before = new Set(lockedPeriods(store, cls.id, store.bilansIntermediaires.latest(cls.id)).map((p) => p.id));
  const changed = store.bilansIntermediaires.add(cls.id, date);
  const after = lockedPeriods(store, cls.id, store.bilansIntermediaires.latest(cls.id));
  return { class: cls.name, date, changed, periods: after.filter((p) => !before.has(p.id)) };
}

export function removeBilanIntermediaire(store: Store, className: string, rawDate: string): BilanIntermediaireChange {
  const cls = findClass(store, className);
  const date = dateOf(rawDate);
  const before = lockedPeriods(store, cls.id, store.bilansIntermediaires.latest(cls.id));
  const changed = store.bilansIntermediaires.remove(cls.id, date);
  const after = new Set(lockedPeriods(store, cls.id, store.bilansIntermediaires.latest(cls.id)).map((p) => p.id));
  return { class: cls.name, date, changed, periods: before.filter((p) => !after.has(p.id)) };
}

export interface BilanIntermediaireEntry {
  class: string;
  date: string;
  /** The class's latest one: the one that sets the lock. */
  latest: boolean;
  lockedPeriods: string[];
}

export function listBilansIntermediaires(store: Store, className?: string): BilanIntermediaireEntry[] {
  const only = className ? findClass(store, className).id : undefined;
  const all = store.bilansIntermediaires.list().filter((b) => only === undefined || b.classId === only);
  return all.map((b) => {
    const latest = store.bilansIntermediaires.latest(b.classId) === b.date;
    return {
      class: b.className,
      date: b.date,
      latest,
      lockedPeriods: latest ? lockedPeriods(store, b.classId, b.date).map((p) => p.name) : [],
    };
  });
}
