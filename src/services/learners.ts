// Use cases reading learners back, in the stable shape of `--json`.
import type { Store } from '../store/store.js';
import { UserError } from '../domain/errors.js';
import { resolvePeriod } from './resolve.js';

export interface LearnerSummary {
  id: number;
  ine: string | null;
  lastName: string;
  firstName: string;
  birthDate: string | null;
  email: string | null;
  status: string;
  class: string;
}

export function listLearners(store: Store, filter: { period?: string; class?: string }): LearnerSummary[] {
  let list = filter.period ? store.learners.inPeriod(resolvePeriod(store, filter.period).id) : store.learners.list();
  if (filter.class) {
    const cls = store.classes.find(filter.class.trim());
    if (!cls) throw new UserError(`classe inconnue : « ${filter.class} »`);
    list = list.filter((l) => l.classId === cls.id);
  }
  return list.map((l) => ({
    id: l.id,
    ine: l.ine,
    lastName: l.lastName,
    firstName: l.firstName,
    birthDate: l.birthDate,
    email: l.email,
    status: l.status,
    class: l.className,
  }));
}
