// `cpro tutors …`: tutor access links (list, invite, revoke, verify). Wiring and French output only.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { act, type Context } from '../context.js';
import { table, type IO } from '../io.js';
import { frenchDate } from '../../domain/dates.js';
import { UsageError, UserError } from '../../domain/errors.js';
import { frenchDayDate, ofName, type TutorStateCode } from '../../domain/tutor-state.js';
import { mailSettings, mailWarnings } from '../../services/shared/config.js';
import { inviteFailed, inviteTutors, type InviteEntry, type InviteReport } from '../../services/access/invitations.js';
import { listTutors, revokeTutorAccess, verifyToken, type Clock, type TutorRow, type VerifyResult } from '../../services/access/tutors.js';
import { plural } from '../../domain/text.js';

/**
 * The clock of the command. CPRO_NOW (an ISO timestamp) freezes it: a test hook, to check expiry without
 * waiting 180 days. Read here only, never below the CLI layer.
 */
export function clockOf(ctx: Context): Clock {
  const fixed = ctx.env.CPRO_NOW?.trim();
  if (!fixed) return () => new Date();
  const t = Date.parse(fixed);
  if (Number.isNaN(t)) throw new UsageError(`CPRO_NOW invalide « ${fixed} » : attendu une date ISO, par exemple 2025-03-01T09:00:00Z`);
  return () => new Date(t);
}

const day = frenchDayDate;
const name = (l: { lastName: string; firstName: string }) => `${l.lastName} ${l.firstName}`;
const tutorName = (t: InviteEntry['tutor']) =>
  t ? `${[t.firstName, t.lastName].filter(Boolean).join(' ')}${t.email ? ` <${t.email}>` : ''}` : '';

export const STATE_COLOUR: Record<TutorStateCode, 'green' | 'yellow' | 'red' | 'gray'> = {
  invited: 'green',
  'to-invite': 'yellow',
  failed: 'red',
  'no-tutor': 'red',
  expired: 'gray',
  revoked: 'gray',
};

export function registerTutors(program: Command): void {
  const tutors = program
    .command('tutors');

  tutors
    .command('list')
    .description("liste les tuteurs d'une période et l'état de leur lien d'accès")
    .requiredOption('--period <période>', 'numéro de la période ou son nom')
    .addHelpText(
      'after',
      `
États : sans tuteur, à inviter, invité le …, expire le …, expiré le …, révoqué le …, échec d'envoi : …
Dernière visite du tuteur sur le portail (cpro serve), et l'état de chaque bilan : à remplir, brouillon,
validé le … par le tuteur (ou par l'enseignant, pour un bilan saisi avec « cpro eval »).

Exemples :
  $ cpro tutors list --period "PFMP 1"
  $ cpro tutors list --period 2 --json`,
    )
    .action(act(async (ctx, opts: { period: string }) => {
      const r = await listTutors(await ctx.store(), opts.period, clockOf(ctx)());
      ctx.io.result(r, (r) => formatList(ctx.io, r.period, r.tutors));
    }));

  tutors
    .command('invite')
    .description("envoie à chaque tuteur d'une période son lien d'accès personnel, valable 180 jours")
    .requiredOption('--period <période>', 'numéro de la période ou son nom')
    .option('--learner <apprenant>', "seulement le tuteur de cet apprenant (identifiant, INE ou « NOM Prénom »)")
    .option('--dry-run', 'montre qui serait invité, sans rien envoyer ni enregistrer')
    .option('--resend', "envoie un nouveau lien même à qui en a un valide ; l'ancien lien cesse de fonctionner")
    .addHelpText(
      'after',
      `
Le tuteur doit avoir nom, prénom et courriel valide sur la fiche de liaison ; sinon il est ignoré, avec la
raison, et la commande se termine en erreur après avoir envoyé les autres. Relancer la commande n'envoie
que ce qui n'a pas encore été envoyé. Un accès révoqué n'est rétabli que si l'apprenant est nommé (--learner).

Envoi : serveur SMTP de CPRO_SMTP_URL ou de « cpro config set mail.smtpUrl … » ; sans serveur configuré,
les messages sont écrits en fichiers .eml dans ./outbox/ (ou CPRO_OUTBOX) et ne sont pas envoyés.

Exemples :
  $ cpro tutors invite --period "PFMP 1" --dry-run
  $ cpro tutors invite --period "PFMP 1"
  $ cpro tutors invite --period "PFMP 1" --learner "ACCARDO Aline" --resend`,
    )
    .action(act((ctx, opts: InviteCommandOptions) => runInvitations(ctx, opts, inviteTutors, 'un tuteur', 'tuteurs')));

  tutors
    .command('revoke')
    .description("invalide le lien d'accès du tuteur d'un apprenant (INVALIDER L'ACCÈS)")
    .requiredOption('--period <période>', 'numéro de la période ou son nom')
    .requiredOption('--learner <apprenant>', 'identifiant, INE ou « NOM Prénom »')
    .addHelpText(
      'after',
      `
Le lien cesse de fonctionner aussitôt. Pour envoyer plus tard un nouveau lien à ce tuteur :
  $ cpro tutors invite --period <période> --learner <apprenant>

Exemples :
  $ cpro tutors revoke --period "PFMP 1" --learner "ACCARDO Aline"`,
    )
    .action(act(async (ctx, opts: { period: string; learner: string }) => {
      const r = await revokeTutorAccess(await ctx.store(), opts.period, opts.learner, clockOf(ctx));
      ctx.io.result(r, (r) =>
        r.revoked
          ? `Accès invalidé : le lien du ${r.role} ${ofName(`${r.learner.firstName} ${r.learner.lastName}`)} (${r.period.name}) ne fonctionne plus.`
          : `L'accès du ${r.role} ${ofName(`${r.learner.firstName} ${r.learner.lastName}`)} (${r.period.name}) était déjà invalidé depuis le ${day(r.revokedAt)}.`,
      );
    }));

  tutors
    .command('verify')
    .description("indique ce qu'ouvre un jeton d'accès et s'il est valide (code de sortie 0 seulement s'il l'est)")
    .argument('<jeton>', "le jeton du lien (…/acces?jeton=<jeton>), ou « - » pour le lire sur l'entrée standard")
    // A token issued before tokens had a prefix may begin with « - »: it must not be taken for an option.
    .allowUnknownOption()
    .addHelpText(
      'after',
      `
La vérification qu'appellerait un portail web. Le jeton n'est jamais affiché.

Exemples :
  $ cpro tutors verify "$JETON"
  $ printf %s "$JETON" | cpro tutors verify - --json`,
    )
    .action(act(async (ctx, token: string) => {
      const value = token === '-' ? readFileSync(0, 'utf8') : token;
      const r = await verifyToken(await ctx.store(), value, clockOf(ctx)());
      ctx.io.result(r, formatVerify);
      if (!r.valid) throw new UserError(`accès refusé : ${verdict(r)}`);
    }));
}

export interface InviteCommandOptions {
  period: string;
  learner?: string;
  dryRun?: boolean;
  resend?: boolean;
}

/**
 * `cpro tutors invite` and `cpro learners invite`: the warnings on the sender and the links (said even with
 * --dry-run), the progress bar, the report, and exit 1 when some could not be invited.
 */
export async function runInvitations(
  ctx: Context,
  opts: InviteCommandOptions,
  invite: typeof inviteTutors,
  reader: string,
  who: 'tuteurs' | 'apprenants',
): Promise<void> {
  const store = await ctx.store();
  const settings = await mailSettings(store, ctx.env);
  const io = ctx.io;
  for (const w of mailWarnings(settings, reader, !!settings.smtpUrl && !opts.dryRun)) io.warn(w);
  let bar: ReturnType<IO['progress']> | undefined;
  let report: InviteReport;
  try {
    report = await invite(store, opts.period, settings, {
      learner: opts.learner,
      dryRun: !!opts.dryRun,
      resend: !!opts.resend,
      clock: clockOf(ctx),
      onStart: (n) => (bar = io.progress(n, 'Invitations')),
      onSent: (l) => bar?.tick(name(l)),
    });
  } finally {
    bar?.stop();
  }
  io.result(report, (r) => formatInvite(io, r));
  if (inviteFailed(report)) throw new UserError(failureSummary(report, who));
}

function formatList(io: IO, period: { name: string; class: string }, rows: TutorRow[]): string {
  if (rows.length === 0) return `Aucun apprenant dans la période « ${period.name} ».`;
  const counts = new Map<TutorStateCode, number>();
  for (const r of rows) counts.set(r.state.code, (counts.get(r.state.code) ?? 0) + 1);
  const head = io.c('bold', `${period.name} — ${period.class}`) + ` : ${plural(rows.length, 'apprenant')}`;
  const body = table(
    ['Apprenant', 'Tuteur', 'Rôle', 'Courriel', 'État', 'Dernière visite', 'Bilans'],
    rows.map((r) => [
      name(r.learner),
      r.tutor ? [r.tutor.lastName, r.tutor.firstName].filter(Boolean).join(' ') : '',
      r.role,
      r.tutor?.email ?? '',
      io.c(STATE_COLOUR[r.state.code], r.state.label),
      r.lastVisit ? day(r.lastVisit) : 'jamais',
      r.bilans.map((b) => `${b.type} : ${b.label}`).join(' ; '),
    ]),
  );
  return `${head}\n\n${body}`;
}

export function formatInvite(io: IO, r: InviteReport): string {
  const lines: string[] = [];
  if (r.delivery === 'outbox') {
    lines.push(
      io.c('yellow', `Aucun serveur SMTP configuré : les messages sont écrits dans ${r.destination} (fichiers .eml), rien n'est envoyé.`),
      'Pour envoyer : cpro config set mail.smtpUrl smtp://utilisateur:motdepasse@serveur:587 (ou CPRO_SMTP_URL).',
      '',
    );
  }
  const section = (title: string, items: string[]) => {
    if (items.length) lines.push(`${title} (${items.length}) :`, ...items.map((i) => `  ${i}`), '');
  };
  if (r.dryRun) {
    lines.push("Simulation (--dry-run) : rien n'a été envoyé ni enregistré.", '');
    section('Seraient invités', r.toSend.map((e) => `${name(e.learner)} → ${tutorName(e.tutor)}`));
  } else {
    const verb = r.delivery === 'outbox' ? 'Écrits dans la boîte d\'envoi' : 'Envoyés';
    section(io.c('green', verb), r.sent.map((e) =>
      `${name(e.learner)} → ${tutorName(e.tutor)}, valable jusqu'au ${day(e.expiresAt)}${e.replaces ? " (l'ancien lien ne fonctionne plus)" : ''}`));
  }
  section(io.c('yellow', 'Ignorés'), r.skipped.map((e) => `${name(e.learner)} : ${e.reason}`));
  section(io.c('red', 'Échecs'), r.failed.map((e) => `${name(e.learner)} → ${tutorName(e.tutor)} : ${e.reason}`));
  section(io.c('red', 'Non envoyés (envoi interrompu)'), r.notSent.map((e) => `${name(e.learner)} → ${tutorName(e.tutor)}`));
  const n = (k: number, one: string, many: string) => `${k} ${k > 1 ? many : one}`;
  const done = r.dryRun ? n(r.toSend.length, 'à envoyer', 'à envoyer') : n(r.sent.length, r.delivery === 'outbox' ? 'écrit' : 'envoyé', r.delivery === 'outbox' ? 'écrits' : 'envoyés');
  const tail = [done, n(r.skipped.length, 'ignoré', 'ignorés'), n(r.failed.length, 'échec', 'échecs')];
  if (r.notSent.length) tail.push(n(r.notSent.length, 'non envoyé', 'non envoyés'));
  lines.push(`Bilan : ${tail.join(', ')}.`);
  return lines.join('\n');
}

export function failureSummary(r: InviteReport, who: 'tuteurs' | 'apprenants' = 'tuteurs'): string {
  if (r.aborted) {
    const kept = r.sent.length ? ` ; les ${r.sent.length} message(s) acceptés avant l'arrêt sont enregistrés` : ' ; aucun message envoyé';
    return `${r.aborted}${kept}. Une fois le problème réglé, relancez la même commande : seuls les ${who} pas encore invités recevront un message.`;
  }
  const missing = r.skipped.filter((s) => s.missingData).length;
  const parts: string[] = [];
  if (r.failed.length) parts.push(`${plural(r.failed.length, 'échec')} d'envoi`);
  if (missing) {
    parts.push(who === 'tuteurs'
      ? `${plural(missing, 'fiche')} de liaison sans tuteur complet`
      : `${plural(missing, 'apprenant')} sans courriel valide dans l'annexe`);
  }
  return `${parts.join(' et ')} : corrigez puis relancez la même commande ; seuls les ${who} pas encore invités recevront un message.`;
}

function verdict(r: VerifyResult): string {
  switch (r.status) {
    case 'valid':
      return `valide jusqu'au ${day(r.expiresAt!)}`;
    case 'expired':
      return `lien expiré le ${day(r.expiresAt!)}`;
    case 'revoked':
      return `lien révoqué le ${day(r.revokedAt!)}`;
    case 'superseded':
      return `lien remplacé par un plus récent le ${day(r.supersededAt!)}`;
    case 'unknown':
      return 'lien inconnu';
  }
}

function formatVerify(r: VerifyResult): string {
  if (r.status === 'unknown') return 'Lien inconnu : ce jeton ne correspond à aucun accès.';
  const l = r.learner!;
  const p = r.period!;
  return [
    r.valid ? `Lien valide jusqu'au ${day(r.expiresAt!)}.` : `Lien non valide : ${verdict(r)}.`,
    `Ouvre l'accès du ${r.role} ${ofName(`${l.firstName} ${l.lastName}`)} (${l.class}), période « ${p.name} » du ${frenchDate(p.start)} au ${frenchDate(p.end)}.`,
    `${r.role === 'tuteur de stage' ? 'Tuteur' : "Maître d'apprentissage"} : ${r.tutor!.firstName} ${r.tutor!.lastName} <${r.tutor!.email}>, lien émis le ${day(r.issuedAt!)}.`,
  ].join('\n');
}
