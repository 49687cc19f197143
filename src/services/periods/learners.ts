// Use cases reading learners back, in the stable shape of `--json`.
import type { Store } from '../../store/store.js';
import { UserError } from '../../domain/errors.js';
import { resolvePeriod } from '../shared/resolve.js';
import type { TutorState } from '../../domain/tutor-state.js';
import { accessStateOf } from '../access/tutors.js';

/** A learner's own access to the portal in one period: the same states as the tutors' links. */
export interface LearnerAccess {
  state: TutorState;
  /** The learner's last visit to the portal (ISO instant), null when never. */
  lastVisit: string | null;
}

export interface LearnerSummary {
  id: number;
  ine: string | null;
  lastName: string;
  firstName: string;
  birthDate: string | null;
  email: string | null;
  status: string;
  class: string;
  /** With --period: the learner's access to the portal. */
  access?: LearnerAccess;
}

export async function listLearners(store: Store, filter: { period?: string; class?: string }, now: Date = new Date()): Promise<LearnerSummary[]> {
  const period = filter.period ? await resolvePeriod(store, filter.period) : null;
  let list = period ? await store.learners.inPeriod(period.id) : await store.learners.list();
  if (filter.class) {
    const cls = await store.classes.find(filter.class.trim());
    if (!cls) throw new UserError(`classe inconnue : « ${filter.class} »`);
    list = list.filter((l) => l.classId === cls.id);
  }
  const out: LearnerSummary[] = [];
  for (const l of list) {
    out.push({
      id: l.id,
      ine: l.ine,
      lastName: l.lastName,
      firstName: l.firstName,
      birthDate: l.birthDate,
      email: l.email,
      status: l.status,
      class: l.className,
      ...(period ? { access: await accessOf(store, period.id, l, now) } : {}),
    });
  }
  return out;
}

async function accessOf(store: Store, periodId: number, l: { id: number; lastName: string; firstName: string; email: string | null }, now: Date): Promise<LearnerAccess> {
  const assignmentId = (await store.periods.assignmentId(periodId, l.id))!;
  return {
    state: await accessStateOf(store, assignmentId, { lastName: l.lastName, firstName: l.firstName, email: l.email }, now, 'apprenant'),
    lastVisit: (await store.tutors.account(assignmentId, 'apprenant'))?.lastVisitAt ?? null,
  };
}
