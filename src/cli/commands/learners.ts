// `cpro learners list`: reading learners back.
import type { Command } from 'commander';
import { act } from '../context.js';
import { table } from '../io.js';
import { listLearners } from '../../services/learners.js';
import { shortFrenchDate } from '../../domain/dates.js';

export function registerLearners(program: Command): void {
  const learners = program.command('learners');
  learners
    .command('list')
    .description('liste les apprenants, d\'une période ou d\'une classe')
    .option('--period <période>', 'seulement les apprenants affectés à cette période (numéro ou nom)')
    .option('--class <classe>', 'seulement les apprenants de cette classe')
    .addHelpText(
      'after',
      '\nExemples :\n  $ cpro learners list\n  $ cpro learners list --period "PFMP 1" --json\n  $ cpro learners list --class 2PRO1',
    )
    .action(act((ctx, opts: { period?: string; class?: string }) => {
      const list = listLearners(ctx.store(), opts);
      ctx.io.result(list, (l) =>
        l.length === 0
          ? 'Aucun apprenant.'
          : table(
              ['N°', 'Nom', 'Prénom', 'Classe', 'INE', 'Naissance', 'Statut', 'Courriel'],
              l.map((x) => [
                String(x.id), x.lastName, x.firstName, x.class, x.ine ?? '', x.birthDate ? shortFrenchDate(x.birthDate) : '',
                x.status, x.email ?? '',
              ]),
            ),
      );
    }));
}
