// `cpro store copy`: moves a whole store between engines (SQLite file ↔ PostgreSQL). Wiring only.
import type { Command } from 'commander';
import { act } from '../context.js';
import { table } from '../io.js';
import { plural } from '../../domain/text.js';

const service = () => import('../../services/export/store-copy.js');

export function registerStore(program: Command): void {
  const group = program.command('store').description('magasin de données : copie entre un fichier SQLite et PostgreSQL');
  group
    .command('copy')
    .description('copie tout le magasin (--db) vers un autre : fichier SQLite ou base PostgreSQL')
    .requiredOption('--to <cible>', 'magasin de destination : chemin d’un fichier SQLite ou URL postgres://utilisateur@hôte:5432/base')
    .option('--force', 'remplace le contenu d’une cible qui contient déjà des données')
    .addHelpText(
      'after',
      `
La cible est créée si c'est un nouveau fichier ; une base PostgreSQL doit exister (createdb) : son schéma est
créé à la première ouverture. Une cible qui contient déjà des données est refusée, sauf avec --force.
La copie est entière ou nulle : les nombres de lignes de chaque table sont vérifiés avant validation.
Les mots de passe des URL ne sont jamais affichés.

Exemples :
  $ cpro --db cpro.db store copy --to postgres://cpro@serveur.lycee.local:5432/cpro
  $ cpro --db "postgres://cpro@serveur:5432/cpro?sslmode=require" store copy --to copie-locale.db
  $ cpro --db cpro.db store copy --to postgres://cpro@localhost/cpro --force`,
    )
    .action(act(async (ctx, opts: { to: string; force?: boolean }) => {
      const { copyStore } = await service();
      const source = await ctx.store();
      const r = await copyStore(source, opts.to, {
        force: opts.force,
        onTable: (t, n) => {
          if (n > 0) ctx.io.info(`  ${t} : ${plural(n, 'ligne')}`);
        },
      });
      ctx.io.result(r, (x) =>
        [
          `Magasin copié : ${x.source} → ${x.target} (${plural(x.rows, 'ligne')}, nombres vérifiés table par table` +
            (x.replaced ? ` ; ${plural(x.replaced, 'ligne')} de la cible remplacée${x.replaced > 1 ? 's' : ''}).` : ').'),
          table(['Table', 'Lignes'], x.tables.filter((t) => t.rows > 0).map((t) => [t.table, String(t.rows)])),
        ].join('\n'),
      );
    }));
}
