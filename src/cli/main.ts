// The program: global options, command groups, and the one place that turns errors into exit codes.
import { Command, CommanderError, Help } from 'commander';
import { DataErrors, UsageError, UserError, formatDataError } from '../domain/errors.js';
import { lastContext } from './context.js';
import { IO } from './io.js';
import { registerImport } from './commands/import.js';
import { registerPeriods } from './commands/periods.js';
import { registerLearners } from './commands/learners.js';
import { registerLiaison } from './commands/liaison.js';
import { registerReferentiel } from './commands/referentiel.js';
import { registerBilansIntermediaires } from './commands/bilans-intermediaires.js';
import { registerTutors } from './commands/tutors.js';
import { registerConfig } from './commands/config.js';
import { registerEval } from './commands/eval.js';
import { registerBilanPersonnel } from './commands/bilan-personnel.js';
import { registerDashboard } from './commands/dashboard.js';
import { registerPortfolio } from './commands/portfolio.js';
import { registerExport } from './commands/export.js';
import { registerBackup } from './commands/backup.js';

const HEADINGS: Array<[RegExp, string]> = [
  [/^Usage:/gm, 'Utilisation :'],
  [/^Options:/gm, 'Options :'],
  [/^Global Options:/gm, 'Options globales :'],
  [/^Commands:/gm, 'Commandes :'],
  [/^Arguments:/gm, 'Arguments :'],
  [/\(default: /g, '(par défaut : '],
  [/\(choices: /g, '(valeurs : '],
  [/\[options\]/g, '[options]'],
  [/\[command\]/g, '[commande]'],
];

const ERRORS: Array<[RegExp, string]> = [
  [/^error: unknown option '(.*)'(.*)$/s, 'option inconnue « $1 »$2'],
  [/^error: unknown command '(.*)'(.*)$/s, 'commande inconnue « $1 »$2'],
  [/^error: missing required argument '(.*)'$/s, 'argument obligatoire manquant : « $1 »'],
  [/^error: required option '(.*)' not specified$/s, 'option obligatoire manquante : « $1 »'],
  [/^error: option '(.*)' argument missing$/s, "valeur manquante pour l'option « $1 »"],
  [/^error: too many arguments(.*)$/s, 'trop d\'arguments$1'],
  [/^error: option '(.*)' argument '(.*)' is invalid\.(.*)$/s, "valeur « $2 » invalide pour l'option « $1 ».$3"],
  [/\(Did you mean (.*)\?\)/, '(vouliez-vous dire $1 ?)'],
  [/Allowed choices are (.*)\./, 'Valeurs possibles : $1.'],
];

function frenchError(msg: string): string {
  let s = msg.trim();
  for (const [re, fr] of ERRORS) s = s.replace(re, fr);
  return s.replace(/^error: /, '');
}

/** Commander's help in French: headings and defaults translated, for every command (the setting is inherited). */
function formatHelpInFrench(this: Help, cmd: Command, helper: Help): string {
  let s = Help.prototype.formatHelp.call(this, cmd, helper);
  for (const [re, fr] of HEADINGS) s = s.replace(re, fr);
  return s;
}

export function buildProgram(): Command {
  const program = new Command('cpro');
  program
    .description(
      "cprosync — préparation, suivi et évaluation des périodes en entreprise (PFMP) depuis la ligne de commande.\n" +
        'Les données sont dans un magasin SQLite local (--db, CPRO_DB, par défaut ./cpro.db).',
    )
    .version(process.env.npm_package_version ?? '0.1.0', '-V, --version', 'affiche la version')
    .option('--db <chemin>', 'magasin de données SQLite (variable CPRO_DB, par défaut ./cpro.db)')
    .option('--json', 'sortie JSON stable pour les scripts (rien d\'autre sur la sortie standard)')
    .option('-q, --quiet', 'n\'affiche que les résultats et les erreurs')
    .helpOption('-h, --help', 'affiche cette aide')
    .helpCommand('help [commande]', "affiche l'aide d'une commande")
    .configureHelp({ showGlobalOptions: true, formatHelp: formatHelpInFrench })
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(`erreur : ${frenchError(s)}\n`),
    })
    .addHelpText(
      'after',
      `
Exemples :
  $ cpro import annexe fixtures/annexe-2pro-mspc.csv
  $ cpro periods list
  $ cpro learners list --period "PFMP 1" --json
  $ cpro --db /chemin/lycee.db periods show 3`,
    );

  registerImport(program);
  registerPeriods(program);
  registerLearners(program);
  registerLiaison(program);
  registerReferentiel(program);
  registerBilansIntermediaires(program);
  registerTutors(program);
  registerConfig(program);
  registerEval(program);
  registerBilanPersonnel(program);
  registerDashboard(program);
  registerPortfolio(program);
  registerExport(program);
  registerBackup(program);
  return program;
}

/** Runs the CLI and returns the exit code: 0 success, 1 user/data error, 2 usage error. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    return handleError(e);
  }
}

function handleError(e: unknown): number {
  const io = lastContext()?.io ?? new IO({ json: false, quiet: false });
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    return e.exitCode === 0 ? 0 : 2;
  }
  if (e instanceof UsageError) {
    io.error(e.message);
    return 2;
  }
  if (e instanceof DataErrors) {
    for (const d of e.errors) io.error(formatDataError(d));
    io.error(e.message);
    debugStack(e);
    return 1;
  }
  if (e instanceof UserError) {
    io.error(e.message);
    debugStack(e);
    return 1;
  }
  io.error(`erreur interne : ${(e as Error)?.message ?? String(e)}` + (process.env.CPRO_DEBUG ? '' : ' (CPRO_DEBUG=1 pour le détail)'));
  debugStack(e);
  return 1;
}

function debugStack(e: unknown): void {
  if (process.env.CPRO_DEBUG) process.stderr.write(String((e as Error)?.stack ?? e) + '\n');
}
