// Use cases of the tutors' portal (`cpro serve`): opening a session with an access token, finding what a session
// opens, and each tutor page's data and form. Every function is async so that the routes already await what a
// PostgreSQL store will make asynchronous; the rules are the domain's and the CLI's services'.
import { createHash, randomBytes } from 'node:crypto';
import { ConflictError, DataErrors, UserError, changeAuthorship } from '../../domain/errors.js';
import { EVALUATION_TYPES, evaluationItems, evaluationRefusal, type EvaluationType } from '../../domain/evaluation.js';
import { fullName } from '../../domain/model.js';
import { noBilanEntrepriseReason } from '../../domain/period-kinds.js';
import {
  DEFAULT_SESSION_LIMITS,
  PORTAL_BILAN_TYPES,
  fieldDifferences,
  fieldOfMessage,
  readAttestationForm,
  readEvaluationForm,
  readVersionField,
  sessionAlive,
  type AttestationEntries,
  type FieldErrors,
  type FormConflict,
  type Provenance,
  type SessionLimits,
  validatedByTutor,
} from '../../domain/portal.js';
import { allTasks } from '../../domain/referentiel.js';
import { hashToken, tokenStatus } from '../../domain/tokens.js';
import { tutorRole, type TutorRole } from '../../domain/tutor-state.js';
import type { SchoolView } from '../../documents/views.js';
import type { Store } from '../../store/store.js';
import { currentEvaluation, evaluationChange, placementOf, saveEvaluation, versionOf, type Placement } from '../evaluations/evaluations.js';
import { frenchDate } from '../../domain/dates.js';
import { liaisonView, type LiaisonView } from '../liaison/liaison.js';
import { schoolView } from '../print/print-plan.js';
import { verifyToken, type VerifyResult } from '../access/tutors.js';
import { addPortfolioComment, showPortfolio, type PortfolioDetails } from '../portfolio/portfolios.js';
import { showBilanPersonnel, type BilanPersonnelShow } from '../evaluations/bilan-personnel.js';
import { learnerDashboard } from '../evaluations/dashboard.js';
import type { Dashboard } from '../../domain/dashboard.js';
import { tutorConfirmationRefusal } from '../../domain/attendance.js';
import { frenchDay } from '../../domain/tutor-state.js';
import { confirmAttendance, periodAttendance, type LearnerAttendance } from '../attendance/attendance.js';

export type Clock = () => Date;

/** What a session opens: one learner in one period, through one token. */
export interface Access {
  sessionHash: string;
  /** A tutor's session opens the tutor's pages; a learner's, the learner's own space. */
  audience: 'tuteur' | 'apprenant';
  tokenId: number;
  assignmentId: number;
  periodId: number;
  learnerId: number;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Whom to contact about a link: the school, from `cpro config set etablissement.*` and `enseignant.nom`. */
export interface Contact {
  school: SchoolView;
  teacher: string | null;
}

export async function contactOf(store: Store): Promise<Contact> {
  return { school: await schoolView(store), teacher: (await store.config.get('enseignant.nom'))?.trim() || null };
}

/** What `GET /acces` shows: the token's learner and period, and whether it is valid. Changes nothing. */
export async function previewAccess(store: Store, token: string, now: Date): Promise<VerifyResult> {
  return verifyToken(store, token, now);
}

export type OpenResult = { opened: true; sessionId: string } | { opened: false; verify: VerifyResult };

/** Verifies the token (hash, constant time, expiry, revocation) and opens a session; the id goes in the cookie only. */
export async function openSession(store: Store, token: string, now: Date): Promise<OpenResult> {
  const verify = await verifyToken(store, token, now);
  if (!verify.valid) return { opened: false, verify };
  const found = (await store.tutors.byHash(hashToken(token.trim())))!;
  const sessionId = randomBytes(32).toString('base64url');
  await store.portal.openSession(sha256(sessionId), found.token.id, found.account.id, now.toISOString());
  return { opened: true, sessionId };
}

/**
 * The access of a live session, or null: unknown, signed out, idle or too old, or its token revoked, replaced or
 * expired since (revoking a link ends its sessions at once). A live session's idle limit starts again.
 */
export async function sessionAccess(store: Store, sessionId: string, now: Date, limits: SessionLimits = DEFAULT_SESSION_LIMITS): Promise<Access | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return null;
  const hash = sha256(sessionId);
  const s = await store.portal.session(hash);
  if (!s || !sessionAlive(s, now, limits) || tokenStatus(s.token, now) !== 'valid') return null;
  // One write per minute at most: a page read stays a read.
  if (now.getTime() - Date.parse(s.lastSeenAt) > 60_000) await store.portal.touch(s, now.toISOString());
  return { sessionHash: hash, audience: s.audience, tokenId: s.tokenId, assignmentId: s.assignmentId, periodId: s.periodId, learnerId: s.learnerId };
}

/**
 * Whether a page of this period and learner, among the pages of `audience` (the tutor's, or the learner's own
 * space), belongs to what the session opens; anything else answers 404.
 */
export function opens(a: Access, periodId: string, learnerId: string, audience: Access['audience'] = 'tuteur'): boolean {
  return a.audience === audience && String(a.periodId) === periodId && String(a.learnerId) === learnerId;
}

/**
 * The access a page asks for, or null (the page then answers 404). A tutor's session opens its own learner and
 * period; a learner's session opens every period of that learner (the page's period, then, with its assignment).
 */
export async function pageAccess(store: Store, a: Access, periodId: string, learnerId: string, audience: Access['audience']): Promise<Access | null> {
  if (audience === 'tuteur' || a.audience !== 'apprenant') return opens(a, periodId, learnerId, audience) ? a : null;
  if (String(a.learnerId) !== learnerId || !/^\d{1,12}$/.test(periodId)) return null;
  const assignmentId = await store.periods.assignmentId(Number(periodId), a.learnerId);
  return assignmentId === undefined ? null : { ...a, periodId: Number(periodId), assignmentId };
}

/** Forgets the sessions idle for longer than the limits allow, and those signed out. */
export async function purgeSessions(store: Store, now: Date, limits: SessionLimits = DEFAULT_SESSION_LIMITS): Promise<number> {
  const before = new Date(now.getTime() - Math.max(limits.idleMinutes * 60_000, 0)).toISOString();
  return store.portal.purgeSessions(before);
}

export async function closeSession(store: Store, access: Access, now: Date): Promise<void> {
  await store.portal.endSession(access.sessionHash, now.toISOString());
}

// ── pages ───────────────────────────────────────────────────────────────────────────────────────────────────

async function placement(store: Store, a: Access): Promise<Placement> {
  return placementOf(store, (await store.periods.get(a.periodId))!, (await store.learners.get(a.learnerId))!);
}

export interface BilanSummary {
  type: EvaluationType;
  available: boolean;
  reason: string | null;
  provenance: Provenance | null;
  locked: boolean;
}

export interface Home {
  learner: { id: number; lastName: string; firstName: string; className: string; status: string };
  period: { id: number; name: string; kind: string; start: string; end: string; bilanDate: string };
  role: TutorRole;
  company: string | null;
  contact: Contact;
  bilans: BilanSummary[];
  hasPortfolio: boolean;
  attestation: boolean;
  attendanceConfirmed: boolean;
}

export async function tutorHome(store: Store, a: Access): Promise<Home> {
  const p = await placement(store, a);
  const sheet = await store.sheets.get(a.assignmentId);
  const bilans: BilanSummary[] = [];
  for (const type of PORTAL_BILAN_TYPES) {
    const reason = type === 'entreprise' ? noBilanEntrepriseReason(p.period.kind) : null;
    const cur = reason ? null : await currentEvaluation(store, p, type);
    bilans.push({
      type,
      available: !reason,
      reason,
      provenance: cur?.recorded?.provenance ?? null,
      locked: !!cur?.lockReason,
    });
  }
  const { learner: l, period: pe } = p;
  return {
    learner: { id: l.id, lastName: l.lastName, firstName: l.firstName, className: l.className, status: l.status },
    period: { id: pe.id, name: pe.name, kind: pe.kind, start: pe.start, end: pe.end, bilanDate: pe.bilanDate },
    role: tutorRole(l.status),
    company: sheet?.company.name ?? null,
    contact: await contactOf(store),
    bilans,
    hasPortfolio: !!(await store.portfolios.get(a.assignmentId)),
    attestation: !!(await store.portal.attestation(a.assignmentId)),
    attendanceConfirmed: !!(await store.attendance.record(a.assignmentId))?.confirmedAt,
  };
}

export async function tutorLiaison(store: Store, a: Access): Promise<LiaisonView> {
  return liaisonView(store, String(a.periodId), String(a.learnerId));
}

export interface BilanForm {
  type: EvaluationType;
  home: { learner: string; period: string; periodStart: string; periodEnd: string };
  items: Array<{ code: string; title: string; parent: string | null; details: string[] }>;
  tasks: Array<{ code: string; title: string; blockTitle: string }>;
  /** The answers shown: what was typed (after an error) or what is recorded. */
  values: { levels: Record<string, string>; tasks: string[]; engagement: string; meetingDate: string; comment: string };
  provenance: Provenance | null;
  /** Read-only: validated by the tutor, or locked by a bilan intermédiaire (then `lockReason`). */
  readOnly: boolean;
  lockReason: string | null;
  refusal: string | null;
  errors: FieldErrors;
  /** The version the answers were read at (0 for none yet), sent back by the form's hidden field. */
  version: number;
  /** Set when the form was submitted from an older version: the page says so and keeps what was typed. */
  conflict: FormConflict | null;
}

/** A bilan page; null when the period's kind has no such bilan (the page then answers 404). */
export async function bilanForm(store: Store, a: Access, type: EvaluationType): Promise<BilanForm | null> {
  const p = await placement(store, a);
  if (evaluationRefusal(p.period, type)) return null;
  const cur = await currentEvaluation(store, p, type);
  const c = cur.content;
  const prov = cur.recorded?.provenance ?? null;
  return {
    type,
    home: { learner: fullName(p.learner), period: p.period.name, periodStart: p.period.start, periodEnd: p.period.end },
    items: evaluationItems(p.ref, type),
    tasks: type === 'entreprise' ? p.ref.blocks.flatMap((b) => b.tasks.map((t) => ({ code: t.code, title: t.title, blockTitle: b.title }))) : [],
    values: {
      levels: { ...c.levels },
      tasks: c.tasksDone,
      engagement: c.engagement?.toString() ?? '',
      meetingDate: c.meetingDate,
      comment: c.comment ?? '',
    },
    provenance: prov,
    readOnly: !!cur.lockReason || validatedByTutor(prov),
    lockReason: cur.lockReason,
    refusal: null,
    errors: {},
    version: versionOf(cur.recorded),
    conflict: null,
  };
}

export type BilanSaveResult = { saved: true; validated: boolean } | { saved: false; form: BilanForm };

/**
 * Saves a bilan from its form: « Enregistrer » keeps a draft, « Valider » records it as validated by the tutor.
 * The answers pass through saveEvaluation, the same rules and lock as `cpro eval import`; on error the form comes
 * back with what was typed and each message beside its field.
 */
export async function saveBilanForm(
  store: Store,
  a: Access,
  type: EvaluationType,
  form: Record<string, string | string[] | undefined>,
  validate: boolean,
  now: Date,
): Promise<BilanSaveResult | null> {
  const page = await bilanForm(store, a, type);
  if (!page) return null;
  const p = await placement(store, a);
  const { content, errors } = readEvaluationForm(p.ref, type, form, p.period.end);
  const typed = {
    levels: Object.fromEntries(page.items.map((i) => [i.code, String(form[`niveau:${i.code}`] ?? '')])),
    tasks: allTasks(p.ref).map((t) => t.code).filter((c) => form[`tache:${c}`] !== undefined),
    engagement: String(form.engagement ?? ''),
    meetingDate: String(form.meetingDate ?? ''),
    comment: String(form.comment ?? ''),
  };
  if (page.readOnly) {
    return { saved: false, form: { ...page, errors: { '': page.lockReason ?? 'ce bilan est déjà validé : il ne se modifie plus ici' } } };
  }
  // The version the tutor's answers started from: kept as it is when the form comes back with errors, so that a
  // change made meanwhile by someone else is still noticed at the next submit.
  const expected = readVersionField(form);
  if (Object.keys(errors).length === 0) {
    try {
      await saveEvaluation(store, p, type, content, now, { status: validate ? 'validated' : 'draft', enteredBy: 'tuteur' }, expected);
      return { saved: true, validated: validate };
    } catch (e) {
      if (e instanceof ConflictError) {
        // The page as stored now (its version in the hidden field), with the tutor's answers kept.
        const fresh = (await bilanForm(store, a, type))!;
        const recorded = (await currentEvaluation(store, p, type)).recorded;
        return { saved: false, form: { ...fresh, values: typed, conflict: bilanConflict(fresh, typed, evaluationChange(recorded)) } };
      }
      if (!(e instanceof DataErrors)) throw e;
      const codes = page.items.map((i) => i.code);
      for (const d of e.errors) {
        const field = fieldOfMessage(d.message, codes);
        errors[field] = errors[field] ? `${errors[field]} ; ${d.message}` : d.message;
      }
    }
  }
  return { saved: false, form: { ...page, values: typed, errors, version: expected ?? page.version } };
}

const shownLevel = (l: string) => l || 'sans réponse';
const shownDate = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? frenchDate(d) : d);

/** Where the bilan stored now (`fresh`) differs from what the tutor typed, field by field. */
function bilanConflict(fresh: BilanForm, typed: BilanForm['values'], change: Parameters<typeof changeAuthorship>[0]): FormConflict {
  const saved = fresh.values;
  return {
    authorship: changeAuthorship(change),
    deleted: !!change.deleted,
    differences: fieldDifferences([
      ...(fresh.type === 'entreprise'
        ? [{ label: 'Tâches réalisées', saved: saved.tasks.join(', ') || 'aucune', typed: typed.tasks.join(', ') || 'aucune' }]
        : []),
      ...fresh.items.map((i) => ({ label: `${i.code} ${i.title}`, saved: shownLevel(saved.levels[i.code] ?? ''), typed: shownLevel(typed.levels[i.code] ?? '') })),
      ...(fresh.type === 'entreprise'
        ? [{ label: 'Engagement', saved: saved.engagement ? `${saved.engagement} sur 4` : 'sans réponse', typed: typed.engagement ? `${typed.engagement} sur 4` : 'sans réponse' }]
        : []),
      { label: 'Date de la rencontre', saved: shownDate(saved.meetingDate), typed: shownDate(typed.meetingDate) },
      { label: 'Commentaire', saved: saved.comment, typed: typed.comment },
    ]),
  };
}

// ── attestation ─────────────────────────────────────────────────────────────────────────────────────────────

export interface AttestationForm {
  learner: string;
  period: string;
  values: Record<string, string>;
  errors: FieldErrors;
  updatedAt: string | null;
  /** The version the entries were read at (0 for none yet), sent back by the form's hidden field. */
  version: number;
  conflict: FormConflict | null;
}

const ATTESTATION_LABELS: Record<string, string> = {
  representative: 'Nom et qualité du représentant',
  headOffice: 'Adresse du siège',
  hours: 'Durée effective, en heures',
  gratification: 'Gratification',
  place: 'Fait à',
};

export async function attestationForm(store: Store, a: Access): Promise<AttestationForm> {
  const p = await placement(store, a);
  const e = await store.portal.attestation(a.assignmentId);
  return {
    learner: fullName(p.learner),
    period: p.period.name,
    values: e
      ? { representative: e.representative, headOffice: e.headOffice ?? '', hours: String(e.hours), gratification: e.gratification, place: e.place }
      : { representative: '', headOffice: '', hours: '', gratification: '', place: '' },
    errors: {},
    updatedAt: e?.updatedAt ?? null,
    version: e?.version ?? 0,
    conflict: null,
  };
}

export async function saveAttestationForm(
  store: Store,
  a: Access,
  form: Record<string, string | undefined>,
  now: Date,
): Promise<{ saved: true } | { saved: false; form: AttestationForm }> {
  const { entries, errors } = readAttestationForm(form);
  const expected = readVersionField(form);
  const typed = (page: AttestationForm) => Object.fromEntries(Object.keys(page.values).map((k) => [k, String(form[k] ?? '')]));
  if (!entries) {
    const page = await attestationForm(store, a);
    return { saved: false, form: { ...page, values: typed(page), errors, version: expected ?? page.version } };
  }
  const saved = await store.transaction(() => store.portal.saveAttestation(a.assignmentId, entries, now.toISOString(), expected));
  if (saved) return { saved: true };
  // Saved by someone else since this form was shown: the entries stored now, and the tutor's kept in the form.
  const fresh = await attestationForm(store, a);
  const values = typed(fresh);
  const conflict: FormConflict = {
    authorship: changeAuthorship({ at: fresh.updatedAt, by: null }),
    deleted: fresh.updatedAt === null,
    differences: fieldDifferences(Object.keys(fresh.values).map((k) => ({ label: ATTESTATION_LABELS[k] ?? k, saved: fresh.values[k], typed: values[k] }))),
  };
  return { saved: false, form: { ...fresh, values, conflict } };
}

/** The attestation's PDF, made by the same document module as `cpro print attestations`. */
export async function attestationPdf(store: Store, a: Access): Promise<{ fileName: string; bytes: Buffer }> {
  const { planPrint } = await import('../print/print-plan.js');
  const { blocksOf } = await import('../print/print-render.js');
  const { renderPdf } = await import('../../documents/render/pdf.js');
  const plan = await planPrint(store, { period: String(a.periodId), learner: String(a.learnerId), selection: 'attestations' });
  const job = plan.jobs[0]?.documents[0];
  if (!job) throw new UserError(plan.failures[0]?.reason ?? "l'attestation ne peut pas être produite");
  return { fileName: `${job.baseName}.pdf`, bytes: await renderPdf(blocksOf(job)) };
}

export type { AttestationEntries };

// ── attendance, confirmed by the tutor ──────────────────────────────────────────────────────────────────────

export interface AttendancePage {
  learner: string;
  period: { name: string; start: string; end: string };
  attendance: LearnerAttendance;
  /** Why the button is not offered yet (before the period's last day); null when it is. */
  refusal: string | null;
}

export async function tutorAttendance(store: Store, a: Access, now: Date): Promise<AttendancePage> {
  const p = await placement(store, a);
  const [attendance] = (await periodAttendance(store, p.period, [p.learner])).learners;
  return {
    learner: fullName(p.learner),
    period: { name: p.period.name, start: p.period.start, end: p.period.end },
    attendance,
    refusal: attendance.confirmed ? null : tutorConfirmationRefusal(p.period.end, frenchDay(now)),
  };
}

/** The tutor confirms the days and hours shown (once: confirming again changes nothing). */
export async function confirmTutorAttendance(store: Store, a: Access, now: Date): Promise<{ confirmed: boolean; page: AttendancePage }> {
  const page = await tutorAttendance(store, a, now);
  if (page.refusal || page.attendance.confirmed) return { confirmed: false, page };
  await confirmAttendance(store, String(a.periodId), { learner: String(a.learnerId), by: 'tuteur', now: () => now });
  return { confirmed: true, page };
}

// ── what the learner wrote, read-only; the tutor's comment ─────────────────────────────────────────────────

export interface PortfolioPage {
  learner: string;
  period: string;
  portfolio: PortfolioDetails | null;
  error: string | null;
  typed: string;
  /** The annexes the learner uploaded on the portal (downloadable from the page). */
  files: Array<{ id: number; fileName: string; size: number }>;
}

export async function tutorPortfolio(store: Store, a: Access): Promise<PortfolioPage> {
  const p = await placement(store, a);
  const has = !!(await store.portfolios.get(a.assignmentId));
  return {
    learner: fullName(p.learner),
    period: p.period.name,
    portfolio: has ? await showPortfolio(store, String(a.periodId), String(a.learnerId)) : null,
    error: null,
    typed: '',
    files: (await store.learnerSpace.annexes(a.assignmentId)).map((x) => ({ id: x.id, fileName: x.fileName, size: x.size })),
  };
}

/** The tutor's comment on the portfolio, signed with the name the link was sent to and marked as the tutor's. */
export async function addTutorComment(store: Store, a: Access, text: string, now: Date): Promise<{ added: true } | { added: false; page: PortfolioPage }> {
  const account = (await store.tutors.account(a.assignmentId))!;
  try {
    await addPortfolioComment(store, String(a.periodId), String(a.learnerId), text, `${account.firstName} ${account.lastName}`, now, 'tuteur');
    return { added: true };
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const page = await tutorPortfolio(store, a);
    const message = e.message.replace(/ : écrivez le texte entre guillemets après les options$/, '');
    return { added: false, page: { ...page, error: message, typed: text } };
  }
}

export async function tutorBilanPersonnel(store: Store, a: Access): Promise<BilanPersonnelShow> {
  return showBilanPersonnel(store, String(a.periodId), String(a.learnerId));
}

export async function tutorDashboard(store: Store, a: Access): Promise<Dashboard> {
  return learnerDashboard(store, String(a.learnerId));
}
