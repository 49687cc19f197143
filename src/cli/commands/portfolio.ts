// `cpro portfolio import|show|status|comment|export`: wiring only.
import { deName } from '../../domain/text.js';
import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import { act } from '../context.js';
import { table, type IO } from '../io.js';
import { reportImport } from '../import-report.js';
import { shortFrenchDate, todayIso } from '../../domain/dates.js';
import type { OrgNode } from '../../domain/portfolio.js';
import {
  addPortfolioComment, commentAuthor, emptyPortfolioReport, importPortfolios, portfolioStatus, showPortfolio, type PortfolioDetails,
  type PortfolioImportReport, type PortfolioStatus,
} from '../../services/portfolio/portfolios.js';
import { exportPortfolios, type PortfolioFormat } from '../../services/portfolio/portfolio-export.js';
import { plural } from '../../domain/text.js';

const localDay = (iso: string) => shortFrenchDate(todayIso(new Date(iso)));

export function registerPortfolio(program: Command): void {
  const portfolio = program
    .command('portfolio');

  portfolio
    .command('import')
    .description("importe le portfolio d'un apprenant (fichier YAML) ou ceux d'un dossier, tout ou rien")
    .argument('<fichier|dossier>', 'un fichier .yaml, ou un dossier : tous ses fichiers .yaml et .yml')
    .requiredOption('--period <période>', 'période des portfolios (numéro ou nom)')
    .option('--dry-run', "vérifie et montre ce qui changerait, sans rien écrire")
    .option('--force', "remplace aussi un portfolio que l'apprenant a modifié sur le portail depuis le dernier import")
    .addHelpText(
      'after',
      `
Le format est décrit dans docs/portfolio.md (exemples : fixtures/portfolios/). L'apprenant est reconnu par son
INE, ou par son nom et son prénom. Toute erreur est signalée avec son fichier et sa ligne, et rien n'est alors
enregistré. Réimporter le même fichier ne change rien ; les commentaires des enseignants sont conservés.

Portail et fichier sont un seul portfolio : si l'apprenant l'a modifié sur le portail (cpro serve) depuis le
dernier import, l'import est refusé avec ce qu'il remplacerait ; récupérez d'abord sa version avec
« cpro portfolio export --format yaml », ou forcez le remplacement avec --force.

Exemples :
  $ cpro portfolio import fixtures/portfolios --period "PFMP 2"
  $ cpro portfolio import accardo.yaml --period 2 --dry-run
  $ cpro portfolio import accardo.yaml --period 2 --force`,
    )
    .action(act(async (ctx, path: string, opts: { period: string; dryRun?: boolean; force?: boolean }) => {
      await reportImport(
        ctx.io,
        async () => importPortfolios(await ctx.store(), path, { period: opts.period, dryRun: !!opts.dryRun, force: !!opts.force }),
        emptyPortfolioReport,
        (r) => formatImport(ctx.io, r),
      );
    }));

  portfolio
    .command('show')
    .description("affiche le portfolio d'un apprenant pour une période, et les commentaires")
    .requiredOption('--period <période>', 'numéro ou nom de la période')
    .requiredOption('--learner <apprenant>', 'numéro, INE, ou « NOM Prénom »')
    .addHelpText('after', '\nExemples :\n  $ cpro portfolio show --period "PFMP 2" --learner "ACCARDO Aline"\n  $ cpro portfolio show --period 2 --learner 110480123AA --json')
    .action(act(async (ctx, opts: { period: string; learner: string }) => {
      const d = await showPortfolio(await ctx.store(), opts.period, opts.learner);
      ctx.io.result(d, (x) => formatShow(ctx.io, x));
    }));

  portfolio
    .command('status')
    .description('qui a un portfolio dans une période : semaines, activités, commentaires')
    .requiredOption('--period <période>', 'numéro ou nom de la période')
    .addHelpText('after', '\nExemples :\n  $ cpro portfolio status --period "PFMP 2"\n  $ cpro portfolio status --period 2 --json')
    .action(act(async (ctx, opts: { period: string }) => {
      const s = await portfolioStatus(await ctx.store(), opts.period);
      ctx.io.result(s, (x) => formatStatus(ctx.io, x));
    }));

  portfolio
    .command('comment')
    .description("ajoute un commentaire daté et signé au portfolio d'un apprenant (son contenu n'est jamais modifié)")
    .argument('<texte>', 'le commentaire, entre guillemets')
    .requiredOption('--period <période>', 'numéro ou nom de la période')
    .requiredOption('--learner <apprenant>', 'numéro, INE, ou « NOM Prénom »')
    .option('--author <nom>', 'auteur (par défaut : configuration enseignant.nom, sinon votre nom de session)')
    .addHelpText(
      'after',
      `
Exemples :
  $ cpro portfolio comment --period "PFMP 2" --learner "ACCARDO Aline" "Détaillez les causes de la panne."
  $ cpro portfolio comment --period 2 --learner 110480123AA --author "M. Martin" "Très bon rapport."`,
    )
    .action(act(async (ctx, text: string, opts: { period: string; learner: string; author?: string }) => {
      const store = await ctx.store();
      const r = await addPortfolioComment(store, opts.period, opts.learner, text, await commentAuthor(store, opts.author, ctx.env));
      ctx.io.result(r, (x) =>
        `Commentaire ajouté au portfolio ${deName(`${x.learner.firstName} ${x.learner.lastName}`)} (${x.period.name}), ` +
        `le ${localDay(x.comment.createdAt)}, par ${x.comment.author}.`,
      );
    }));

  portfolio
    .command('export')
    .description('exporte les portfolios en documents DOCX (modifiables) ou PDF, ou en fichiers YAML (le format de « portfolio import »), un par apprenant')
    .requiredOption('--period <période>', 'numéro ou nom de la période')
    .option('--learner <apprenant>', "seulement cet apprenant (par défaut : tous ceux qui ont un portfolio)")
    .addOption(new Option('--format <format>', 'format des documents').choices(['docx', 'pdf', 'yaml']).makeOptionMandatory())
    .option('--all', "toutes les activités de maintenance, pas seulement celles que l'apprenant a sélectionnées")
    .option('--out <dossier>', 'dossier de sortie (par défaut : documents/<période>/)')
    .addHelpText(
      'after',
      `
Le document reprend la présentation de l'entreprise, l'organigramme dessiné en arbre, les activités
hebdomadaires en tableau, les activités de maintenance sélectionnées (« exporter: oui ») ou toutes (--all),
les annexes, le bilan personnel et les commentaires. Fichiers « Portfolio - <période> - <Prénom> <Nom> ».

En YAML : le fichier que l'apprenant aurait écrit (docs/portfolio.md), tel que le portail l'a enregistré, à
réimporter tel quel ; les annexes déposées sur le portail sont écrites à côté, dans « … - annexes/ ».

Exemples :
  $ cpro portfolio export --period "PFMP 2" --format docx
  $ cpro portfolio export --period 2 --learner "ACCARDO Aline" --format pdf --all --out /tmp/portfolios
  $ cpro portfolio export --period "PFMP 2" --learner "ACCARDO Aline" --format yaml`,
    )
    .action(act(async (ctx, opts: { period: string; learner?: string; format: PortfolioFormat; all?: boolean; out?: string }) => {
      let bar: ReturnType<IO['progress']> | undefined;
      const r = await exportPortfolios(await ctx.store(), {
        ...opts,
        onStart: (n) => (bar = ctx.io.progress(n, 'Export')),
        onFile: (l) => bar?.tick(`${l.lastName} ${l.firstName}`),
      });
      bar?.stop();
      ctx.io.result(r, (x) =>
        [
          `${plural(x.files.length, 'portfolio exporté', 'portfolios exportés')} (${x.format.toUpperCase()}) dans ${x.folder} :`,
          ...x.files.map((f) => `  ${basename(f.file)}  (${plural(f.activities, 'activité')})`),
          ...(x.withoutPortfolio.length
            ? [`Sans portfolio : ${x.withoutPortfolio.map((l) => `${l.lastName} ${l.firstName}`).join(', ')}`]
            : []),
        ].join('\n'),
      );
    }));
}

const CHANGE_LABEL = { created: 'créé', updated: 'mis à jour', unchanged: 'inchangé' } as const;

function formatImport(io: IO, r: PortfolioImportReport): string {
  if (r.errors.length || !r.period) return '';
  const c = r.portfolios;
  const head = r.dryRun
    ? "Simulation (--dry-run) : rien n'a été écrit. L'import ferait :"
    : c.created + c.updated === 0
      ? 'Aucun changement : les portfolios étaient déjà à jour.'
      : 'Import terminé :';
  const rows = r.files.map((f) => [
    f.change === 'created' ? io.c('green', CHANGE_LABEL[f.change]) : f.change === 'updated' ? io.c('yellow', CHANGE_LABEL[f.change]) : CHANGE_LABEL[f.change],
    `${f.learner.lastName} ${f.learner.firstName}`,
    basename(f.file),
    `${plural(f.counts.weeks, 'semaine')}, ${plural(f.counts.activities, 'activité')} (${plural(f.counts.selected, 'sélectionnée')})`,
  ]);
  return [
    head,
    `  Période « ${r.period.name} » (${r.period.class}) : ${plural(c.created, 'créé')}, ${c.updated} mis à jour, ` +
      plural(c.unchanged, 'inchangé'),
    '',
    table(['', 'Apprenant', 'Fichier', 'Contenu'], rows),
  ].join('\n');
}

/** The org chart as the \`tree\` command draws folders: roots flush left, connectors below them. */
function orgLines(nodes: OrgNode[], indent: string): string[] {
  const label = (n: OrgNode) => `${n.role}${n.names.length ? ` — ${n.names.join(', ')}` : ''}`;
  const below = (children: OrgNode[], prefix: string): string[] =>
    children.flatMap((n, i) => {
      const last = i === children.length - 1;
      return [`${prefix}${last ? '└─ ' : '├─ '}${label(n)}`, ...below(n.children, prefix + (last ? '   ' : '│  '))];
    });
  return nodes.flatMap((n) => [indent + label(n), ...below(n.children, indent)]);
}

function formatShow(io: IO, d: PortfolioDetails): string {
  const c = d.content;
  const co = c.company;
  const out: string[] = [];
  const section = (title: string) => out.push('', io.c('bold', title));
  /** "label : value" at a depth (2 spaces each); a multi-line value goes under its label, one step deeper. */
  const text = (depth: number, label: string, v: string | number | null) => {
    if (v === null || v === '') return;
    const pad = '  '.repeat(depth);
    const s = String(v);
    if (s.includes('\n')) out.push(`${pad}${label} :`, ...s.split('\n').map((l) => `${pad}  ${l}`));
    else out.push(`${pad}${label} : ${s}`);
  };
  out.push(
    io.c('bold', `Portfolio ${deName(`${d.learner.firstName} ${d.learner.lastName}`)}`) + ` — ${d.learner.class} — ${d.period.name}`,
    `Fichier « ${d.sourceFile} », importé le ${localDay(d.importedAt)}` +
      (d.updatedAt !== d.importedAt ? `, mis à jour le ${localDay(d.updatedAt)}` : ''),
  );
  section("Présenter l'entreprise");
  text(1, 'Raison sociale', co.name);
  text(1, "Secteur d'activité", co.sector);
  text(1, 'Adresse', [co.address, [co.postalCode, co.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') || null);
  text(1, 'Téléphone', co.phone);
  text(1, "Nombre d'employés", co.employees);
  text(1, 'Personnes au service maintenance', co.maintenanceStaff);
  text(1, 'Activité', co.activity);
  text(1, 'Historique', co.history);
  section("Géolocaliser l'entreprise");
  out.push(co.latitude !== null && co.longitude !== null ? `  latitude ${co.latitude}, longitude ${co.longitude}` : '  (non renseigné)');
  section('Organigramme');
  out.push(...(c.orgChart.length ? orgLines(c.orgChart, '  ') : ['  (non renseigné)']));
  section(`Activités hebdomadaires (${c.weeks.length})`);
  for (const w of c.weeks) {
    const dates = w.from ? ` (du ${shortFrenchDate(w.from)}${w.to ? ` au ${shortFrenchDate(w.to)}` : ''})` : '';
    out.push(`  Semaine ${w.number}${dates}`);
    text(2, 'Activités', w.activities);
    text(2, "Ce que j'ai aimé", w.liked);
    text(2, "Ce que j'ai réussi", w.succeeded);
  }
  const selected = c.activities.filter((a) => a.selected).length;
  section(`Activités de maintenance (${c.activities.length} ; ${plural(selected, 'sélectionnée')} pour l'export)`);
  c.activities.forEach((a, i) => {
    out.push(`  ${i + 1}. ${a.title}${a.selected ? io.c('green', '  [sélectionnée pour l\'export]') : ''}`);
    text(2, 'Conditions de réalisation', a.conditions);
    const w = a.workOrder;
    out.push('    Bon de travail');
    text(3, 'Date', w.date ? shortFrenchDate(w.date) : null);
    text(3, 'Secteur', w.sector);
    text(3, 'Demandeur', w.requester);
    text(3, 'Machine', w.machine);
    text(3, 'Nature du travail', w.work);
    text(3, 'Fournitures', w.supplies);
    text(3, 'Documentation', w.documentation);
    out.push("    Rapport d'intervention");
    text(3, 'Défauts constatés', a.report.defects);
    text(3, 'Causes', a.report.causes);
    text(3, 'Réparations effectuées', a.report.repairs);
    text(3, 'Durée', a.report.duration);
  });
  section(`Annexes (${c.annexes.length})`);
  for (const a of c.annexes) out.push(`  ${a.kind === 'fichier' ? 'Fichier' : 'Lien'} : ${a.target}${a.title ? ` — ${a.title}` : ''}`);
  section(`Commentaires (${d.comments.length})`);
  for (const cm of d.comments) {
    out.push(`  ${localDay(cm.createdAt)} — ${cm.author}${cm.authorRole === 'tuteur' ? ' (tuteur, via le portail)' : ''} :`, ...cm.text.split('\n').map((l) => `    ${l}`));
  }
  return out.join('\n');
}

function formatStatus(io: IO, s: PortfolioStatus): string {
  const head = `Période « ${s.period.name} » (${s.period.class}) : ${plural(s.withPortfolio, 'portfolio')} sur ${plural(s.learners.length, 'apprenant')}.`;
  if (!s.learners.length) return head;
  const rows = s.learners.map((l) => [
    `${l.learner.lastName} ${l.learner.firstName}`,
    l.hasPortfolio ? io.c('green', 'oui') : io.c('yellow', 'non'),
    l.hasPortfolio ? String(l.weeks) : '',
    l.hasPortfolio ? `${l.activities} (${l.selected})` : '',
    l.hasPortfolio ? String(l.annexes) : '',
    l.hasPortfolio ? String(l.comments) : '',
    l.updatedAt ? localDay(l.updatedAt) : '',
    l.webEditedAt ? localDay(l.webEditedAt) : '',
  ]);
  return [head, '', table(['Apprenant', 'Portfolio', 'Semaines', 'Activités (sélect.)', 'Annexes', 'Commentaires', 'Mis à jour', 'Modifié sur le portail'], rows)].join('\n');
}
