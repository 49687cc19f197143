// Tutor access use cases: list the tutors of a period, revoke a link, verify a token (invitations: tutor-invitations.ts).
import { UserError } from '../../domain/errors.js';
import type { Learner, LiaisonSheet, Period } from '../../domain/model.js';
import { hashToken, isWellFormedToken, tokenMatches, tokenStatus, type TokenStatus } from '../../domain/tokens.js';
import { ofName, tutorRole, tutorState, type Audience, type TutorRole, type TutorState } from '../../domain/tutor-state.js';
import type { Store } from '../../store/store.js';
import { EVALUATION_TYPES, evaluationRefusal, type EvaluationType } from '../../domain/evaluation.js';
import { PORTAL_BILAN_TYPES, bilanStateLabel, type Provenance } from '../../domain/portal.js';
import { resolveLearner, resolvePeriod } from '../shared/resolve.js';

export type Clock = () => Date;
import { learnerRef as baseLearnerRef, periodRef, type LearnerRef as BaseLearnerRef, type PeriodRef } from '../shared/refs.js';
export const systemClock: Clock = () => new Date();

/** A learner as tutor results name them: with the status that decides the tutor's role. */
export interface LearnerRef extends BaseLearnerRef {
  status: string;
}
export type { PeriodRef };
export interface TutorPerson {
  lastName: string | null;
  firstName: string | null;
  email: string | null;
}

export const learnerRef = (l: Learner): LearnerRef => ({ ...baseLearnerRef(l), status: l.status });
export { periodRef };

/** A period's learners with their liaison sheets, in the order of the period's learner list. */
export async function sheetsOf(store: Store, period: Period): Promise<Array<{ learner: Learner; sheet: LiaisonSheet }>> {
  const sheets = new Map((await store.sheets.inPeriod(period.id)).map((s) => [s.learnerId, s]));
  return (await store.learners.inPeriod(period.id))
    .filter((l) => sheets.has(l.id))
    .map((learner) => ({ learner, sheet: sheets.get(learner.id)! }));
}

export async function stateOf(store: Store, sheet: LiaisonSheet, now: Date): Promise<TutorState> {
  return accessStateOf(store, sheet.assignmentId, sheet.tutor, now, 'tuteur');
}

/** The access state of an assignment's tutor or learner, the recipient being whom the next link would go to. */
export async function accessStateOf(
  store: Store, assignmentId: number, recipient: TutorPerson, now: Date, audience: Audience,
): Promise<TutorState> {
  const account = await store.tutors.account(assignmentId, audience);
  return tutorState(
    {
      tutor: recipient,
      accountEmail: account?.email ?? null,
      latestToken: (account && (await store.tutors.latestToken(account.id))) ?? null,
      latestAttempt: (await store.tutors.latestAttempt(assignmentId, audience)) ?? null,
    },
    now,
    audience,
  );
}

export const person = (s: LiaisonSheet): TutorPerson | null => {
  const { lastName, firstName, email } = s.tutor;
  return lastName || firstName || email ? { lastName, firstName, email } : null;
};

// ---------------------------------------------------------------- list

export interface BilanState {
  type: EvaluationType;
  /** « à remplir », « brouillon (…) », « validé le … par le tuteur » */
  label: string;
  provenance: Provenance | null;
}

export interface TutorRow {
  learner: LearnerRef;
  role: TutorRole;
  tutor: TutorPerson | null;
  company: string | null;
  state: TutorState;
  /** The tutor's last visit to the portal (ISO instant), null when never. */
  lastVisit: string | null;
  /** The bilans the period's kind has, with who entered them and whether they are validated. */
  bilans: BilanState[];
}

export async function listTutors(store: Store, periodInput: string, now: Date): Promise<{ period: PeriodRef; tutors: TutorRow[] }> {
  const period = await resolvePeriod(store, periodInput);
  const types = PORTAL_BILAN_TYPES.filter((t) => !evaluationRefusal(period, t));
  const tutors: TutorRow[] = [];
  for (const { learner, sheet } of await sheetsOf(store, period)) {
    const bilans: BilanState[] = [];
    for (const type of types) {
      const provenance = (await store.evaluations.get(sheet.assignmentId, type))?.provenance ?? null;
      bilans.push({ type, label: bilanStateLabel(provenance), provenance });
    }
    tutors.push({
      learner: learnerRef(learner),
      role: tutorRole(learner.status),
      tutor: person(sheet),
      company: sheet.company.name,
      state: await stateOf(store, sheet, now),
      lastVisit: await store.portal.lastVisit(sheet.assignmentId),
      bilans,
    });
  }
  return { period: periodRef(period), tutors };
}

// ---------------------------------------------------------------- revoke

export interface RevokeResult {
  period: PeriodRef;
  learner: LearnerRef;
  role: TutorRole | 'apprenant';
  /** false when the access was already revoked: nothing changed. */
  revoked: boolean;
  revokedAt: string;
}

/** INVALIDER L'ACCÈS: the tutor's links stop working at once. Revoking twice changes nothing. */
export async function revokeTutorAccess(
  store: Store, periodInput: string, learnerInput: string, clock: Clock = systemClock, audience: Audience = 'tuteur',
): Promise<RevokeResult> {
  const period = await resolvePeriod(store, periodInput);
  const learner = await resolveLearner(store, learnerInput, period.id);
  const assignmentId = (await store.periods.assignmentId(period.id, learner.id))!;
  const account = await store.tutors.account(assignmentId, audience);
  const latest = account && (await store.tutors.latestToken(account.id));
  const base = {
    period: periodRef(period), learner: learnerRef(learner), role: audience === 'apprenant' ? ('apprenant' as const) : tutorRole(learner.status),
  };
  if (!latest) {
    const name = `${learner.firstName} ${learner.lastName}`;
    throw new UserError(
      audience === 'apprenant'
        ? `aucun lien d'accès n'a été envoyé à ${name} pour « ${period.name} » : rien à invalider`
        : `aucun lien d'accès n'a été envoyé au tuteur ${ofName(name)} pour « ${period.name} » : rien à invalider`,
    );
  }
  if (latest.revokedAt) return { ...base, revoked: false, revokedAt: latest.revokedAt };
  const at = clock().toISOString();
  await store.tutors.revoke(assignmentId, at, audience);
  return { ...base, revoked: true, revokedAt: at };
}

// ---------------------------------------------------------------- verify

export interface VerifyResult {
  valid: boolean;
  status: TokenStatus | 'unknown';
  period?: PeriodRef & { start: string; end: string };
  learner?: LearnerRef & { class: string };
  role?: TutorRole | 'apprenant';
  /** Whose link it is: the tutor's or the learner's own. */
  audience?: Audience;
  tutor?: { lastName: string; firstName: string; email: string };
  issuedAt?: string;
  expiresAt?: string;
  revokedAt?: string | null;
  supersededAt?: string | null;
}

/** What a token opens and whether it is valid now: the check a web portal would call. */
export async function verifyToken(store: Store, token: string, now: Date): Promise<VerifyResult> {
  const t = token.trim();
  if (!isWellFormedToken(t)) return { valid: false, status: 'unknown' };
  const found = await store.tutors.byHash(hashToken(t));
  // The lookup is by hash; the final comparison is in constant time all the same.
  if (!found || !tokenMatches(t, found.tokenHash)) return { valid: false, status: 'unknown' };
  const status = tokenStatus(found.token, now);
  const period = (await store.periods.get(found.periodId))!;
  const learner = (await store.learners.get(found.learnerId))!;
  return {
    valid: status === 'valid',
    status,
    period: { ...periodRef(period), start: period.start, end: period.end },
    learner: { ...learnerRef(learner), class: learner.className },
    role: found.account.role,
    audience: found.account.audience,
    tutor: { lastName: found.account.lastName, firstName: found.account.firstName, email: found.account.email },
    issuedAt: found.token.issuedAt,
    expiresAt: found.token.expiresAt,
    revokedAt: found.token.revokedAt,
    supersededAt: found.token.supersededAt,
  };
}
