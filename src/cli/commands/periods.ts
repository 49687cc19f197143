// `cpro periods …`: reading periods back (list, show).
import type { Command } from 'commander';
import { act } from '../context.js';
import { table } from '../io.js';
import { resolvePeriod } from '../../services/resolve.js';
import { periodDetails, periodSummaries, type PeriodSummary } from '../../services/periods.js';
import { frenchDate, shortFrenchDate } from '../../domain/dates.js';

export function registerPeriods(program: Command): void {
  const periods = program.command('periods').description('consulte et gère les périodes en entreprise');

  periods
    .command('list')
    .description('liste les périodes, par ordre de création')
    .addHelpText('after', '\nExemples :\n  $ cpro periods list\n  $ cpro periods list --json')
    .action(act((ctx) => {
      const list = periodSummaries(ctx.store());
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
    .action(act((ctx, ref: string) => {
      const store = ctx.store();
      const d = periodDetails(store, resolvePeriod(store, ref));
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
}
