// `cpro backup`, `cpro restore`, `cpro purge`: copies of the store and data retention. Wiring only.
import type { Command } from 'commander';
import { act } from '../context.js';
import { confirmOrRefuse } from '../prompts.js';
import { shortFrenchDate } from '../../domain/dates.js';
import type { PurgeReport } from '../../services/export/backup.js';
import type { Store } from '../../store/store.js';
import { dateValue } from '../option-values.js';
import { plural } from '../../domain/text.js';

// The service (and better-sqlite3's backup API with it) is loaded when one of these commands runs, not for --help.
const service = () => import('../../services/export/backup.js');

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} Ko` : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`);
const counts = (c: { classes: number; periods: number; learners: number }) =>
  `${plural(c.classes, 'classe')}, ${plural(c.periods, 'période')}, ${plural(c.learners, 'apprenant')}`;

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .argument('<fichier>', 'fichier de sauvegarde à créer (lisible par vous seul)')
    .option('--force', 'remplace le fichier de sauvegarde s\'il existe déjà')
    .addHelpText(
      'after',
      `
La copie passe par la sauvegarde en ligne de SQLite : elle est cohérente même si une autre commande écrit au
même moment (un import en cours y figure entièrement ou pas du tout). Le fichier est autonome (un seul fichier).
Sur PostgreSQL (--db postgres://…), la sauvegarde est aussi un fichier magasin SQLite : toutes les tables y sont
copiées en une lecture cohérente, nombres de lignes vérifiés ; « cpro restore » la relit vers un fichier ou vers
une base PostgreSQL. (La sauvegarde complète du serveur reste l'affaire de pg_dump, par son administrateur.)

Exemples :
  $ cpro backup sauvegardes/cpro-2025-06-30.db
  $ cpro --db /chemin/lycee.db backup /media/cle/lycee.db --force`,
    )
    .action(act(async (ctx, file: string, opts: { force?: boolean }) => {
      const { backupStore, existingStorePath } = await service();
      await existingStorePath(ctx.dbPath); // a mistyped --db must not give an empty "backup"
      const r = await backupStore(await ctx.store(), file, opts);
      ctx.io.result(r, (x) => `Sauvegarde écrite : ${x.file} (${size(x.bytes)} ; ${counts(x.counts)} ; schéma ${x.schema}).`);
    }));

  program
    .command('restore')
    .argument('<fichier>', 'sauvegarde faite par « cpro backup » (ou copie d\'un magasin cprosync)')
    .option('-y, --yes', 'confirme sans question (obligatoire hors terminal interactif, dans un script)')
    .addHelpText(
      'after',
      `
Le fichier est ouvert en lecture seule et vérifié avant tout remplacement : base SQLite intacte (integrity_check),
références entre tables valides, version de schéma connue, et schéma entier (tables, colonnes, index) identique à
celui de cette version ; un déclencheur, une vue ou une table inconnus sont refusés. Une sauvegarde plus ancienne
est mise à jour sur une copie, vérifiée de nouveau, puis la copie remplace le magasin d'un seul coup (renommage).
En cas de refus, le magasin reste tel quel, octet pour octet. Sur PostgreSQL (--db postgres://…), le contenu de la
base est remplacé par celui de la sauvegarde en une seule transaction, nombres de lignes vérifiés.
Le contenu actuel du magasin est remplacé : faites d'abord « cpro backup » si vous voulez le garder.

Exemples :
  $ cpro restore sauvegardes/cpro-2025-06-30.db
  $ cpro --db lycee.db restore /media/cle/lycee.db --yes`,
    )
    .action(act(async (ctx, file: string, opts: { yes?: boolean }) => {
      const { checkRestore, restoreStore } = await service();
      const check = await checkRestore(ctx.dbPath, file);
      const what =
        `Sauvegarde « ${check.file} » : ${counts(check.counts)} (schéma ${check.schema}).\n` +
        (check.replaces
          ? `Elle remplacera tout le contenu du magasin « ${check.store} » : ${counts(check.replaces)}.`
          : `Elle deviendra le magasin « ${check.store} ».`);
      await confirmOrRefuse(ctx.io, {
        yes: opts.yes,
        what,
        question: 'Remplacer le magasin par cette sauvegarde ?',
        refusal: 'restauration non confirmée',
        abandoned: "restauration abandonnée : le magasin n'a pas été modifié",
      });
      const r = await restoreStore(ctx.dbPath, check);
      ctx.io.result(r, (x) =>
        `Magasin restauré depuis ${x.file} : ${counts(x.counts)}` +
        (x.migrated ? ` ; mis à jour du schéma ${x.schema} au schéma ${x.currentSchema}.` : '.'),
      );
    }));

  program
    .command('purge')
    .requiredOption('--before <date>', 'les périodes dont la date de fin est antérieure à cette date (jj/mm/aaaa)', dateValue)
    .option('--dry-run', 'montre ce qui serait supprimé, sans rien supprimer')
    .option('-y, --yes', 'confirme sans question (obligatoire hors terminal interactif, dans un script)')
    .addHelpText(
      'after',
      `
Supprime les périodes terminées avant la date et tout ce qui s'y rattache : fiches de liaison, comptes et
jetons des tuteurs, portfolios et commentaires, évaluations, bilans personnels ; et les apprenants qui n'ont
plus aucune période. Dans un fichier SQLite, les données supprimées sont effacées du fichier lui-même
(secure_delete, VACUUM), pas seulement masquées ; dans une base PostgreSQL, les tables touchées sont nettoyées
(VACUUM). Faites une sauvegarde avant si besoin — et conservez-la aussi peu longtemps que le magasin.

Exemples :
  $ cpro purge --before 01/09/2024 --dry-run
  $ cpro purge --before 2024-09-01 --yes`,
    )
    .action(act(async (ctx, opts: { before: string; dryRun?: boolean; yes?: boolean }) => {
      const { planPurge, purgeDate, runPurge } = await service();
      const before = purgeDate(opts.before);
      const store = await ctx.store();
      const plan = await planPurge(store, before);
      if (opts.dryRun || !plan.removed.length) {
        ctx.io.result({ ...plan, dryRun: !!opts.dryRun }, (x) => formatPurge(x, 'dry-run'));
        return;
      }
      await confirmOrRefuse(ctx.io, {
        yes: opts.yes,
        what: formatPurge(plan, 'confirm'),
        question: 'Supprimer définitivement ces données ?',
        refusal: 'suppression non confirmée',
        abandoned: "purge abandonnée : rien n'a été supprimé",
      });
      const r = await runPurge(store, before);
      ctx.io.result(r, (x) => formatPurge(x, 'done', store.engine));
      if (!r.walEmptied) {
        ctx.io.warn("une autre commande utilisait le magasin : relancez la même purge quand elle sera terminée pour effacer le journal d'écriture");
      }
    }));
}

type PurgeWording = 'dry-run' | 'confirm' | 'done';

function formatPurge(r: PurgeReport, wording: PurgeWording, engine: Store['engine'] = 'sqlite'): string {
  const when = shortFrenchDate(r.before);
  if (!r.removed.length) return `Rien à supprimer : aucune période terminée avant le ${when}.`;
  const head = {
    'dry-run': `Simulation (--dry-run) : rien n'a été supprimé. La purge des périodes terminées avant le ${when} supprimerait :`,
    confirm: `La purge des périodes terminées avant le ${when} supprimera définitivement :`,
    done: `Purge terminée : données des périodes terminées avant le ${when} supprimées et effacées ${engine === 'postgres' ? 'de la base' : 'du fichier'} :`,
  }[wording];
  const periods = r.periods.map((p) => `  - ${p.name} (${p.className}), terminée le ${shortFrenchDate(p.end)}`);
  const lines = r.removed.map((c) => `  ${String(c.count).padStart(5)}  ${c.what}`);
  return [head, ...periods, '', ...lines].join('\n');
}
