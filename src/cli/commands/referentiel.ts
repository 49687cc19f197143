// `cpro referentiel list|show|import|use`: wiring only.
import type { Command } from 'commander';
import { act } from '../context.js';
import { table, type IO } from '../io.js';
import {
  importReferentiel,
  listReferentiels,
  referentielDetails,
  useReferentiel,
  type ReferentielDetails,
  type ReferentielImportReport,
  type ReferentielSummary,
} from '../../services/referentiels/referentiel-catalogue.js';
import { plural } from '../../domain/text.js';


export function registerReferentiel(program: Command): void {
  const group = program
    .command('referentiel');

  group
    .command('list')
    .description('liste les référentiels fournis et importés ; les brouillons sont signalés')
    .addHelpText('after', '\nExemples :\n  $ cpro referentiel list\n  $ cpro referentiel list --json')
    .action(act(async (ctx) => {
      const list = await listReferentiels(await ctx.store());
      ctx.io.result(list, (l) => formatList(ctx.io, l));
    }));

  group
    .command('show')
    .description('affiche un référentiel : blocs et tâches, compétences et sous-compétences, attitudes, grilles certificatives')
    .argument('<code>', 'code du référentiel (voir « cpro referentiel list »)')
    .addHelpText('after', '\nExemples :\n  $ cpro referentiel show BACPRO-MSPC\n  $ cpro referentiel show BACPRO-MSPC --json')
    .action(act(async (ctx, code: string) => {
      const d = await referentielDetails(await ctx.store(), code);
      ctx.io.result(d, (d) => formatDetails(ctx.io, d));
    }));

  group
    .command('import')
    .description('importe (ou remplace) un référentiel depuis un fichier JSON validé par le schéma')
    .argument('<fichier>', 'fichier JSON au format de templates/referentiels/referentiel.schema.json')
    .option('--dry-run', 'vérifie le fichier et montre ce qui changerait, sans rien écrire')
    .addHelpText(
      'after',
      `
Le fichier est refusé en entier (rien n'est enregistré) au moindre champ invalide ; chaque erreur nomme le
champ, par exemple « blocks[1].tasks[0].code : valeur obligatoire manquante ».
Un référentiel importé remplace, dans ce magasin, celui de même code fourni avec cprosync.

Exemples :
  $ cpro referentiel import mon-referentiel.json --dry-run
  $ cpro referentiel import mon-referentiel.json`,
    )
    .action(act(async (ctx, file: string, opts: { dryRun?: boolean }) => {
      const report = await importReferentiel(await ctx.storeForWriting({ dryRun: !!opts.dryRun }), file, { dryRun: !!opts.dryRun });
      ctx.io.result(report, (r) => formatImport(r, !!opts.dryRun));
      if (!ctx.io.json) for (const w of report.warnings) ctx.io.warn(w);
      if (!ctx.io.json && !report.active && !opts.dryRun && report.change !== 'unchanged') {
        ctx.io.info(`Pour créer les prochaines périodes avec ce référentiel : cpro referentiel use ${report.code}`);
      }
    }));

  group
    .command('use')
    .description("choisit le référentiel des périodes créées par les prochains imports d'annexe")
    .argument('<code>', 'code du référentiel')
    .addHelpText(
      'after',
      '\nLes périodes existantes gardent leur référentiel.\n\nExemples :\n  $ cpro referentiel use BACPRO-MSPC',
    )
    .action(act(async (ctx, code: string) => {
      const r = await useReferentiel(await ctx.storeForWriting(), code);
      ctx.io.result(r, (r) =>
        r.changed
          ? `Référentiel actif : ${r.code} (${r.diploma})${r.draft ? ' — brouillon' : ''}. Les prochaines périodes importées l'utiliseront.`
          : `Le référentiel ${r.code} était déjà le référentiel actif.`,
      );
    }));
}

function formatList(io: IO, l: ReferentielSummary[]): string {
  const rows = l.map((r) => [
    r.active ? '*' : '',
    r.code,
    r.diploma,
    r.draft ? io.c('yellow', 'BROUILLON') : 'validé',
    String(r.tasks),
    String(r.competencies),
    String(r.attitudes),
    r.source,
    String(r.periods),
  ]);
  const lines = [
    table(['', 'Code', 'Diplôme', 'État', 'Tâches', 'Compétences', 'Attitudes', 'Source', 'Périodes'], rows),
    '',
    '* référentiel actif : celui des périodes créées par les prochains imports d\'annexe.',
  ];
  if (l.some((r) => r.draft)) {
    lines.push(
      'BROUILLON : codes et intitulés non vérifiés avec le texte officiel ; remplacez-le par « cpro referentiel import <fichier.json> ».',
    );
  }
  return lines.join('\n');
}

function formatDetails(io: IO, d: ReferentielDetails): string {
  const lines = [io.c('bold', `${d.code} — ${d.diploma}`)];
  if (d.draft) {
    const note = d.draftNote ?? 'codes et intitulés non vérifiés avec le texte officiel.';
    lines.push(io.c('yellow', /^brouillon\b/i.test(note) ? note.replace(/^brouillon/i, 'BROUILLON') : `BROUILLON : ${note}`));
  }
  if (d.family) lines.push(`Famille de métiers : ${d.family}`);
  lines.push(
    `Source : ${d.source === 'fourni' ? 'fourni avec cprosync' : 'importé'}${d.active ? ' ; référentiel actif' : ''} ; ` +
      `utilisé par ${plural(d.periods, 'période')}`,
    '',
    `Blocs d'activités et tâches (${plural(d.tasks, 'tâche')}) :`,
  );
  for (const b of d.content.blocks) {
    lines.push(`  ${b.code}  ${b.title}`);
    const w = Math.max(...b.tasks.map((t) => t.code.length));
    for (const t of b.tasks) lines.push(`      ${t.code.padEnd(w)}  ${t.title}`);
  }
  lines.push('', `Compétences (${d.competencies}) :`);
  const cw = Math.max(...d.content.competencies.map((c) => c.code.length));
  for (const c of d.content.competencies) {
    lines.push(`  ${c.code.padEnd(cw)}  ${c.title}`);
    for (const s of c.details ?? []) lines.push(`  ${' '.repeat(cw)}  ${s.code}  ${s.title}`);
  }
  lines.push('', `Attitudes professionnelles (${d.attitudes}) :`);
  const aw = Math.max(...d.content.attitudes.map((a) => a.code.length));
  for (const a of d.content.attitudes) lines.push(`  ${a.code.padEnd(aw)}  ${a.title}`);
  for (const u of d.content.examUnits ?? []) {
    lines.push('', `Grille certificative ${u.title}${u.draft ? ' (brouillon)' : ''} :`);
    const uw = Math.max(...u.criteria.map((c) => c.code.length));
    for (const c of u.criteria) lines.push(`  ${c.code.padEnd(uw)}  ${c.title}`);
    lines.push(`  Échelle : ${u.scale.map((st) => `${st.code} ${st.title}`).join(' ; ')}`);
  }
  return lines.join('\n');
}

function formatImport(r: ReferentielImportReport, dryRun: boolean): string {
  const what = `le référentiel « ${r.code} » (${r.diploma})${r.draft ? ', marqué brouillon,' : ''}`;
  const replaces = r.replacesShipped ? ' Il remplace, dans ce magasin, la version fournie avec cprosync.' : '';
  if (r.change === 'unchanged') return `Aucun changement : ${what} était déjà à jour.`;
  if (dryRun) {
    return `Simulation (--dry-run) : rien n'a été écrit. Le fichier est valide ; ${what} serait ${r.change === 'created' ? 'ajouté' : 'mis à jour'}.${replaces}`;
  }
  return `${r.change === 'created' ? 'Importé' : 'Mis à jour'} : ${what}.${replaces}`;
}
