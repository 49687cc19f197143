// `cpro liaison show|set|reset|edit|import|status`: wiring only.
import type { Command } from 'commander';
import { act } from '../context.js';
import { reportImport } from '../import-report.js';
import { addCsvOptions, csvOptions } from '../csv-options.js';
import { table, type IO } from '../io.js';
import { frenchDate, shortFrenchDate } from '../../domain/dates.js';
import { VISIT_MODE_LABELS } from '../../domain/visits.js';
import {
  liaisonStatus,
  liaisonView,
  resetLiaison,
  setLiaison,
  type LiaisonStatusReport,
  type LiaisonView,
  type SheetChangeReport,
} from '../../services/liaison/liaison.js';
import { emptyLiaisonReport, importLiaison, type LiaisonImportReport } from '../../services/liaison/import-liaison.js';
import { LIAISON_FIELDS, deName } from '../../domain/liaison.js';
import { editLiaisonInteractively } from './liaison-edit.js';
import { agree, plural } from '../../domain/text.js';

const collect = (v: string, acc: string[] | undefined) => [...(acc ?? []), v];
const KEYS_HELP = LIAISON_FIELDS.map((f) => `  ${f.key.padEnd(22)} ${f.label}`).join('\n');

function sheetCommand(parent: Command, name: string): Command {
  return parent
    .command(name)
    .requiredOption('--period <période>', 'numéro de la période ou son nom')
    .requiredOption('--learner <apprenant>', 'numéro, INE ou « NOM Prénom » (casse et accents ignorés)');
}

export function registerLiaison(program: Command): void {
  const group = program
    .command('liaison');

  sheetCommand(group, 'show')
    .description("affiche la fiche de liaison d'un apprenant pour une période")
    .addHelpText(
      'after',
      '\nExemples :\n  $ cpro liaison show --period "PFMP 1" --learner "ACCARDO Aline"\n  $ cpro liaison show --period 1 --learner 110480123AA --json',
    )
    .action(act(async (ctx, opts: { period: string; learner: string }) => {
      const v = await liaisonView(await ctx.store(), opts.period, opts.learner);
      ctx.io.result(v, (v) => formatSheet(ctx.io, v));
    }));

  sheetCommand(group, 'set')
    .description('modifie une fiche de liaison : clé=valeur…, tâches, objectifs')
    .argument('[valeurs...]', 'clé=valeur (une valeur vide efface le champ)')
    .option('--add-task <code>', 'ajoute une tâche du référentiel (répétable, ou « A1T1,A2T1 »)', collect)
    .option('--remove-task <code>', 'retire une tâche (répétable)', collect)
    .option('--objectives-file <fichier>', 'remplace les objectifs : un par ligne (« - » pour l\'entrée standard)')
    .addHelpText(
      'after',
      `
Clés :
${KEYS_HELP}

Téléphones français (normalisés en « 02 32 12 34 56 »), code postal à 5 chiffres, courriel valide ; au moindre
refus, rien n'est enregistré. Les objectifs et tâches modifiés deviennent propres à l'apprenant (« individualisés ») ;
« cpro liaison reset » revient à ceux de l'annexe.

Exemples :
  $ cpro liaison set --period "PFMP 1" --learner "ACCARDO Aline" entreprise.nom="Fragrance Plus" \\
      entreprise.codePostal=76000 entreprise.ville=Rouen tuteur.courriel=julien.boisseau@fragrance.fr
  $ cpro liaison set --period "PFMP 2" --learner 3 --add-task A3T1 --remove-task A2T2
  $ cpro liaison set --period "PFMP 2" --learner 3 --objectives-file objectifs-zoe.txt`,
    )
    .action(act(async (ctx, values: string[], opts: { period: string; learner: string; addTask?: string[]; removeTask?: string[]; objectivesFile?: string }) => {
      const report = await setLiaison(await ctx.store(), opts.period, opts.learner, {
        values,
        addTasks: opts.addTask,
        removeTasks: opts.removeTask,
        objectivesFile: opts.objectivesFile,
      });
      printChange(ctx.io, report);
    }));

  sheetCommand(group, 'reset')
    .description("rend à une fiche les objectifs et les tâches de l'annexe (entreprise et tuteur sont conservés)")
    .option('--objectives', 'seulement les objectifs')
    .option('--tasks', 'seulement les tâches')
    .addHelpText('after', '\nExemples :\n  $ cpro liaison reset --period "PFMP 2" --learner "JEAN-FRANÇOIS Célia-Tassadit"\n  $ cpro liaison reset --period 2 --learner 5 --tasks')
    .action(act(async (ctx, opts: { period: string; learner: string; objectives?: boolean; tasks?: boolean }) => {
      printChange(ctx.io, await resetLiaison(await ctx.store(), opts.period, opts.learner, opts));
    }));

  sheetCommand(group, 'edit')
    .description('modifie une fiche de liaison par questions successives, pré-remplies (terminal interactif)')
    .addHelpText(
      'after',
      '\nSans terminal interactif (script, redirection), utilisez « cpro liaison set ».\n\nExemples :\n  $ cpro liaison edit --period "PFMP 1" --learner "MA Aldryk"',
    )
    .action(act(async (ctx, opts: { period: string; learner: string }) => {
      const report = await editLiaisonInteractively(ctx, opts.period, opts.learner);
      if (report) printChange(ctx.io, report);
    }));

  const imp = group
    .command('import')
    .description("renseigne en masse l'entreprise et le tuteur des fiches, d'après un fichier CSV")
    .argument('<fichier>', 'CSV (UTF-8, UTF-16 ou Windows-1252 ; séparateur ; , ou tabulation)');
  addCsvOptions(imp)
    .addHelpText(
      'after',
      `
Une ligne par apprenant et par période. Colonnes (casse, accents et ponctuation ignorés ; * obligatoire) :
  Période*, Classe (si plusieurs classes ont une période du même nom), INE ou Nom + Prénom de l'apprenant,
  Raison sociale, Adresse, Code postal, Ville, Secteur, Téléphone entreprise,
  Nom tuteur, Prénom tuteur, Téléphone tuteur, Courriel tuteur, Fonction tuteur.
Une cellule vide laisse la valeur actuelle. Toutes les erreurs sont signalées avec leur ligne et rien n'est
enregistré tant qu'il en reste une ; réimporter le même fichier ne change rien.

Exemples :
  $ cpro liaison import fixtures/liaison-demo.csv --dry-run
  $ cpro liaison import entreprises.csv
  $ cpro liaison import export.csv --encoding windows-1252 --delimiter ";" --json`,
    )
    .action(act(async (ctx, file: string, opts) => {
      const dryRun = !!opts.dryRun;
      await reportImport(
        ctx.io,
        async () => importLiaison(await ctx.store(), file, { ...csvOptions(opts), dryRun }),
        emptyLiaisonReport,
        (r) => formatImport(ctx.io, r, dryRun),
      );
    }));

  group
    .command('status')
    .description('liste ce qui manque aux fiches d\'une période avant d\'inviter les tuteurs et d\'imprimer')
    .requiredOption('--period <période>', 'numéro de la période ou son nom')
    .addHelpText('after', '\nExemples :\n  $ cpro liaison status --period "PFMP 1"\n  $ cpro liaison status --period 2 --json')
    .action(act(async (ctx, opts: { period: string }) => {
      const r = await liaisonStatus(await ctx.store(), opts.period);
      ctx.io.result(r, (r) => formatStatus(ctx.io, r));
    }));
}

const dash = (v: string | null) => v ?? '—';

export function formatSheet(io: IO, v: LiaisonView): string {
  const apprentice = v.learner.status === 'Apprenti';
  const w = Math.max(...LIAISON_FIELDS.map((f) => f.title.length));
  const rows = (pairs: Array<[string, string | null]>) => pairs.map(([k, val]) => `  ${k.padEnd(w)}  ${dash(val)}`);
  const origin = (inherited: boolean, fromAnnex: string, own: string) =>
    inherited ? io.c('dim', `(${fromAnnex})`) : io.c('yellow', `(${own})`);
  const lines = [
    io.c('bold', `Fiche de liaison entreprise — ${v.learner.firstName} ${v.learner.lastName}`) +
      ` (${v.learner.class}${apprentice ? ', apprenti' : ''})`,
    `Période : ${v.period.name} — du ${frenchDate(v.period.start)} au ${frenchDate(v.period.end)}`,
    '',
    "Entreprise d'accueil",
    ...rows(LIAISON_FIELDS.flatMap((f) => (f.section === 'company' ? [[f.title, v.company[f.field]] as [string, string | null]] : []))),
    '',
    apprentice ? "Maître d'apprentissage" : 'Tuteur',
    ...rows(LIAISON_FIELDS.flatMap((f) => (f.section === 'tutor' ? [[f.title, v.tutor[f.field]] as [string, string | null]] : []))),
    '',
    `Objectifs de formation ${origin(v.objectives.inherited, "ceux de l'annexe", 'individualisés')} :`,
    ...(v.objectives.items.length ? v.objectives.items.map((o) => `  - ${o}`) : ['  (aucun)']),
    '',
    `Tâches confiées ${origin(v.tasks.inherited, "celles de l'annexe", 'individualisées')} :`,
    ...(v.tasks.items.length ? v.tasks.items.map((t) => `  ${t.code}  ${t.title || io.c('dim', '(absente du référentiel)')}`) : ['  (aucune)']),
  ];
  if (v.missing.length) lines.push('', io.c('yellow', `À compléter : ${v.missing.join(', ')}`));
  return lines.join('\n');
}

function printChange(io: IO, r: SheetChangeReport): void {
  const who = deName(`${r.sheet.learner.firstName} ${r.sheet.learner.lastName}`);
  io.result(r, (r) =>
    r.changed.length
      ? `Fiche de liaison ${who} (${r.sheet.period.name}) mise à jour : ${r.changed.join(', ')}.`
      : `Aucun changement : la fiche de liaison ${who} (${r.sheet.period.name}) était déjà à jour.`,
  );
  if (!io.json) for (const w of r.warnings) io.warn(w);
}

function formatImport(io: IO, r: LiaisonImportReport, dryRun: boolean): string {
  if (r.errors.length) return '';
  const { updated, unchanged } = r.sheets;
  const counts =
    `  Fiches de liaison  ${io.c('yellow', `${plural(updated, 'mise')} à jour`)}, ` +
    plural(unchanged, 'inchangée');
  const head = dryRun
    ? "Simulation (--dry-run) : rien n'a été écrit. L'import ferait :"
    : updated === 0
      ? 'Aucun changement : les fiches étaient déjà à jour.'
      : 'Import terminé :';
  const details = r.changes.map((c) => {
    const parts: string[] = [];
    if (c.filled.length) parts.push(plural(c.filled.length, 'champ renseigné', 'champs renseignés'));
    if (c.replaced.length) parts.push(io.c('yellow', `${agree(c.replaced.length, 'remplacé')} : ${c.replaced.join(', ')}`));
    return `    ligne ${c.line}  ${c.learner} (${c.period}) : ${parts.join(' ; ')}`;
  });
  return [head, counts, ...details].join('\n');
}

const SHORT: Record<string, string> = {
  'nom du tuteur': 'nom',
  'prénom du tuteur': 'prénom',
  'courriel du tuteur': 'courriel',
  'courriel du tuteur valide': 'courriel valide',
};

function formatStatus(io: IO, r: LiaisonStatusReport): string {
  const head = io.c('bold', `Fiches de liaison — ${r.period.name} (${r.period.class}) : ${plural(r.ready, 'prête')} sur ${r.total}`);
  if (r.total === 0) return `${head}\nAucun apprenant dans cette période.`;
  const todo = (missing: string[]) => io.c('red', `à compléter : ${missing.map((m) => SHORT[m] ?? m).join(', ')}`);
  const rows = r.sheets.map((s) => [
    String(s.learner.id),
    `${s.learner.lastName} ${s.learner.firstName}`,
    s.companyFilled ? io.c('green', s.company!) : todo(s.companyMissing),
    s.tutorComplete ? io.c('green', s.tutor!) : todo(s.tutorMissing),
    s.individualised ? io.c('yellow', 'individualisée') : "selon l'annexe",
    s.ready ? io.c('green', 'oui') : 'non',
    s.visits.length
      ? s.visits.map((v) => `${VISIT_MODE_LABELS[v.mode]} ${shortFrenchDate(v.date)}${v.done ? ' ✓' : ''}`).join(', ')
      : '—',
  ]);
  const lines = [head, '', table(['N°', 'Apprenant', 'Entreprise', 'Tuteur', 'Objectifs et tâches', 'Prête', 'Visites (✓ faite)'], rows)];
  const noCompany = r.sheets.filter((s) => !s.companyFilled).length;
  const noTutor = r.sheets.filter((s) => !s.tutorComplete).length;
  lines.push('');
  if (r.ready === r.total) {
    lines.push('Toutes les fiches sont prêtes : vous pouvez inviter les tuteurs et imprimer les pré-conventions.');
  } else {
    const parts: string[] = [];
    if (noCompany) parts.push(`${plural(noCompany, 'fiche')} sans entreprise complète`);
    if (noTutor) parts.push(`${noTutor} sans tuteur complet (nom, prénom, courriel valide)`);
    lines.push(`À faire : ${parts.join(', ')}. Compléter avec « cpro liaison set », « cpro liaison edit » ou « cpro liaison import ».`);
  }
  const due = r.sheets.filter((s) => s.gratificationDue);
  if (due.length) {
    lines.push(
      io.c('yellow', `Gratification due (plus de deux mois chez le même organisme cette année scolaire) : ${due.map((s) => `${s.learner.lastName} ${s.learner.firstName}`).join(', ')}.`) +
        ' Voir « cpro attendance show ».',
    );
  }
  return lines.join('\n');
}
