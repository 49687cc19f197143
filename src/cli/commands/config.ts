// `cpro config …`: the store's settings (mail, établissement). Secrets are never printed back.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { act } from '../context.js';
import { table } from '../io.js';
import { UserError } from '../../domain/errors.js';
import { CONFIG_KEYS, configKey, getConfig, listConfig, setConfig, unsetConfig, type ConfigEntry } from '../../services/shared/config.js';

const KEYS_HELP = CONFIG_KEYS.map((k) => `  ${k.key.padEnd(22)} ${k.description}${k.env ? ` ; variable ${k.env} prioritaire` : ''}`).join('\n');

const source = (e: ConfigEntry) => (e.source === 'environnement' ? `environnement (${e.env})` : e.source);

export function registerConfig(program: Command): void {
  const config = program
    .command('config')
    .addHelpText('after', `\nClés :\n${KEYS_HELP}`);

  config
    .command('set')
    .description('enregistre un réglage')
    .argument('<clé>', 'nom du réglage (voir « cpro config --help »)')
    .argument('<valeur>', "valeur ; « - » la lit sur l'entrée standard (mot de passe hors de l'historique du shell)")
    .addHelpText(
      'after',
      `
Exemples :
  $ cpro config set etablissement.nom "Lycée professionnel Jean Moulin"
  $ cpro config set mail.from "PFMP Lycée Jean Moulin <pfmp@lycee.example.fr>"
  $ cpro config set mail.portalUrl https://pfmp.lycee.example.fr
  $ printf %s 'smtp://pfmp:secret@smtp.lycee.example.fr:587' | cpro config set mail.smtpUrl -`,
    )
    .action(act(async (ctx, key: string, value: string) => {
      configKey(key); // a usage error, before the store is looked for
      const v = value === '-' ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : value;
      const r = await setConfig(await ctx.storeForWriting(), key, v, ctx.env);
      ctx.io.result(r, (r) => `${r.key} = ${r.value}`);
      if (r.overriddenBy && !ctx.io.json) {
        ctx.io.warn(`la variable d'environnement ${r.overriddenBy} est définie et reste prioritaire sur ce réglage`);
      }
    }));

  config
    .command('get')
    .description("affiche la valeur d'un réglage (code de sortie 1 s'il n'est pas défini)")
    .argument('<clé>', 'nom du réglage')
    .addHelpText('after', '\nExemples :\n  $ cpro config get mail.from\n  $ cpro config get mail.smtpUrl --json')
    .action(act(async (ctx, key: string) => {
      configKey(key); // a usage error, before the store is looked for
      const e = await getConfig(await ctx.store(), key, ctx.env);
      ctx.io.result(e, (e) => e.value ?? '');
      if (e.value === null) throw new UserError(`${e.key} n'est pas défini (cpro config set ${e.key} <valeur>)`);
    }));

  config
    .command('list')
    .description('liste les réglages, leur valeur et leur origine (environnement, magasin, défaut)')
    .addHelpText('after', '\nExemples :\n  $ cpro config list\n  $ cpro config list --json')
    .action(act(async (ctx) => {
      const list = await listConfig(await ctx.store(), ctx.env);
      ctx.io.result(list, (l) =>
        table(['Clé', 'Valeur', 'Origine'], l.map((e) => [e.key, e.value ?? '', e.value === null ? ctx.io.c('gray', source(e)) : source(e)])),
      );
    }));

  config
    .command('unset')
    .description('efface un réglage du magasin')
    .argument('<clé>', 'nom du réglage')
    .addHelpText('after', '\nExemples :\n  $ cpro config unset mail.smtpUrl')
    .action(act(async (ctx, key: string) => {
      configKey(key); // a usage error, before the store is looked for
      const r = await unsetConfig(await ctx.store(), key);
      ctx.io.result(r, (r) => (r.removed ? `${r.key} effacé.` : `${r.key} n'était pas défini : rien à effacer.`));
    }));
}
