// Inviting the tutors, or the learners, of a period by e-mail: one service for both audiences. The plan (who gets a
// link, who is skipped and why), then the sending, one message at a time, each recorded as soon as the server
// accepted it. Only the recipient (the liaison sheet's tutor, the annex's learner) and the message differ.
import type { Learner, LiaisonSheet, Period } from '../../domain/model.js';
import { safeFileName } from '../../domain/filenames.js';
import { expiryOf, hashToken, newToken, type RandomSource } from '../../domain/tokens.js';
import { checkTutor, frenchDayDate, tutorRole, type Audience, type Delivery, type TutorCheck, type TutorRole } from '../../domain/tutor-state.js';
import { accessLink, invitationMessage, learnerInvitationMessage, type InvitationMessage } from '../../mail/invitation.js';
import { parseSmtpUrl, smtpServerLabel } from '../../mail/smtp-url.js';
import { MailServerError, OutboxTransport, SmtpTransport, type MailTransport } from '../../mail/transport.js';
import type { Store } from '../../store/store.js';
import type { MailSettings } from '../shared/config.js';
import { resolveLearner, resolvePeriod } from '../shared/resolve.js';
import {
  accessStateOf, learnerRef, periodRef, person, sheetsOf, systemClock, type Clock, type LearnerRef, type PeriodRef, type TutorPerson,
} from './tutors.js';

export interface InviteOptions {
  learner?: string;
  dryRun?: boolean;
  resend?: boolean;
  clock?: Clock;
  random?: RandomSource;
  /** Called before the sending starts, then after each message (progress bar). */
  onStart?: (total: number) => void;
  onSent?: (learner: LearnerRef) => void;
}

/** A recipient's role: the tutor's, or « apprenant » for a learner's own link. */
export type AccessRole = TutorRole | 'apprenant';

export interface Planned {
  learner: Learner;
  assignmentId: number;
  sheet: LiaisonSheet | null;
  role: AccessRole;
  tutor: { lastName: string; firstName: string; email: string };
  /** An earlier link (resend, new tutor, outbox copy) stops working once this one is accepted. */
  replaces: boolean;
}

export interface InviteEntry {
  learner: LearnerRef;
  role: AccessRole;
  /** The recipient: the tutor, or the learner when learners are invited. */
  tutor: TutorPerson | null;
}
export interface SentEntry extends InviteEntry {
  /** ISO instant. */
  expiresAt: string;
  replaces: boolean;
  file?: string;
}
export interface SkippedEntry extends InviteEntry {
  reason: string;
  /** Skipped because the liaison sheet lacks tutor data: counts as a failure of the command. */
  missingData: boolean;
}
export interface FailedEntry extends InviteEntry {
  reason: string;
}

export interface InviteReport {
  period: PeriodRef;
  dryRun: boolean;
  delivery: Delivery;
  /** smtp://host:port, or the outbox folder. */
  destination: string;
  /** --dry-run: what would be sent. */
  toSend: InviteEntry[];
  sent: SentEntry[];
  skipped: SkippedEntry[];
  failed: FailedEntry[];
  /** Not attempted because the server became unreachable. */
  notSent: InviteEntry[];
  /** Why the batch stopped, when it did. */
  aborted: string | null;
}

/** Whether the report calls for exit code 1. */
export function inviteFailed(r: InviteReport): boolean {
  return r.failed.length > 0 || r.aborted !== null || r.skipped.some((s) => s.missingData);
}

export function transportFor(settings: MailSettings): MailTransport {
  return settings.smtpUrl ? new SmtpTransport(settings.smtpUrl) : new OutboxTransport(settings.outboxDir);
}

const day = frenchDayDate;

/** What differs between inviting tutors and inviting learners. */
interface AudienceRules {
  audience: Audience;
  /** The command that re-establishes a revoked access. */
  command: 'tutors' | 'learners';
  candidates(store: Store, period: Period): Promise<Array<{ learner: Learner; assignmentId: number; sheet: LiaisonSheet | null }>>;
  recipient(c: { learner: Learner; sheet: LiaisonSheet | null }): TutorPerson | null;
  check(c: { learner: Learner; sheet: LiaisonSheet | null }): TutorCheck;
  missing(check: Extract<TutorCheck, { complete: false }>): string;
  role(l: Learner): AccessRole;
  /** Whether a missing recipient makes the command fail (a tutor must be on the sheet; many pupils have no address). */
  missingIsFailure(check: Extract<TutorCheck, { complete: false }>): boolean;
  /** The outbox file's prefix, distinct per audience so that a learner's message never overwrites the tutor's. */
  filePrefix: string;
  message(v: { period: Period; p: Planned; settings: MailSettings; link: string; expiresAt: string }): InvitationMessage;
}

const TUTORS: AudienceRules = {
  audience: 'tuteur',
  command: 'tutors',
  candidates: async (store, period) => (await sheetsOf(store, period)).map(({ learner, sheet }) => ({ learner, sheet, assignmentId: sheet.assignmentId })),
  recipient: (c) => person(c.sheet!),
  check: (c) => checkTutor(c.sheet!.tutor),
  missing: (check) => (check.empty ? 'aucun tuteur sur la fiche de liaison' : `fiche de liaison incomplète (tuteur : ${check.reason})`),
  role: (l) => tutorRole(l.status),
  missingIsFailure: () => true,
  filePrefix: 'Invitation',
  message: ({ period, p, settings, link, expiresAt }) =>
    invitationMessage({
      role: p.role as TutorRole,
      tutor: p.tutor,
      learner: p.learner,
      className: p.learner.className,
      period: { name: period.name, kind: period.kind, start: period.start, end: period.end },
      company: p.sheet?.company.name ?? null,
      school: settings.school,
      schoolPhone: settings.schoolPhone,
      teacher: settings.teacher,
      link,
      expiresAt,
    }),
};

const LEARNERS: AudienceRules = {
  audience: 'apprenant',
  command: 'learners',
  candidates: async (store, period) => {
    const sheets = new Map((await store.sheets.inPeriod(period.id)).map((s) => [s.learnerId, s]));
    const candidates: Array<{ learner: Learner; assignmentId: number; sheet: LiaisonSheet | null }> = [];
    for (const learner of await store.learners.inPeriod(period.id)) {
      candidates.push({
        learner,
        assignmentId: (await store.periods.assignmentId(period.id, learner.id))!,
        sheet: sheets.get(learner.id) ?? null,
      });
    }
    return candidates;
  },
  recipient: ({ learner: l }) => ({ lastName: l.lastName, firstName: l.firstName, email: l.email }),
  check: ({ learner: l }) => checkTutor({ lastName: l.lastName, firstName: l.firstName, email: l.email }),
  missing: (check) =>
    check.invalidEmail ? `courriel invalide dans l'annexe « ${check.invalidEmail} »` : "aucun courriel dans l'annexe pédagogique",
  role: () => 'apprenant',
  missingIsFailure: (check) => !!check.invalidEmail,
  filePrefix: 'Accès apprenant',
  message: ({ period, p, settings, link, expiresAt }) =>
    learnerInvitationMessage({
      learner: p.learner,
      period: { name: period.name, kind: period.kind, start: period.start, end: period.end },
      company: p.sheet?.company.name ?? null,
      school: settings.school,
      schoolPhone: settings.schoolPhone,
      teacher: settings.teacher,
      link,
      expiresAt,
    }),
};

/** Who gets a link and who is skipped, and why: the plan `--dry-run` shows and `invite` applies. */
export async function planInvitations(
  store: Store, period: Period, opts: { only?: Learner; resend?: boolean; delivery: Delivery; now: Date }, rules: AudienceRules = TUTORS,
): Promise<{ plan: Planned[]; skipped: SkippedEntry[] }> {
  const plan: Planned[] = [];
  const skipped: SkippedEntry[] = [];
  for (const c of await rules.candidates(store, period)) {
    const { learner } = c;
    if (opts.only && learner.id !== opts.only.id) continue;
    const entry: InviteEntry = { learner: learnerRef(learner), role: rules.role(learner), tutor: rules.recipient(c) };
    const skip = (reason: string, missingData = false) => skipped.push({ ...entry, reason, missingData });
    const state = await accessStateOf(store, c.assignmentId, rules.recipient(c) ?? { lastName: null, firstName: null, email: null }, opts.now, rules.audience);
    // A revocation is deliberate: only naming the learner undoes it.
    if (state.code === 'revoked' && !opts.only) {
      skip(`accès révoqué le ${day(state.revokedAt!)} ; pour le rétablir : cpro ${rules.command} invite --period ${period.id} --learner ${learner.id}`);
      continue;
    }
    // A link written to the outbox never reached its recipient: once SMTP is configured, it is sent for real.
    const outboxCopyOnly = state.code === 'invited' && state.delivery === 'outbox' && opts.delivery === 'smtp';
    if (state.code === 'invited' && !opts.resend && !outboxCopyOnly) {
      skip(`lien valide jusqu'au ${day(state.expiresAt!)} (--resend pour en envoyer un nouveau)`);
      continue;
    }
    const check = rules.check(c);
    if (!check.complete) {
      skip(rules.missing(check), rules.missingIsFailure(check));
      continue;
    }
    const replaces = state.code === 'invited' || !!state.tutorChanged;
    plan.push({ learner, assignmentId: c.assignmentId, sheet: c.sheet, role: entry.role, tutor: check.identity, replaces });
  }
  return { plan, skipped };
}

/**
 * Invites the tutors of a period: plans who gets a link, then sends one message at a time and records each
 * one the server accepted before sending the next. A refused recipient is recorded as failed and the batch
 * goes on; a server that cannot be reached stops it, and what was not accepted stays not sent.
 */
export async function inviteTutors(
  store: Store,
  periodInput: string,
  settings: MailSettings,
  opts: InviteOptions = {},
  makeTransport: (s: MailSettings) => MailTransport = transportFor,
): Promise<InviteReport> {
  return invite(store, periodInput, settings, opts, makeTransport, TUTORS);
}

/**
 * Invites the learners of a period to their own space of the portal: the same plan, tokens, states, outbox and
 * idempotence as the tutors' invitations, sent to each learner's e-mail from the annex with a message for a learner.
 */
export async function inviteLearners(
  store: Store,
  periodInput: string,
  settings: MailSettings,
  opts: InviteOptions = {},
  makeTransport: (s: MailSettings) => MailTransport = transportFor,
): Promise<InviteReport> {
  return invite(store, periodInput, settings, opts, makeTransport, LEARNERS);
}

async function invite(
  store: Store, periodInput: string, settings: MailSettings, opts: InviteOptions,
  makeTransport: (s: MailSettings) => MailTransport, rules: AudienceRules,
): Promise<InviteReport> {
  const clock = opts.clock ?? systemClock;
  const period = await resolvePeriod(store, periodInput);
  const only = opts.learner !== undefined ? await resolveLearner(store, opts.learner, period.id) : undefined;
  const delivery: Delivery = settings.smtpUrl ? 'smtp' : 'outbox';
  const { plan, skipped } = await planInvitations(store, period, { only, resend: opts.resend, delivery, now: clock() }, rules);
  const report: InviteReport = {
    period: periodRef(period),
    dryRun: !!opts.dryRun,
    delivery,
    destination: settings.smtpUrl ? smtpServerLabel(parseSmtpUrl(settings.smtpUrl)!) : settings.outboxDir,
    toSend: [],
    sent: [],
    skipped,
    failed: [],
    notSent: [],
    aborted: null,
  };

  const entryOf = (p: Planned): InviteEntry => ({ learner: learnerRef(p.learner), role: p.role, tutor: { ...p.tutor } });
  if (opts.dryRun) report.toSend = plan.map(entryOf);
  if (opts.dryRun || plan.length === 0) return report;

  const t = makeTransport(settings);
  try {
    try {
      await t.check();
    } catch (e) {
      if (!(e instanceof MailServerError)) throw e;
      report.aborted = e.message;
      report.notSent = plan.map(entryOf);
      return report;
    }
    opts.onStart?.(plan.length);
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i];
      const outcome = await sendOne(store, t, settings, period, p, clock, opts.random, rules);
      if (outcome.kind === 'aborted') {
        report.aborted = outcome.reason;
        report.notSent = plan.slice(i).map(entryOf);
        break;
      }
      if (outcome.kind === 'sent') report.sent.push({ ...entryOf(p), expiresAt: outcome.expiresAt, replaces: p.replaces, ...(outcome.file ? { file: outcome.file } : {}) });
      else report.failed.push({ ...entryOf(p), reason: outcome.reason });
      opts.onSent?.(learnerRef(p.learner));
    }
  } finally {
    t.close();
  }
  return report;
}

type Outcome = { kind: 'sent'; expiresAt: string; file?: string } | { kind: 'failed'; reason: string } | { kind: 'aborted'; reason: string };

async function sendOne(
  store: Store, transport: MailTransport, settings: MailSettings, period: Period, p: Planned, clock: Clock,
  random: RandomSource | undefined, rules: AudienceRules,
): Promise<Outcome> {
  const token = newToken(random);
  const attemptedAt = clock();
  const expiresAt = expiryOf(attemptedAt).toISOString();
  const message = rules.message({ period, p, settings, link: accessLink(settings.portalUrl, token), expiresAt });
  let result;
  try {
    result = await transport.send({
      from: settings.from,
      to: { name: `${p.tutor.firstName} ${p.tutor.lastName}`, address: p.tutor.email },
      ...message,
      fileStem: fileStem(rules.filePrefix, period, p.learner),
    });
  } catch (e) {
    if (e instanceof MailServerError) return { kind: 'aborted', reason: e.message };
    throw e;
  }
  const common = { assignmentId: p.assignmentId, audience: rules.audience, delivery: transport.delivery, attemptedAt: attemptedAt.toISOString() };
  if (!result.ok) {
    await store.tutors.recordFailure({ ...common, email: p.tutor.email, reason: result.reason });
    return { kind: 'failed', reason: result.reason };
  }
  // Issued when accepted: the link starts working only now, and expires 180 days after it was sent.
  await store.tutors.recordSent({
    ...common,
    role: p.role,
    tutor: p.tutor,
    tokenHash: hashToken(token),
    issuedAt: attemptedAt.toISOString(),
    expiresAt,
    messageId: result.messageId,
  });
  return { kind: 'sent', expiresAt, ...(result.file ? { file: result.file } : {}) };
}

/** "Invitation PFMP 1 - ACCARDO Aline", with only characters safe in any file system. */
function fileStem(prefix: string, period: Period, l: Learner): string {
  // Cut to the file system's byte limit; the outbox adds -2, -3… when two stems meet.
  return safeFileName(`${prefix} ${period.name} - ${l.lastName} ${l.firstName}`);
}
