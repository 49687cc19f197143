// `cpro import annexe <fichier>` (and `cprosync import <fichier>`): wiring only.
import type { Command } from 'commander';
import { act } from '../context.js';
import { reportImport } from '../import-report.js';
import { addCsvOptions, csvOptions } from '../csv-options.js';
import { emptyReport, importAnnex, type Counts, type ImportReport } from '../../services/periods/import-annex.js';
import type { IO } from '../io.js';
import { agree, plural } from '../../domain/text.js';

export function registerImport(program: Command): void {
  const group = program
    .command('import');

  const annexe = group
    .command('annexe', { isDefault: true })
    .description(
      "importe les périodes, les apprenants et leurs objectifs et tâches d'un export CSV de l'annexe pédagogique",
    )
    .argument('<fichier>', 'export CSV (UTF-8, UTF-16 ou Windows-1252 ; séparateur ; , ou tabulation)');
  addCsvOptions(annexe)
    .addHelpText(
      'after',
      `
Colonnes (casse, accents et ponctuation ignorés ; * obligatoire) :
  Période*, Type* (Période 1, Période 2, Autre, E31, E33), Classe*, Date de début*, Date de fin*,
  Nom*, Prénom*, INE, Date de naissance, Courriel, Statut (Scolaire|Apprenti), Objectifs (un par ligne
  ou séparés par " | "), Activités (codes de tâches séparés par | , ou ;), Date des bilans.

Exemples :
  $ cpro import annexe fixtures/annexe-2pro-mspc.csv
  $ cpro import annexe export.csv --dry-run
  $ cpro import annexe export-pronote.csv --encoding utf-16le --delimiter tab --json`,
    )
    .action(act((ctx, file: string, opts) =>
      reportImport(
        ctx.io,
        async () => importAnnex(await ctx.storeForWriting({ dryRun: !!opts.dryRun }), file, { ...csvOptions(opts), dryRun: !!opts.dryRun }),
        emptyReport,
        (r) => formatReport(ctx.io, r, !!opts.dryRun),
      ),
    ));
}

function formatReport(io: IO, r: ImportReport, dryRun: boolean): string {
  if (r.errors.length) return '';
  // French agreement: « 1 période créée », « 8 affectations créées », « 2 apprenants créés ».
  const line = (label: string, c: Counts, feminine: boolean) => {
    const e = feminine ? 'e' : '';
    const updated = `${c.updated} ${agree(c.updated, `mis${e}`, `mis${e}${feminine ? 's' : ''}`)} à jour`;
    return `  ${label.padEnd(13)} ${io.c('green', plural(c.created, `créé${e}`))}, ${io.c('yellow', updated)}, ${plural(c.unchanged, `inchangé${e}`)}`;
  };
  const total = (c: Counts) => c.created + c.updated;
  const nothing = total(r.periods) + total(r.learners) + total(r.assignments) === 0;
  const head = dryRun
    ? 'Simulation (--dry-run) : rien n\'a été écrit. L\'import ferait :'
    : nothing
      ? 'Aucun changement : le magasin était déjà à jour.'
      : 'Import terminé :';
  return [head, line('Périodes', r.periods, true), line('Apprenants', r.learners, false), line('Affectations', r.assignments, true)].join('\n');
}
