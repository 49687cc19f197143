// Use cases changing a period: edit its parameters and annex, delete it. Both refuse a locked period.
import type { Store } from '../../store/store.js';
import { DataErrors, UsageError, UserError } from '../../domain/errors.js';
import { parseDate, shortFrenchDate } from '../../domain/dates.js';
import { isLocked, periodLockReason } from '../../domain/locks.js';
import { isIndividualised, type Period } from '../../domain/model.js';
import { PERIOD_KINDS, parsePeriodKind } from '../../domain/period-kinds.js';
import { bilanDateLockError, periodDateErrors } from '../../domain/period-rules.js';
import { splitTaskCodes, unknownTaskCodes } from '../../domain/referentiel.js';
import { agree, cleanText, plural } from '../../domain/text.js';
import { resolveLearner, resolvePeriod } from '../shared/resolve.js';
import { getReferentiel } from '../referentiels/referentiels.js';
import { readObjectivesFile } from '../liaison/liaison.js';

/** Refuses when the period is locked by a bilan intermédiaire, saying why with both dates. */
export async function assertUnlocked(store: Store, p: Period, action: string): Promise<void> {
  const latest = await store.bilansIntermediaires.latest(p.classId);
  if (isLocked(p.bilanDate, latest)) throw new UserError(`${action} impossible : ${periodLockReason(p.name, p.bilanDate, latest!)}`);
}

export interface PeriodEditOptions {
  name?: string;
  start?: string;
  end?: string;
  bilanDate?: string;
  kind?: string;
  objectivesFile?: string;
  tasks?: string;
}

export interface PeriodEditReport {
  period: { id: number; name: string; class: string };
  changed: string[];
  /** When the annex changed: sheets that follow it, and individualised ones left alone. */
  sheets: { following: number; individualised: number } | null;
}

export async function editPeriod(store: Store, ref: string, o: PeriodEditOptions): Promise<PeriodEditReport> {
  const given = Object.entries(o).filter(([, v]) => v !== undefined);
  if (given.length === 0) {
    throw new UsageError(
      'rien à modifier : indiquez au moins une option (--name, --start, --end, --bilan-date, --kind, --objectives-file, --tasks)',
    );
  }
  const objectives = o.objectivesFile !== undefined ? readObjectivesFile(o.objectivesFile) : undefined;
  const p = await resolvePeriod(store, ref);
  await assertUnlocked(store, p, 'modification');

  const errors: string[] = [];
  const date = (raw: string | undefined, option: string, current: string): string => {
    if (raw === undefined) return current;
    const d = parseDate(raw);
    if (!d) errors.push(`${option} : date invalide « ${raw} » (formats acceptés : jj/mm/aaaa ou aaaa-mm-jj)`);
    return d ?? current;
  };
  const next: Period = { ...p };
  if (o.name !== undefined) {
    next.name = cleanText(o.name);
    if (!next.name) errors.push('--name : le nom ne peut pas être vide');
    const other = await store.periods.find(next.name, p.classId);
    if (other && other.id !== p.id) {
      errors.push(`--name : la classe ${p.className} a déjà une période « ${other.name} » (n° ${other.id})`);
    }
  }
  next.start = date(o.start, '--start', p.start);
  next.end = date(o.end, '--end', p.end);
  next.bilanDate = date(o.bilanDate, '--bilan-date', p.bilanDate);
  if (o.kind !== undefined) {
    const k = parsePeriodKind(o.kind);
    if (!k) errors.push(`--kind : type de période inconnu « ${o.kind} » (valeurs possibles : ${PERIOD_KINDS.join(', ')})`);
    else next.kind = k;
  }
  if (o.tasks !== undefined) {
    const codes = [...new Set(splitTaskCodes(o.tasks))];
    const referentiel = await getReferentiel(store, p.referentiel);
    const unknown = unknownTaskCodes(referentiel, codes);
    if (codes.length === 0) errors.push('--tasks : aucune tâche (codes séparés par des virgules, ex. A1T1,A2T1)');
    if (unknown.length) {
      errors.push(
        `--tasks : ${agree(unknown.length, 'code de tâche inconnu', 'codes de tâche inconnus')} ` +
          `${unknown.map((c) => `« ${c} »`).join(', ')} (référentiel ${referentiel.code} ; voir « cpro referentiel show ${referentiel.code} »)`,
      );
    }
    next.tasks = codes;
  }
  if (objectives) next.objectives = objectives;
  errors.push(...periodDateErrors(next));
  if (next.bilanDate !== p.bilanDate) {
    const lock = bilanDateLockError(next.bilanDate, await store.bilansIntermediaires.latest(p.classId));
    if (lock) errors.push(`--bilan-date : ${lock}`);
  }
  if (errors.length) throw new DataErrors(errors.map((message) => ({ message })), `${plural(errors.length, 'erreur')} : la période n'a pas été modifiée.`);

  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const changed: string[] = [];
  if (next.name !== p.name) changed.push(`nom (« ${p.name} » → « ${next.name} »)`);
  if (next.kind !== p.kind) changed.push(`type (${p.kind} → ${next.kind})`);
  for (const [label, k] of [['début', 'start'], ['fin', 'end'], ['date des bilans', 'bilanDate']] as const) {
    if (next[k] !== p[k]) changed.push(`${label} (${shortFrenchDate(p[k])} → ${shortFrenchDate(next[k])})`);
  }
  const objectivesChanged = !same(next.objectives, p.objectives);
  const tasksChanged = !same(next.tasks, p.tasks);
  if (objectivesChanged) changed.push(`objectifs (${next.objectives.length})`);
  if (tasksChanged) changed.push(`tâches (${next.tasks.join(', ')})`);

  let sheets: PeriodEditReport['sheets'] = null;
  if (objectivesChanged || tasksChanged) {
    const all = await store.sheets.inPeriod(p.id);
    const individualised = all.filter((s) => (objectivesChanged && s.ownObjectives !== null) || (tasksChanged && s.ownTasks !== null)).length;
    sheets = { following: all.length - individualised, individualised };
  }
  if (changed.length) {
    // Sheets hold null for what they inherit: updating the period's annex is all it takes to reach them.
    const { name, classId, kind, start, end, bilanDate, referentiel } = next;
    await store.periods.update(p.id, { name, classId, kind, start, end, bilanDate, referentiel, objectives: next.objectives, tasks: next.tasks });
  }
  return { period: { id: p.id, name: next.name, class: p.className }, changed, sheets };
}

export interface DeletionItem {
  what: string;
  count: number;
}

export interface PeriodDeletionPlan {
  period: { id: number; name: string; class: string; start: string; end: string };
  items: DeletionItem[];
}

const LABELS: Record<string, [string, string]> = {
  assignments: ["affectation d'apprenant (l'apprenant reste enregistré)", "affectations d'apprenants (les apprenants restent enregistrés)"],
  liaison_sheets: ['fiche de liaison entreprise', 'fiches de liaison entreprise'],
  portfolios: ['portfolio', 'portfolios'],
  portfolio_comments: ['commentaire de portfolio', 'commentaires de portfolio'],
  evaluations: ['bilan (entreprise ou attitudes professionnelles)', 'bilans (entreprise ou attitudes professionnelles)'],
  bilans_personnels: ['bilan personnel', 'bilans personnels'],
  tutor_accounts: ['accès au portail (tuteur ou apprenant)', 'accès au portail (tuteurs ou apprenants)'],
  tutor_invitations: ["trace d'invitation au portail", "traces d'invitations au portail"],
  portfolio_drafts: ['brouillon du portfolio saisi sur le portail', 'brouillons de portfolios saisis sur le portail'],
  portfolio_annexes: ['annexe déposée sur le portail', 'annexes déposées sur le portail'],
  teacher_visits: ["visite ou appel de l'enseignant", "visites ou appels de l'enseignant"],
  attestation_entries: ["attestation saisie par l'entreprise", "attestations saisies par l'entreprise"],
  attendance: ['relevé de présence', 'relevés de présence'],
  absences: ['absence', 'absences'],
  certificative_evaluations: ['grille certificative (E31, E33)', 'grilles certificatives (E31, E33)'],
};
/** Detail rows of a table already counted (answers of an evaluation, tokens of a tutor access): not listed. */
const DETAILS = new Set(['evaluation_levels', 'evaluation_modes', 'tutor_tokens', 'certificative_levels']);

function label(table: string, count: number): string {
  const l = LABELS[table];
  if (l) return count > 1 ? l[1] : l[0];
  return `${agree(count, 'ligne')} de « ${table} »`;
}

/** Everything that deleting the period would remove, counted; refuses a locked period or one that cannot go. */
export async function planPeriodDeletion(store: Store, ref: string): Promise<PeriodDeletionPlan> {
  const p = await resolvePeriod(store, ref);
  await assertUnlocked(store, p, 'suppression');
  const deps = await store.periods.dependents(p.id);
  const blocking = deps.filter((d) => d.blocking && d.count > 0);
  if (blocking.length) {
    throw new UserError(
      `suppression impossible : la période « ${p.name} » a encore des données qui ne peuvent pas être supprimées avec elle : ` +
        blocking.map((d) => `${d.count} ${label(d.table, d.count)}`).join(', '),
    );
  }
  const sheets = await store.sheets.inPeriod(p.id);
  const filled = sheets.filter(
    (s) => isIndividualised(s) || Object.values(s.company).some((v) => v) || Object.values(s.tutor).some((v) => v),
  ).length;
  const items: DeletionItem[] = [];
  for (const d of deps.filter((x) => !x.blocking && !DETAILS.has(x.table))) {
    if (d.count === 0 && d.table !== 'liaison_sheets') continue;
    let what = label(d.table, d.count);
    if (d.table === 'liaison_sheets') {
      what += filled === 0 ? ' (aucune renseignée)' : ` (dont ${plural(filled, 'renseignée ou individualisée', 'renseignées ou individualisées')})`;
    }
    items.push({ what, count: d.count });
  }
  return { period: { id: p.id, name: p.name, class: p.className, start: p.start, end: p.end }, items };
}

export async function deletePeriod(store: Store, plan: PeriodDeletionPlan): Promise<void> {
  if (!(await store.transaction(() => store.periods.delete(plan.period.id)))) {
    throw new UserError(`suppression impossible : d'autres données dépendent encore de la période « ${plan.period.name} » ; rien n'a été supprimé.`);
  }
}

export interface LearnerRemovalPlan {
  period: { id: number; name: string; class: string };
  learner: { id: number; lastName: string; firstName: string };
  assignmentId: number;
  items: DeletionItem[];
}

/**
 * What removing a learner from a period takes with it (liaison sheet, bilans, portfolio, tutor access, visits),
 * counted; refuses a locked period. The learner stays recorded, and in their other periods.
 */
export async function planLearnerRemoval(store: Store, periodRef: string, learnerRef: string): Promise<LearnerRemovalPlan> {
  const p = await resolvePeriod(store, periodRef);
  const l = await resolveLearner(store, learnerRef, p.id);
  await assertUnlocked(store, p, 'retrait d\'un apprenant');
  const assignmentId = (await store.periods.assignmentId(p.id, l.id))!;
  const deps = await store.periods.assignmentDependents(assignmentId);
  const blocking = deps.filter((d) => d.blocking && d.count > 0);
  if (blocking.length) {
    throw new UserError(
      `retrait impossible : ${l.lastName} ${l.firstName} a encore dans « ${p.name} » des données qui ne peuvent pas être supprimées : ` +
        blocking.map((d) => `${d.count} ${label(d.table, d.count)}`).join(', '),
    );
  }
  const sheet = await store.sheets.get(assignmentId);
  const filled = !!sheet && (isIndividualised(sheet) || Object.values(sheet.company).some((v) => v) || Object.values(sheet.tutor).some((v) => v));
  const items: DeletionItem[] = [];
  for (const d of deps.filter((x) => !x.blocking && !DETAILS.has(x.table) && x.count > 0)) {
    let what = label(d.table, d.count);
    if (d.table === 'liaison_sheets') what += filled ? ' (renseignée ou individualisée)' : ' (vide)';
    items.push({ what, count: d.count });
  }
  return {
    period: { id: p.id, name: p.name, class: p.className },
    learner: { id: l.id, lastName: l.lastName, firstName: l.firstName },
    assignmentId,
    items,
  };
}

export async function removeLearner(store: Store, plan: LearnerRemovalPlan): Promise<void> {
  await store.transaction(() => store.periods.deleteAssignment(plan.assignmentId));
}
