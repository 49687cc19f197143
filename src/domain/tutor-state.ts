// The tutor of a learner for a period: role, completeness of the identity, and the access state shown by
// `cpro tutors list` and used by `cpro tutors invite` to decide what to send.
import { frenchDate } from './dates.js';
import { deName } from './text.js';
import type { LearnerStatus, Tutor } from './model.js';
import { tokenStatus, type TokenTimes } from './tokens.js';
import { isValidEmail } from './validation.js';
import { agree } from './text.js';

export type TutorRole = 'tuteur de stage' | "maître d'apprentissage";

/** Whom an access account serves: the tutor of an assignment, or its learner. */
export type Audience = 'tuteur' | 'apprenant';

export function tutorRole(status: LearnerStatus): TutorRole {
  return status === 'Apprenti' ? "maître d'apprentissage" : 'tuteur de stage';
}

export interface TutorIdentity {
  lastName: string;
  firstName: string;
  email: string;
}

/** Either a complete identity (nom, prénom, valid courriel) or what is missing and why, in French. */
export type TutorCheck =
  | { complete: true; identity: TutorIdentity }
  | { complete: false; empty: boolean; missing: string[]; invalidEmail?: string; reason: string };

export function checkTutor(t: Pick<Tutor, 'lastName' | 'firstName' | 'email'>): TutorCheck {
  const lastName = (t.lastName ?? '').trim();
  const firstName = (t.firstName ?? '').trim();
  const email = (t.email ?? '').trim();
  const missing: string[] = [];
  if (!lastName) missing.push('nom');
  if (!firstName) missing.push('prénom');
  if (!email) missing.push('courriel');
  const invalidEmail = email && !isValidEmail(email) ? email : undefined;
  if (missing.length || invalidEmail) {
    const parts: string[] = [];
    if (missing.length) {
      const names = missing.length > 1 ? `${missing.slice(0, -1).join(', ')} et ${missing[missing.length - 1]}` : missing[0];
      parts.push(`${names} ${agree(missing.length, 'manquant')}`);
    }
    if (invalidEmail) parts.push(`courriel invalide « ${invalidEmail} »`);
    const empty = !lastName && !firstName && !email;
    return { complete: false, empty, missing, ...(invalidEmail ? { invalidEmail } : {}), reason: parts.join(' ; ') };
  }
  return { complete: true, identity: { lastName, firstName, email } };
}

/** Two addresses name the same mailbox for our purposes when they differ only by case and spaces. */
export function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export type Delivery = 'smtp' | 'outbox';

/** What the store knows about one learner's tutor access. */
export interface AccessFacts {
  tutor: Pick<Tutor, 'lastName' | 'firstName' | 'email'>;
  /** The address the latest link was sent to, if an account exists. */
  accountEmail: string | null;
  /** The newest token of the account (older ones are superseded). */
  latestToken: (TokenTimes & { delivery: Delivery }) | null;
  /** The newest invitation attempt, successful or not (by insertion order, not by clock). */
  latestAttempt: { attemptedAt: string; sentAt: string | null; failedReason: string | null } | null;
}

export type TutorStateCode = 'no-tutor' | 'to-invite' | 'invited' | 'expired' | 'revoked' | 'failed';

export interface TutorState {
  code: TutorStateCode;
  /** French, as printed by `cpro tutors list`. */
  label: string;
  invitedAt?: string;
  expiresAt?: string;
  revokedAt?: string;
  delivery?: Delivery;
  failure?: string;
  /** no-tutor: what the liaison sheet lacks, in French ("prénom et courriel manquants"). */
  incomplete?: string;
  /** The sheet now names another tutor than the one holding the link. */
  tutorChanged?: boolean;
}

/** The calendar day of an instant in France, ISO (yyyy-mm-dd): what a teacher calls "the day it was sent". */
export function frenchDay(instant: string | Date): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** An instant as a French date of its day in France ("23 novembre 2026"). */
export const frenchDayDate = (instant: string | Date): string => frenchDate(frenchDay(instant));
const day = frenchDayDate;

/**
 * The access state of an assignment's tutor, or of its learner (`audience`): the same states for both; only the
 * wording of a missing or changed recipient differs.
 */
export function tutorState(f: AccessFacts, now: Date, audience: Audience = 'tuteur'): TutorState {
  const check = checkTutor(f.tutor);
  const learner = audience === 'apprenant';
  const token = f.latestToken;
  const status = token && tokenStatus(token, now);
  const attempt = f.latestAttempt;
  // Attempts are ordered: when the newest one failed, it came after the latest token was issued.
  const failure = attempt?.failedReason ?? undefined;

  if (token && status === 'valid') {
    const tutorChanged = check.complete && f.accountEmail !== null && !sameEmail(check.identity.email, f.accountEmail);
    const base = {
      invitedAt: token.issuedAt,
      expiresAt: token.expiresAt,
      delivery: token.delivery,
      ...(failure ? { failure } : {}),
    };
    if (tutorChanged) {
      return { code: 'to-invite', label: `à inviter (${learner ? 'nouveau courriel' : 'nouveau tuteur'} ; l'ancien lien reste valide jusqu'à l'envoi)`, tutorChanged, ...base };
    }
    const sent = token.delivery === 'outbox' ? `préparé le ${day(token.issuedAt)} (outbox, non envoyé)` : `invité le ${day(token.issuedAt)}`;
    const note = failure ? ` ; dernier envoi en échec : ${failure}` : '';
    return { code: 'invited', label: `${sent}, expire le ${day(token.expiresAt)}${note}`, ...base };
  }
  const revokedLast = token && status === 'revoked' && (!failure || attempt!.attemptedAt < token.revokedAt!);
  if (failure && !revokedLast) return { code: 'failed', label: `échec d'envoi : ${failure}`, failure };
  if (token && status === 'revoked') {
    return { code: 'revoked', label: `révoqué le ${day(token.revokedAt!)}`, revokedAt: token.revokedAt!, invitedAt: token.issuedAt };
  }
  if (token && status === 'expired') {
    return { code: 'expired', label: `expiré le ${day(token.expiresAt)}`, invitedAt: token.issuedAt, expiresAt: token.expiresAt };
  }
  if (!check.complete) {
    return {
      code: 'no-tutor',
      label: learner ? `sans courriel valide (${check.reason})` : check.empty ? 'sans tuteur' : `sans tuteur (${check.reason})`,
      incomplete: check.reason,
    };
  }
  return { code: 'to-invite', label: 'à inviter' };
}

/** The tutor account of one assignment: who the latest link was sent to. */
export interface TutorAccount {
  id: number;
  assignmentId: number;
  audience: Audience;
  role: TutorRole | 'apprenant';
  lastName: string;
  firstName: string;
  email: string;
  createdAt: string;
  updatedAt: string;
  /** Last visit to the portal (ISO instant). */
  lastVisitAt?: string | null;
}

/** A stored access token: its hash and timestamps, never the token itself. */
export interface AccessToken extends TokenTimes {
  id: number;
  accountId: number;
  delivery: Delivery;
}

/** One invitation attempt: sent (accepted by the server, or written to the outbox) or failed with a reason. */
export interface InvitationAttempt {
  id: number;
  assignmentId: number;
  email: string;
  delivery: Delivery;
  attemptedAt: string;
  sentAt: string | null;
  failedReason: string | null;
}

/** "de Paul", "d'Inès": the French preposition before a first name, elided before a vowel. */
export function ofName(name: string): string {
  return deName(name);
}
