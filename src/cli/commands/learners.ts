// `cpro learners …`: reading learners back, and the learners' own access links to the portal (invite, revoke).
import type { Command } from 'commander';
import { act } from '../context.js';
import { table, type IO } from '../io.js';
import { listLearners, type LearnerSummary } from '../../services/periods/learners.js';
import { shortFrenchDate } from '../../domain/dates.js';
import { frenchDayDate } from '../../domain/tutor-state.js';
import { inviteLearners } from '../../services/access/invitations.js';
import { revokeTutorAccess } from '../../services/access/tutors.js';
import { clockOf, runInvitations, STATE_COLOUR, type InviteCommandOptions } from './tutors.js';

const name = (l: { lastName: string; firstName: string }) => `${l.lastName} ${l.firstName}`;

export function registerLearners(program: Command): void {
  const learners = program.command('learners');
  learners
    .command('list')
    .description('liste les apprenants, d\'une période ou d\'une classe ; avec --period, l\'état de leur accès au portail')
    .option('--period <période>', 'seulement les apprenants affectés à cette période (numéro ou nom)')
    .option('--class <classe>', 'seulement les apprenants de cette classe')
    .addHelpText(
      'after',
      `
Avec --period, chaque apprenant a l'état de son lien vers son espace du portail : sans courriel valide (avec la
raison), à inviter, invité le …, expire le …, expiré le …, révoqué le …, échec d'envoi : …, et sa dernière visite.

Exemples :
  $ cpro learners list
  $ cpro learners list --period "PFMP 1" --json
  $ cpro learners list --class 2PRO1`,
    )
    .action(act(async (ctx, opts: { period?: string; class?: string }) => {
      const list = await listLearners(await ctx.store(), opts, clockOf(ctx)());
      ctx.io.result(list, (l) => formatList(ctx.io, l, !!opts.period));
    }));

  learners
    .command('invite')
    .description("envoie à chaque apprenant d'une période le lien de son espace du portail (portfolio, bilan personnel), valable 180 jours")
    .requiredOption('--period <période>', 'numéro de la période ou son nom')
    .option('--learner <apprenant>', 'seulement cet apprenant (identifiant, INE ou « NOM Prénom »)')
    .option('--dry-run', 'montre qui serait invité, sans rien envoyer ni enregistrer')
    .option('--resend', "envoie un nouveau lien même à qui en a un valide ; l'ancien lien cesse de fonctionner")
    .addHelpText(
      'after',
      `
Le lien part au courriel de l'apprenant dans l'annexe pédagogique (cpro import annexe) ; un apprenant sans
courriel valide est ignoré, avec la raison, et la commande se termine en erreur après avoir envoyé les autres.
Mêmes règles que « cpro tutors invite » : relancer n'envoie que ce qui n'a pas encore été envoyé ; un accès
révoqué n'est rétabli que si l'apprenant est nommé (--learner). Le portail s'ouvre avec « cpro serve ».

Envoi : serveur SMTP de CPRO_SMTP_URL ou de « cpro config set mail.smtpUrl … » ; sans serveur configuré,
les messages sont écrits en fichiers .eml dans ./outbox/ (ou CPRO_OUTBOX) et ne sont pas envoyés.

Exemples :
  $ cpro learners invite --period "PFMP 1" --dry-run
  $ cpro learners invite --period "PFMP 1"
  $ cpro learners invite --period "PFMP 1" --learner "ACCARDO Aline" --resend`,
    )
    .action(act((ctx, opts: InviteCommandOptions) => runInvitations(ctx, opts, inviteLearners, 'un apprenant', 'apprenants')));

  learners
    .command('revoke')
    .description("invalide le lien d'un apprenant vers son espace du portail (INVALIDER L'ACCÈS)")
    .requiredOption('--period <période>', 'numéro de la période ou son nom')
    .requiredOption('--learner <apprenant>', 'identifiant, INE ou « NOM Prénom »')
    .addHelpText(
      'after',
      `
Le lien cesse de fonctionner aussitôt, et les sessions qu'il a ouvertes se ferment. Ce que l'apprenant a
écrit reste dans son portfolio. Pour lui envoyer plus tard un nouveau lien :
  $ cpro learners invite --period <période> --learner <apprenant>

Exemples :
  $ cpro learners revoke --period "PFMP 1" --learner "ACCARDO Aline"`,
    )
    .action(act(async (ctx, opts: { period: string; learner: string }) => {
      const r = await revokeTutorAccess(await ctx.store(), opts.period, opts.learner, clockOf(ctx), 'apprenant');
      const who = `${r.learner.firstName} ${r.learner.lastName}`;
      ctx.io.result(r, (r) =>
        r.revoked
          ? `Accès invalidé : le lien de ${who} (${r.period.name}) ne fonctionne plus.`
          : `L'accès de ${who} (${r.period.name}) était déjà invalidé depuis le ${frenchDayDate(r.revokedAt)}.`,
      );
    }));
}

function formatList(io: IO, l: LearnerSummary[], withAccess: boolean): string {
  if (l.length === 0) return 'Aucun apprenant.';
  const head = ['N°', 'Nom', 'Prénom', 'Classe', 'INE', 'Naissance', 'Statut', 'Courriel'];
  const row = (x: LearnerSummary) => [
    String(x.id), x.lastName, x.firstName, x.class, x.ine ?? '', x.birthDate ? shortFrenchDate(x.birthDate) : '', x.status, x.email ?? '',
  ];
  if (!withAccess) return table(head, l.map(row));
  return table(
    [...head, 'Accès au portail', 'Dernière visite'],
    l.map((x) => [
      ...row(x),
      io.c(STATE_COLOUR[x.access!.state.code], x.access!.state.label),
      x.access!.lastVisit ? frenchDayDate(x.access!.lastVisit) : 'jamais',
    ]),
  );
}
