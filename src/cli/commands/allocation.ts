// `cpro allocation`: the allocation de PFMP to declare, per learner (wiring only: services/attendance/allocation.ts).
import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import { act } from '../context.js';
import { table } from '../io.js';
import { formatEuros } from '../../domain/allocation.js';
import { formatHours } from '../../domain/attendance.js';
import { allocationCsv, allocationReport, type AllocationReport } from '../../services/attendance/allocation.js';
import { writePrivateFile } from '../../services/shared/private-fs.js';

export function registerAllocation(program: Command): void {
  program
    .command('allocation')
    .option('--period <période>', 'numéro de la période ou son nom')
    .option('--class <classe>', 'toutes les périodes de la classe')
    .addOption(new Option('--format <format>', 'texte (par défaut) ou csv pour le tableur').choices(['texte', 'csv']).default('texte'))
    .option('--out <fichier>', 'avec --format csv : écrit dans ce fichier plutôt que sur la sortie standard')
    .addHelpText(
      'after',
      `
Pour chaque élève sous statut scolaire (pas les apprentis) : jours effectués × taux journalier du niveau de la
classe (2de, 1re, Tle, CAP1, CAP2), dans la limite du plafond annuel ; le cumul court sur l'année scolaire. Le niveau
vient du nom de la classe (commençant par 2, 1 ou T) ou de « cpro classes set <classe> niveau=… ». Les taux et
plafonds sont ceux de templates/baremes/pfmp.json, ou du fichier de « cpro config set baremes.fichier ».
La dernière colonne dit ce qui bloque la déclaration (présence non confirmée, attestation non imprimée…).
CSV : UTF-8 avec BOM, séparateur « ; », lignes CRLF (LibreOffice Calc et Excel).

Exemples :
  $ cpro allocation --period "PFMP 2"
  $ cpro allocation --class 2MSPC1 --format csv --out allocation-2MSPC1.csv
  $ cpro allocation --period 2 --json`,
    )
    .action(act(async (ctx, opts: { period?: string; class?: string; format: string; out?: string }) => {
      const r = await allocationReport(await ctx.store(), { period: opts.period, class: opts.class });
      if (opts.format === 'csv' && !ctx.io.json) {
        const csv = allocationCsv(r);
        if (opts.out) {
          const path = resolve(opts.out);
          writePrivateFile(path, csv);
          ctx.io.info(`Liste de l'allocation écrite : ${path} (${r.rows.length} ligne${r.rows.length > 1 ? 's' : ''})`);
        } else ctx.io.stdout.write(csv);
      } else {
        ctx.io.result(r, (r) => formatReport(ctx.io.c.bind(ctx.io), r));
      }
      if (!ctx.io.json) for (const c of r.unknownLevels) ctx.io.warn(`niveau de la classe ${c} inconnu : cpro classes set "${c}" niveau=<2de|1re|Tle|CAP1|CAP2>`);
    }));
}

type Paint = (colour: 'yellow' | 'bold' | 'dim', text: string) => string;

function formatReport(c: Paint, r: AllocationReport): string {
  const scope = r.scope.period ? `« ${r.scope.period.name} » (${r.scope.period.class})` : `classe ${r.scope.class}`;
  const euros = (n: number | null) => (n === null ? '—' : `${formatEuros(n)} €`);
  const rows = r.rows.map((x) => [
    `${x.learner.lastName} ${x.learner.firstName}`,
    ...(r.scope.period ? [] : [x.period.name]),
    x.level ?? '?',
    formatHours(x.days),
    x.rate === null ? '—' : `${formatEuros(x.rate)} €`,
    euros(x.amount) + (x.capped ? c('yellow', ' (plafond)') : ''),
    x.yearTotal === null ? '—' : `${formatEuros(x.yearTotal)}${x.cap !== null ? ` / ${formatEuros(x.cap)}` : ''} €`,
    x.blockers.length ? c('yellow', x.blockers.join(' ; ')) : 'prêt',
  ]);
  const ready = r.rows.filter((x) => x.amount !== null && x.blockers.length === 0).length;
  return [
    c('bold', `Allocation PFMP — ${scope}`),
    '',
    table(['Apprenant', ...(r.scope.period ? [] : ['Période']), 'Niveau', 'Jours', 'Taux', 'Montant', 'Année / plafond', 'Déclaration'], rows),
    '',
    `Total : ${formatHours(r.total.days)} jours, ${formatEuros(r.total.amount)} € ; lignes prêtes à déclarer : ${ready}/${r.rows.length}.`,
  ].join('\n');
}
