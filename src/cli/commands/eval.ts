// `cpro eval entreprise|attitudes|import|show|export`: wiring only; rules live in domain/evaluation.ts and services.
import { existsSync, lstatSync } from 'node:fs';
import { UserError } from '../../domain/errors.js';
import { Option, type Command } from 'commander';
import { act } from '../context.js';
import { reportImport } from '../import-report.js';
import { addCsvOptions, csvOptions } from '../csv-options.js';
import { table, type IO } from '../io.js';
import { paintLevel } from '../levels.js';
import { shortFrenchDate } from '../../domain/dates.js';
import { enteredByLabel } from '../../domain/portal.js';
import { frenchDayDate } from '../../domain/tutor-state.js';
import {
  EVALUATION_TYPES,
  TYPE_LABELS,
  isCertificative,
  typeWithArticle,
  TYPE_LABELS_PLURAL,
  engagementStars,
  evaluationItems,
  type EvaluationType,
} from '../../domain/evaluation.js';
import { allTasks, type Referentiel } from '../../domain/referentiel.js';
import { writePrivateFile } from '../../services/shared/private-fs.js';
import { exportEvaluations, showEvaluations, type EvaluationSection, type SaveResult } from '../../services/evaluations/evaluations.js';
import {
  emptyEvaluationReport,
  importEvaluations,
  type EvaluationImportReport,
} from '../../services/evaluations/import-evaluations.js';
import { agree, deName, plural } from '../../domain/text.js';

const typeOption = () =>
  new Option('--type <type>', 'bilan entreprise (compétences) ou bilan des attitudes professionnelles').choices([...EVALUATION_TYPES]);

export function registerEval(program: Command): void {
  const group = program
    .command('eval');

  for (const type of EVALUATION_TYPES) {
    group
      .command(type)
      .description(
        type === 'entreprise'
          ? "saisit ou corrige le bilan entreprise d'un apprenant (tâches, compétences, engagement, date, commentaire)"
          : type === 'attitudes'
            ? "saisit ou corrige le bilan des attitudes professionnelles d'un apprenant"
            : `saisit ou corrige la grille certificative ${type} d'un apprenant (période ${type} : critères et échelle du référentiel)`,
      )
      .requiredOption('--period <période>', 'numéro de la période ou son nom')
      .requiredOption('--learner <apprenant>', 'numéro, INE ou « NOM Prénom » de l\'apprenant')
      .addHelpText(
        'after',
        `
Questions posées dans le terminal, pré-remplies avec ce qui est déjà enregistré ; Entrée garde la réponse
proposée. Sans terminal interactif (script, tâche planifiée), utilisez « cpro eval import ».
${
  isCertificative(type)
    ? "Réponses : celles de l'échelle de l'épreuve dans le référentiel (cpro referentiel show), ou sans réponse."
    : 'Niveaux : 4 (vert), 3 (jaune), 2 (orange), 1 (rouge), 0 (gris), NE (bleu, non évaluable) ou sans réponse.'
}

Exemple :
  $ cpro eval ${type} --period "${isCertificative(type) ? `${type} 2026` : 'PFMP 2'}" --learner "ACCARDO Aline"`,
      )
      .action(act(async (ctx, opts: { period: string; learner: string }) => {
        // Loaded only here, so that no other command pays for @inquirer/prompts.
        const { evaluateInteractively } = await import('./eval-interactive.js');
        const result = await evaluateInteractively(ctx, type, opts.period, opts.learner);
        if (result) printSave(ctx.io, type, result);
      }));
  }

  const imp = group
    .command('import')
    .description("enregistre les bilans de toute une période d'après un fichier CSV (une ligne par apprenant)")
    .argument('<fichier>', 'CSV (UTF-8, UTF-16 ou Windows-1252 ; séparateur ; , ou tabulation)')
    .requiredOption('--period <période>', 'numéro de la période ou son nom')
    .addOption(typeOption());
  addCsvOptions(imp)
    .addHelpText(
      'after',
      `
Une ligne par apprenant. Colonnes (casse, accents et ponctuation ignorés) :
  INE, ou Nom et Prénom — pour reconnaître l'apprenant parmi ceux de la période ;
  une colonne par code de compétence ou de compétence détaillée (C1.1, C1.1.1…) ou d'attitude (AT1…),
  valeurs 4, 3, 2, 1, 0, NE ou vide (sans réponse) ;
  Tâches (codes séparés par , | ou ;), Engagement (1 à 4), Date de rencontre (jj/mm/aaaa ; vide : dernier
  jour de la période), Commentaire — les deux premières pour le bilan entreprise seulement.
Le type se déduit des colonnes (--type pour l'imposer). Une colonne absente garde la valeur enregistrée, une
cellule vide l'efface. Toutes les erreurs sont signalées avec leur ligne et leur colonne, et rien n'est
enregistré tant qu'il en reste une ; réimporter le même fichier ne change rien.
« cpro eval export » produit ce fichier, prêt à compléter.

Exemples :
  $ cpro eval import fixtures/bilans-entreprise-pfmp2.csv --period "PFMP 2" --dry-run
  $ cpro eval import bilans.csv --period "PFMP 2"
  $ cpro eval import attitudes.csv --period "PFMP 1" --type attitudes --json`,
    )
    .action(act(async (ctx, file: string, opts) => {
      const dryRun = !!opts.dryRun;
      await reportImport(
        ctx.io,
        async () => importEvaluations(await ctx.store(), file, opts.period, { ...csvOptions(opts), type: opts.type, dryRun }),
        emptyEvaluationReport,
        (r) => formatImport(ctx.io, r, dryRun),
      );
    }));

  group
    .command('show')
    .description("affiche les bilans d'un apprenant pour une période")
    .requiredOption('--period <période>', 'numéro de la période ou son nom')
    .requiredOption('--learner <apprenant>', 'numéro, INE ou « NOM Prénom » de l\'apprenant')
    .addOption(typeOption())
    .addHelpText('after', '\nExemples :\n  $ cpro eval show --period "PFMP 2" --learner "ACCARDO Aline"\n  $ cpro eval show --period 2 --learner 110480123AA --type entreprise --json')
    .action(act(async (ctx, opts: { period: string; learner: string; type?: EvaluationType }) => {
      const { ref, ...shown } = await showEvaluations(await ctx.store(), opts.period, opts.learner, opts.type);
      ctx.io.result(shown, (s) => {
        const head =
          ctx.io.c('bold', `Bilans ${deName(`${s.learner.lastName} ${s.learner.firstName}`)} — ${s.period.name}`) +
          ` (${s.period.className}, ${s.period.kind}, du ${shortFrenchDate(s.period.start)} au ${shortFrenchDate(s.period.end)})`;
        return [head, ...s.sections.map((sec) => formatSection(ctx.io, ref, sec))].join('\n\n');
      });
    }));

  group
    .command('export')
    .description("écrit les bilans d'une période dans un CSV que « cpro eval import » relit (UTF-8 avec BOM, « ; »)")
    .argument('[fichier]', 'fichier CSV à écrire (sortie standard sinon)')
    .requiredOption('--period <période>', 'numéro de la période ou son nom')
    .addOption(typeOption().makeOptionMandatory())
    .option('--force', 'remplace un fichier existant (il peut contenir une grille déjà remplie)')
    .addHelpText(
      'after',
      `
Un fichier existant n'est remplacé qu'avec --force ; un lien symbolique est refusé.
Une ligne par apprenant de la période, avec des cellules vides pour ceux qui n'ont pas encore de bilan : le
fichier sert aussi de grille à remplir. Chaque code est suivi de son intitulé ; pour un apprenant pas encore
évalué, les tâches sont celles de sa fiche de liaison (retirez celles qui n'ont pas été faites) ; dates en
jj/mm/aaaa. Exporter, corriger dans un tableur, puis réimporter.

Exemples :
  $ cpro eval export --period "PFMP 2" --type entreprise bilans-pfmp2.csv
  $ cpro eval export --period "PFMP 1" --type attitudes > attitudes.csv`,
    )
    .action(act(async (ctx, file: string | undefined, opts: { period: string; type: EvaluationType; force?: boolean }) => {
      // A link is left to writePrivateFile, which refuses it whatever --force says.
      if (file && !opts.force && existsSync(file) && !lstatSync(file).isSymbolicLink()) {
        throw new UserError(`« ${file} » existe déjà (il peut contenir une grille remplie) : choisissez un autre nom, ou ajoutez --force pour le remplacer`);
      }
      const out = await exportEvaluations(await ctx.store(), opts.period, opts.type);
      if (file) {
        writePrivateFile(file, out.csv, { force: !!opts.force });
        const { csv: _csv, ...summary } = out;
        ctx.io.report({ ...summary, file }, (s) =>
          `${s.file} : ${TYPE_LABELS[s.type]} de « ${s.period} » (${s.className}), ${plural(s.learners, 'apprenant')}, ` +
          `${s.evaluated} déjà ${agree(s.evaluated, 'évalué')}.`,
        );
      } else if (ctx.io.json) {
        ctx.io.result(out, () => '');
      } else {
        // The CSV itself is the result; the BOM only when it goes to a file (a redirection), not to the screen.
        ctx.io.stdout.write(ctx.io.stdout.isTTY ? out.csv.replace(/^\ufeff/, '') : out.csv);
      }
    }));
}

function formatImport(io: IO, r: EvaluationImportReport, dryRun: boolean): string {
  if (r.errors.length) return '';
  const c = r.evaluations;
  const what = r.type ? TYPE_LABELS_PLURAL[r.type] : 'bilans';
  const head = dryRun
    ? `Simulation (--dry-run) : rien n'a été écrit. L'import des ${what} de « ${r.period} » (${r.className}) ferait :`
    : c.created + c.updated === 0
      ? `Aucun changement : les ${what} de « ${r.period} » (${r.className}) étaient déjà à jour.`
      : `Import des ${what} de « ${r.period} » (${r.className}) terminé :`;
  const e = r.type ? typeWithArticle(r.type).e : ''; // « grille » is feminine
  const lines = [
    head,
    `  ${io.c('green', plural(c.created, `créé${e}`))}, ${io.c('yellow', `${c.updated} ${e ? agree(c.updated, 'mise', 'mises') : 'mis'} à jour`)}, ` +
      plural(c.unchanged, `inchangé${e}`) +
      (r.blank ? `, ${plural(r.blank, 'ligne vide ignorée', 'lignes vides ignorées')}` : ''),
  ];
  for (const ch of r.changes) {
    lines.push(`  ${ch.learner} (ligne ${ch.line}) : ${ch.change === 'created' ? (e ? 'nouvelle grille' : 'nouveau bilan') : ch.details.join(', ')}`);
  }
  return lines.join('\n');
}

function printSave(io: IO, type: EvaluationType, r: SaveResult): void {
  const label = TYPE_LABELS[type];
  const { the, e } = typeWithArticle(type);
  io.report(r, (x) =>
    x.change === 'unchanged'
      ? `Aucun changement : ${the} était déjà à jour.`
      : x.change === 'created'
        ? `${label.charAt(0).toUpperCase() + label.slice(1)} enregistré${e}.`
        : `${label.charAt(0).toUpperCase() + label.slice(1)} mis${e ? 'e' : ''} à jour : ${x.changes.join(', ')}.`,
  );
}

function formatSection(io: IO, ref: Referentiel, s: EvaluationSection): string {
  const title = io.c('bold', TYPE_LABELS[s.type].charAt(0).toUpperCase() + TYPE_LABELS[s.type].slice(1));
  if (!s.available) return `${title} : ${s.reason}.`;
  const e = s.evaluation;
  if (!e) return `${title} : pas encore saisi (cpro eval ${s.type} ou cpro eval import).`;
  const lines = [`${title} — rencontre du ${shortFrenchDate(e.meetingDate)}${s.locked ? io.c('yellow', ' — verrouillé') : ''}`];
  if (e.provenance) {
    const p = e.provenance;
    const state = p.status === 'draft' ? io.c('yellow', 'brouillon') : `validé${p.validatedAt ? ` le ${frenchDayDate(p.validatedAt)}` : ''}`;
    lines.push(`Saisi par : ${enteredByLabel(p)}${p.enteredAt ? `, le ${frenchDayDate(p.enteredAt)}` : ''} — ${state}`);
  }
  if (s.type === 'entreprise') {
    const titles = new Map(allTasks(ref).map((t) => [t.code, t.title]));
    lines.push(
      e.tasksDone.length
        ? `Tâches réalisées :\n${e.tasksDone.map((t) => `  ${t}  ${titles.get(t) ?? '(absente du référentiel)'}`).join('\n')}`
        : 'Tâches réalisées : aucune cochée',
    );
  }
  const rows = evaluationItems(ref, s.type).map((i) => {
    const row = [i.parent ? `  ${i.code}` : i.code, i.title, paintLevel(io, e.levels[i.code], e.levels[i.code] ?? '—')];
    if (s.type === 'entreprise') row.push(i.details.length ? (e.modes[i.code] === 'detailed' ? 'détaillée' : 'globale') : '');
    return row;
  });
  const header =
    s.type === 'entreprise' ? ['Code', 'Compétence', 'Niveau', 'Évaluation'] : isCertificative(s.type) ? ['Code', 'Critère', 'Réponse'] : ['Code', 'Attitude', 'Niveau'];
  lines.push(table(header, rows));
  if (s.type === 'entreprise') lines.push(`Engagement : ${e.engagement === null ? '—' : `${engagementStars(e.engagement)} (${e.engagement}/4)`}`);
  lines.push(`Commentaire : ${e.comment ?? '—'}`);
  if (s.lockReason) lines.push(io.c('yellow', s.lockReason.charAt(0).toUpperCase() + s.lockReason.slice(1) + '.'));
  return lines.join('\n');
}
