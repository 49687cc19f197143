// `cpro classes list|set`: the classes and the level the allocation PFMP uses (wiring only).
import type { Command } from 'commander';
import { act } from '../context.js';
import { table } from '../io.js';
import { UsageError } from '../../domain/errors.js';
import { listClasses, setClassLevel } from '../../services/attendance/allocation.js';

export function registerClasses(program: Command): void {
  const group = program.command('classes');
  group
    .command('list')
    .description('liste les classes et leur niveau (du nom, défini, ou inconnu)')
    .addHelpText('after', '\nExemples :\n  $ cpro classes list\n  $ cpro classes list --json')
    .action(act(async (ctx) => {
      const list = await listClasses(await ctx.store());
      ctx.io.result(list, (l) =>
        l.length ? table(['Classe', 'Niveau', 'Origine'], l.map((c) => [c.class, c.level ?? ctx.io.c('yellow', 'inconnu'), c.source])) : 'Aucune classe (cpro import annexe <fichier>).',
      );
    }));
  group
    .command('set')
    .description("fixe le niveau d'une classe pour l'allocation PFMP : niveau=<2de|1re|Tle|CAP1|CAP2> (niveau= vide : celui du nom)")
    .argument('<classe>', 'nom de la classe')
    .argument('<réglage>', 'niveau=<2de|1re|Tle|CAP1|CAP2>')
    .addHelpText('after', '\nExemples :\n  $ cpro classes set CAPMSPC niveau=CAP1\n  $ cpro classes set "MSPC A" niveau=Tle')
    .action(act(async (ctx, className: string, setting: string) => {
      const m = /^\s*niveau\s*=(.*)$/i.exec(setting);
      if (!m) throw new UsageError(`réglage inconnu « ${setting} » : attendu niveau=<2de|1re|Tle|CAP1|CAP2>`);
      const r = await setClassLevel(await ctx.store(), className, m[1]);
      ctx.io.report(r, (r) =>
        r.changed ? `Niveau de la classe ${r.class} : ${r.level ?? 'celui du nom de la classe'}.` : `Aucun changement : la classe ${r.class} avait déjà ce niveau.`,
      );
    }));
}
