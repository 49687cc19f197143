// `cpro periods …`: reading periods back (list, show), changing them (edit, delete).
import type { Command } from 'commander';
import { act } from '../context.js';
import { table } from '../io.js';
import { confirmOrRefuse } from '../prompts.js';
import { resolvePeriod } from '../../services/shared/resolve.js';
import { periodDetails, periodSummaries, type PeriodSummary } from '../../services/periods/periods.js';
import { deletePeriod, editPeriod, planLearnerRemoval, planPeriodDeletion, removeLearner, type PeriodEditReport } from '../../services/periods/period-changes.js';
import { frenchDate, shortFrenchDate } from '../../domain/dates.js';
import { dateValue, periodKindValue } from '../option-values.js';

export function registerPeriods(program: Command): void {
  const periods = program.command('periods');

  periods
    .command('list')
    .description('liste les périodes, par ordre de création')
    .addHelpText('after', '\nExemples :\n  $ cpro periods list\n  $ cpro periods list --json')
    .action(act(async (ctx) => {
      const list = await periodSummaries(await ctx.store());
      ctx.io.result(list, (l) =>
        l.length === 0
          ? 'Aucune période. Importez une annexe pédagogique : cpro import annexe <fichier.csv>'
          : table(
              ['N°', 'Période', 'Classe', 'Type', 'Début', 'Fin', 'Bilans', 'Apprenants'],
              l.map((p: PeriodSummary) => [
                String(p.id), p.name, p.class, p.kind, shortFrenchDate(p.start), shortFrenchDate(p.end),
                shortFrenchDate(p.bilanDate), String(p.learners),
              ]),
            ),
      );
    }));

  periods
    .command('show')
    .description("affiche une période : paramètres, objectifs, tâches et apprenants")
    .argument('<période>', 'numéro de la période ou son nom exact (casse ignorée)')
    .addHelpText('after', '\nExemples :\n  $ cpro periods show 1\n  $ cpro periods show "PFMP 2" --json')
    .action(act(async (ctx, ref: string) => {
      const store = await ctx.store();
      const d = await periodDetails(store, await resolvePeriod(store, ref));
      ctx.io.result(d, (d) => {
        const lines = [
          ctx.io.c('bold', `${d.name} — ${d.class}`) + `  (n° ${d.id})`,
          `Type : ${d.kind}`,
          `Du ${frenchDate(d.start)} au ${frenchDate(d.end)} ; bilans le ${frenchDate(d.bilanDate)}`,
          `Référentiel : ${d.referentiel}`,
          '',
          `Objectifs (${d.objectives.length}) :`,
          ...d.objectives.map((o) => `  - ${o}`),
          '',
          `Tâches (${d.tasks.length}) :`,
          ...d.tasks.map((t) => `  ${t.code}  ${t.title}`),
          '',
          `Apprenants (${d.learners.length}) :`,
          ...d.learners.map(
            (l) => `  ${String(l.id).padStart(4)}  ${l.lastName} ${l.firstName}${l.status === 'Apprenti' ? ' (apprenti)' : ''}${l.individualised ? '  [fiche individualisée]' : ''}`,
          ),
        ];
        return lines.join('\n');
      });
    }));

  periods
    .command('edit')
    .description("modifie les paramètres d'une période ou son annexe (objectifs, tâches)")
    .argument('<période>', 'numéro de la période ou son nom')
    .option('--name <nom>', 'nouveau nom')
    .option('--start <date>', 'date de début (jj/mm/aaaa ou aaaa-mm-jj)', dateValue)
    .option('--end <date>', 'date de fin', dateValue)
    .option('--bilan-date <date>', 'date des bilans entreprise', dateValue)
    .option('--kind <type>', 'type : Période 1, Période 2, Autre, E31, E33', periodKindValue)
    .option('--objectives-file <fichier>', "objectifs de l'annexe : un par ligne (« - » pour l'entrée standard)")
    .option('--tasks <codes>', "tâches de l'annexe, codes du référentiel séparés par des virgules")
    .addHelpText(
      'after',
      `
Les fiches de liaison qui suivent l'annexe reçoivent aussitôt les nouveaux objectifs et tâches ; les fiches
individualisées sont conservées. Une période verrouillée par un bilan intermédiaire ne peut plus être modifiée.

Exemples :
  $ cpro periods edit "PFMP 2" --end 04/07/2025 --bilan-date 04/07/2025
  $ cpro periods edit 2 --tasks A1T1,A1T2,A2T1 --objectives-file objectifs-pfmp2.txt
  $ cpro periods edit "PFMP 1" --name "PFMP 1 — découverte"`,
    )
    .action(act(async (ctx, ref: string, opts: { name?: string; start?: string; end?: string; bilanDate?: string; kind?: string; objectivesFile?: string; tasks?: string }) => {
      const r = await editPeriod(await ctx.store(), ref, opts);
      ctx.io.result(r, formatEdit);
    }));

  periods
    .command('delete')
    .description('supprime une période et tout ce qui en dépend (fiches de liaison, portfolios, évaluations)')
    .argument('<période>', 'numéro de la période ou son nom')
    .option('-y, --yes', 'confirme sans question (obligatoire hors terminal interactif, dans un script)')
    .addHelpText(
      'after',
      `
La commande dit ce qui sera supprimé définitivement et demande confirmation. Une période verrouillée par un bilan
intermédiaire ne peut pas être supprimée. Les apprenants restent enregistrés.

Exemples :
  $ cpro periods delete "PFMP 3"
  $ cpro periods delete 4 --yes`,
    )
    .action(act(async (ctx, ref: string, opts: { yes?: boolean }) => {
      const store = await ctx.store();
      const plan = await planPeriodDeletion(store, ref);
      const what =
        `La suppression de la période « ${plan.period.name} » (${plan.period.class}, du ${shortFrenchDate(plan.period.start)} ` +
        `au ${shortFrenchDate(plan.period.end)}) effacera définitivement :\n` +
        plan.items.map((i) => `  - ${i.count} ${i.what}`).join('\n');
      await confirmOrRefuse(ctx.io, {
        yes: opts.yes,
        what,
        question: 'Supprimer définitivement ?',
        refusal: 'suppression non confirmée',
        abandoned: "suppression abandonnée : rien n'a été supprimé",
      });
      await deletePeriod(store, plan);
      ctx.io.result({ deleted: plan.period, removed: plan.items }, (r) => `Période « ${r.deleted.name} » (${r.deleted.class}) supprimée.`);
    }));

  periods
    .command('remove-learner')
    .description("retire un apprenant d'une période, avec sa fiche de liaison, ses bilans et son portfolio de cette période")
    .argument('<période>', 'numéro de la période ou son nom')
    .argument('<apprenant>', 'numéro, INE ou « NOM Prénom »')
    .option('-y, --yes', 'confirme sans question (obligatoire hors terminal interactif, dans un script)')
    .addHelpText(
      'after',
      `
Pour un apprenant qui a quitté la classe ou changé de groupe : un nouvel import de l'annexe le signale mais ne
retire rien. La commande dit ce qui sera supprimé et demande confirmation. L'apprenant reste enregistré, ainsi
que ses autres périodes. Refusé quand la période est verrouillée par un bilan intermédiaire.

Exemples :
  $ cpro periods remove-learner "PFMP 2" "MA Aldryk"
  $ cpro periods remove-learner 2 110480126DD --yes`,
    )
    .action(act(async (ctx, periodRef: string, learnerRef: string, opts: { yes?: boolean }) => {
      const plan = await planLearnerRemoval(await ctx.store(), periodRef, learnerRef);
      const who = `${plan.learner.lastName} ${plan.learner.firstName}`;
      const what =
        `Retirer ${who} de la période « ${plan.period.name} » (${plan.period.class}) effacera définitivement :\n` +
        plan.items.map((i) => `  - ${i.count} ${i.what}`).join('\n');
      await confirmOrRefuse(ctx.io, {
        yes: opts.yes,
        what,
        question: 'Retirer cet apprenant de la période ?',
        refusal: 'retrait non confirmé',
        abandoned: "retrait abandonné : rien n'a été supprimé",
      });
      await removeLearner(await ctx.store(), plan);
      ctx.io.result(
        { period: plan.period, learner: plan.learner, removed: plan.items },
        () => `${who} retiré(e) de la période « ${plan.period.name} » (${plan.period.class}) ; l'apprenant reste enregistré.`,
      );
    }));
}

function formatEdit(r: PeriodEditReport): string {
  if (r.changed.length === 0) return `Aucun changement : la période « ${r.period.name} » (${r.period.class}) était déjà à jour.`;
  const lines = [`Période « ${r.period.name} » (${r.period.class}) modifiée : ${r.changed.join(', ')}.`];
  if (r.sheets) {
    const { following: f, individualised: i } = r.sheets;
    const following = f === 0 ? "aucune ne suit l'annexe" : f === 1 ? "1 suit l'annexe et est à jour" : `${f} suivent l'annexe et sont à jour`;
    const kept = i === 0 ? '' : i === 1 ? ' ; 1 individualisée est conservée telle quelle' : ` ; ${i} individualisées sont conservées telles quelles`;
    lines.push(`Fiches de liaison : ${following}${kept}.`);
  }
  return lines.join('\n');
}
