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

async function findClass(store: Store, name: string): Promise<ClassRow> {
  const cls = await store.classes.find(name.trim());
  if (!cls) {
    const known = (await store.classes.list()).map((c) => c.name);
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

async function lockedPeriods(store: Store, classId: number, latest: string | null): Promise<LockedPeriod[]> {
  return (await store.periods.list())
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

export async function addBilanIntermediaire(store: Store, className: string, rawDate: string): Promise<BilanIntermediaireChange> {
  const cls = await findClass(store, className);
  const date = dateOf(rawDate);
  const before = new Set((await lockedPeriods(store, cls.id, await store.bilansIntermediaires.latest(cls.id))).map((p) => p.id));
  const changed = await store.bilansIntermediaires.add(cls.id, date);
  const after = await lockedPeriods(store, cls.id, await store.bilansIntermediaires.latest(cls.id));
  return { class: cls.name, date, changed, periods: after.filter((p) => !before.has(p.id)) };
}

export async function removeBilanIntermediaire(store: Store, className: string, rawDate: string): Promise<BilanIntermediaireChange> {
  const cls = await findClass(store, className);
  const date = dateOf(rawDate);
  const before = await lockedPeriods(store, cls.id, await store.bilansIntermediaires.latest(cls.id));
  const changed = await store.bilansIntermediaires.remove(cls.id, date);
  const after = new Set((await lockedPeriods(store, cls.id, await store.bilansIntermediaires.latest(cls.id))).map((p) => p.id));
  return { class: cls.name, date, changed, periods: before.filter((p) => !after.has(p.id)) };
}

export interface BilanIntermediaireEntry {
  class: string;
  date: string;
  /** The class's latest one: the one that sets the lock. */
  latest: boolean;
  lockedPeriods: string[];
}

export async function listBilansIntermediaires(store: Store, className?: string): Promise<BilanIntermediaireEntry[]> {
  const only = className ? (await findClass(store, className)).id : undefined;
  const all = (await store.bilansIntermediaires.list()).filter((b) => only === undefined || b.classId === only);
  const out: BilanIntermediaireEntry[] = [];
  for (const b of all) {
    const latest = (await store.bilansIntermediaires.latest(b.classId)) === b.date;
    out.push({
      class: b.className,
      date: b.date,
      latest,
      lockedPeriods: latest ? (await lockedPeriods(store, b.classId, b.date)).map((p) => p.name) : [],
    });
  }
  return out;
}
