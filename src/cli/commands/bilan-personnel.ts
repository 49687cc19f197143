// `cpro bilan-personnel import|show`: the learners' own end-of-period reviews, imported and read (never edited).
import type { Command } from 'commander';
import { act } from '../context.js';
import { reportImport } from '../import-report.js';
import { addCsvOptions, csvOptions } from '../csv-options.js';
import type { IO } from '../io.js';
import { shortFrenchDate } from '../../domain/dates.js';
import {
  emptyBilanPersonnelReport,
  importBilansPersonnels,
  showBilanPersonnel,
  type BilanPersonnelImportReport,
} from '../../services/evaluations/bilan-personnel.js';
import { plural } from '../../domain/text.js';

export function registerBilanPersonnel(program: Command): void {
  const group = program
    .command('bilan-personnel');

  const imp = group
    .command('import')
    .description("importe les bilans personnels d'une période (une ligne par apprenant ; une réimportation remplace le bilan)")
    .argument('<fichier>', 'CSV (UTF-8, UTF-16 ou Windows-1252 ; séparateur ; , ou tabulation)')
    .requiredOption('--period <période>', 'numéro de la période ou son nom');
  addCsvOptions(imp)
    .addHelpText(
      'after',
      `
Colonnes (casse, accents et ponctuation ignorés) : INE, ou Nom et Prénom ; Points forts ; Axes de progrès ;
Perspectives. Dans chaque cellule, un élément par ligne (retour à la ligne dans la cellule) ou séparés par « | ».
La ligne d'un apprenant remplace tout son bilan ; une ligne dont les trois cellules sont vides est ignorée.

Exemples :
  $ cpro bilan-personnel import fixtures/bilans-personnels-pfmp2.csv --period "PFMP 2" --dry-run
  $ cpro bilan-personnel import bilans.csv --period "PFMP 2" --json`,
    )
    .action(act(async (ctx, file: string, opts) => {
      const dryRun = !!opts.dryRun;
      await reportImport(
        ctx.io,
        async () => importBilansPersonnels(await ctx.store(), file, opts.period, { ...csvOptions(opts), dryRun }),
        emptyBilanPersonnelReport,
        (r) => formatImport(ctx.io, r, dryRun),
      );
    }));

  group
    .command('show')
    .description("affiche le bilan personnel d'un apprenant pour une période")
    .requiredOption('--period <période>', 'numéro de la période ou son nom')
    .requiredOption('--learner <apprenant>', 'numéro, INE ou « NOM Prénom » de l\'apprenant')
    .addHelpText('after', '\nExemple :\n  $ cpro bilan-personnel show --period "PFMP 2" --learner "ACCARDO Aline"')
    .action(act(async (ctx, opts: { period: string; learner: string }) => {
      const shown = await showBilanPersonnel(await ctx.store(), opts.period, opts.learner);
      ctx.io.result(shown, (s) => {
        const head = ctx.io.c('bold', `Bilan personnel de l'élève ${s.learner.lastName} ${s.learner.firstName}`) + ` — ${s.period.name} (${s.period.className})`;
        if (!s.bilan) return `${head}\nPas encore de bilan personnel (cpro bilan-personnel import).`;
        const list = (items: string[]) => (items.length ? items.map((i) => `  • ${i}`).join('\n') : '  —');
        return [
          head,
          '',
          ctx.io.c('bold', 'Mes points forts'),
          list(s.bilan.strengths),
          '',
          ctx.io.c('bold', 'Mes axes de progrès'),
          list(s.bilan.improvements),
          '',
          ctx.io.c('bold', 'Mes perspectives pour la prochaine PFMP'),
          s.bilan.perspectives.length ? s.bilan.perspectives.map((p) => `  ${p}`).join('\n') : '  —',
          '',
          ctx.io.c('dim', `Importé le ${shortFrenchDate(s.bilan.updatedAt.slice(0, 10))}.`),
        ].join('\n');
      });
    }));
}

function formatImport(io: IO, r: BilanPersonnelImportReport, dryRun: boolean): string {
  if (r.errors.length) return '';
  const c = r.bilans;
  const head = dryRun
    ? `Simulation (--dry-run) : rien n'a été écrit. L'import des bilans personnels de « ${r.period} » (${r.className}) ferait :`
    : c.created + c.updated === 0
      ? `Aucun changement : les bilans personnels de « ${r.period} » (${r.className}) étaient déjà à jour.`
      : `Import des bilans personnels de « ${r.period} » (${r.className}) terminé :`;
  return (
    `${head}\n  ${io.c('green', plural(c.created, 'créé'))}, ${io.c('yellow', plural(c.updated, 'remplacé'))}, ` +
    plural(c.unchanged, 'inchangé') +
    (r.blank ? `, ${plural(r.blank, 'ligne vide ignorée', 'lignes vides ignorées')}` : '')
  );
}
