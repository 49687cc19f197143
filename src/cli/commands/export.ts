// `cpro export`: the end-of-term export of a period or a class, in CSV, JSON or zip. Wiring only.
import { Option, type Command } from 'commander';
import { act } from '../context.js';
import { table } from '../io.js';
import { collectTermExport } from '../../services/export/term-export.js';
import { writeTermExport, type ExportFormat, type ExportReport } from '../../services/export/term-export-write.js';
import { plural } from '../../domain/text.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .option('--period <période>', 'la période (numéro ou nom)')
    .option('--class <classe>', 'toutes les périodes de la classe')
    .addOption(new Option('--format <format>', 'format').choices(['csv', 'json', 'zip']).makeOptionMandatory())
    .option('--out <chemin>', 'dossier (csv) ou fichier (json, zip) ; par défaut dans exports/')
    .option('--force', 'remplace le fichier json ou zip s\'il existe déjà')
    .addHelpText(
      'after',
      `
CSV : un fichier par sujet (apprenants, fiches de liaison, tuteurs, évaluations, bilans personnels, portfolios, présence),
en UTF-8 avec BOM, séparateur « ; » et fins de ligne CRLF : ils s'ouvrent directement dans Excel et LibreOffice.
Une cellule qui commence par = + - @ (ou une tabulation) est précédée d'une apostrophe : aucune formule ne
s'exécute. Les tuteurs sont exportés sans leurs jetons d'accès. JSON : le même contenu en un document.
Zip : les CSV et tous les documents imprimés de documents/<période>/ (fichiers ordinaires seulement : un lien
symbolique y est signalé et laissé de côté). Fichiers lisibles par vous seul. Un fichier json ou zip existant
n'est remplacé qu'avec --force ; un chemin de sortie qui est un lien symbolique est refusé.

Exemples :
  $ cpro export --period "PFMP 2" --format csv
  $ cpro export --class 2MSPC1 --format zip --out /media/cle/2MSPC1-2025.zip
  $ cpro export --class 2MSPC1 --format json --out 2mspc1.json`,
    )
    .action(act(async (ctx, opts: { period?: string; class?: string; format: ExportFormat; out?: string; force?: boolean }) => {
      const data = await collectTermExport(await ctx.store(), opts);
      const r = await writeTermExport(data, { format: opts.format, out: opts.out, force: !!opts.force });
      for (const s of r.skipped) ctx.io.warn(`« ${s} » n'est pas un fichier ordinaire (lien symbolique ?) : laissé hors du zip`);
      ctx.io.result(r, formatReport);
    }));
}

function formatReport(r: ExportReport): string {
  const what = r.scope.kind === 'period' ? `la période « ${r.scope.period} » (${r.scope.class})` : `la classe ${r.scope.class} (${plural(r.scope.periods.length, 'période')})`;
  const lines = [`Export de ${what} en ${r.format.toUpperCase()} : ${r.path}`];
  lines.push('', table(['Fichier', 'Lignes'], r.subjects.map((s) => [r.format === 'json' ? s.id : s.file, String(s.rows)])));
  if (r.format === 'zip') lines.push('', `Documents imprimés ajoutés : ${r.documents}`);
  return lines.join('\n');
}
