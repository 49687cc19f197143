// `cpro bilans-intermediaires add|list|remove`: wiring only.
import type { Command } from 'commander';
import { act } from '../context.js';
import { table } from '../io.js';
import { shortFrenchDate } from '../../domain/dates.js';
import {
  addBilanIntermediaire,
  listBilansIntermediaires,
  removeBilanIntermediaire,
} from '../../services/periods/bilans-intermediaires.js';
import { dateValue } from '../option-values.js';
import { agree } from '../../domain/text.js';

export function registerBilansIntermediaires(program: Command): void {
  const group = program
    .command('bilans-intermediaires');

  group
    .command('add')
    .description("enregistre un bilan intermédiaire de compétences d'une classe")
    .requiredOption('--class <classe>', 'classe (division), ex. 2MSPC1')
    .requiredOption('--date <date>', 'date du bilan (jj/mm/aaaa ou aaaa-mm-jj)', dateValue)
    .addHelpText('after', '\nExemples :\n  $ cpro bilans-intermediaires add --class 2MSPC1 --date 14/03/2025')
    .action(act(async (ctx, opts: { class: string; date: string }) => {
      const r = await addBilanIntermediaire(await ctx.store(), opts.class, opts.date);
      ctx.io.result(r, (r) => {
        const lines = [
          r.changed
            ? `Bilan intermédiaire du ${shortFrenchDate(r.date)} enregistré pour la classe ${r.class}.`
            : `Aucun changement : le bilan intermédiaire du ${shortFrenchDate(r.date)} de la classe ${r.class} était déjà enregistré.`,
        ];
        if (r.periods.length) {
          lines.push(
            `Désormais ${agree(r.periods.length, 'verrouillée')}` + ' (plus de modification ni de suppression) : ' +
              r.periods.map((p) => `« ${p.name} » (bilans le ${shortFrenchDate(p.bilanDate)})`).join(', ') + '.',
          );
        }
        return lines.join('\n');
      });
    }));

  group
    .command('list')
    .description('liste les bilans intermédiaires par classe, et les périodes que le dernier verrouille')
    .option('--class <classe>', 'seulement cette classe')
    .addHelpText('after', '\nExemples :\n  $ cpro bilans-intermediaires list\n  $ cpro bilans-intermediaires list --class 2MSPC1 --json')
    .action(act(async (ctx, opts: { class?: string }) => {
      const list = await listBilansIntermediaires(await ctx.store(), opts.class);
      ctx.io.result(list, (l) =>
        l.length === 0
          ? 'Aucun bilan intermédiaire enregistré.'
          : table(
              ['Classe', 'Date', 'Dernier', 'Périodes verrouillées'],
              l.map((b) => [b.class, shortFrenchDate(b.date), b.latest ? 'oui' : '', b.lockedPeriods.join(', ')]),
            ),
      );
    }));

  group
    .command('remove')
    .description('retire un bilan intermédiaire enregistré par erreur (les périodes qu\'il verrouillait redeviennent modifiables)')
    .requiredOption('--class <classe>', 'classe (division)')
    .requiredOption('--date <date>', 'date du bilan à retirer', dateValue)
    .addHelpText('after', '\nExemples :\n  $ cpro bilans-intermediaires remove --class 2MSPC1 --date 14/03/2025')
    .action(act(async (ctx, opts: { class: string; date: string }) => {
      const r = await removeBilanIntermediaire(await ctx.store(), opts.class, opts.date);
      ctx.io.result(r, (r) => {
        const lines = [
          r.changed
            ? `Bilan intermédiaire du ${shortFrenchDate(r.date)} retiré pour la classe ${r.class}.`
            : `Aucun changement : la classe ${r.class} n'a pas de bilan intermédiaire le ${shortFrenchDate(r.date)}.`,
        ];
        if (r.periods.length) {
          lines.push(`De nouveau ${agree(r.periods.length, 'modifiable')} : ${r.periods.map((p) => `« ${p.name} »`).join(', ')}.`);
        }
        return lines.join('\n');
      });
    }));
}
