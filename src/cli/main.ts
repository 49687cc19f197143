// The program: global options, command groups, and the one place that turns errors into exit codes.
import { createRequire } from 'node:module';
import { Command, CommanderError, Help } from 'commander';
import { DataErrors, UsageError, UserError, formatDataError } from '../domain/errors.js';
import { lastContext } from './context.js';
import { IO } from './io.js';
import { systemErrorMessage } from './system-errors.js';

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

/**
 * The top-level commands. Each description is the one `cpro --help` shows; the module that registers a command
 * is loaded only when that command runs, so that start-up does not load the whole program.
 */
const COMMANDS: Array<{ name: string; description: string; load: () => Promise<(program: Command) => void> }> = [
  {
    name: 'import',
    description:
      "importe des exports CSV (« cpro import <fichier> » vaut « cpro import annexe <fichier> »)",
    load: async () => (await import('./commands/import.js')).registerImport,
  },
  {
    name: 'periods',
    description:
      'consulte et gère les périodes en entreprise',
    load: async () => (await import('./commands/periods.js')).registerPeriods,
  },
  {
    name: 'learners',
    description:
      'consulte les apprenants',
    load: async () => (await import('./commands/learners.js')).registerLearners,
  },
  {
    name: 'referentiel',
    description:
      'consulte, importe et choisit les référentiels de diplôme (tâches, compétences, attitudes)',
    load: async () => (await import('./commands/referentiel.js')).registerReferentiel,
  },
  {
    name: 'liaison',
    description:
      "renseigne et individualise les fiches de liaison entreprise (entreprise, tuteur, objectifs, tâches)",
    load: async () => (await import('./commands/liaison.js')).registerLiaison,
  },
  {
    name: 'visits',
    description: "visites et appels de l'enseignant pendant une période : prévus, puis faits",
    load: async () => (await import('./commands/visits.js')).registerVisits,
  },
  {
    name: 'bilans-intermediaires',
    description:
      'enregistre les bilans intermédiaires de compétences ; une période dont la date des bilans est antérieure ' + 'au dernier bilan intermédiaire de sa classe ne peut plus être modifiée ni supprimée',
    load: async () => (await import('./commands/bilans-intermediaires.js')).registerBilansIntermediaires,
  },
  {
    name: 'tutors',
    description:
      "accès des tuteurs de stage et maîtres d'apprentissage : liens personnels envoyés par courriel",
    load: async () => (await import('./commands/tutors.js')).registerTutors,
  },
  {
    name: 'config',
    description:
      "réglages du magasin : envoi des courriels, établissement",
    load: async () => (await import('./commands/config.js')).registerConfig,
  },
  {
    name: 'print',
    description:
      "produit les documents d'une période pour chaque apprenant : pré-conventions, attestations, grilles (DOCX, PDF)",
    load: async () => (await import('./commands/print.js')).registerPrint,
  },
  {
    name: 'eval',
    description:
      "évalue les apprenants d'une période : bilan entreprise (compétences) et attitudes professionnelles",
    load: async () => (await import('./commands/eval.js')).registerEval,
  },
  {
    name: 'bilan-personnel',
    description:
      "bilans personnels des apprenants (points forts, axes de progrès, perspectives) : import et lecture",
    load: async () => (await import('./commands/bilan-personnel.js')).registerBilanPersonnel,
  },
  {
    name: 'dashboard',
    description:
      "tableau de bord d'un apprenant : ses bilans de toutes les périodes, dans l'ordre des rencontres",
    load: async () => (await import('./commands/dashboard.js')).registerDashboard,
  },
  {
    name: 'portfolio',
    description:
      "portfolios des apprenants : import des fichiers YAML, consultation, commentaires, export DOCX/PDF",
    load: async () => (await import('./commands/portfolio.js')).registerPortfolio,
  },
  {
    name: 'serve',
    description:
      'démarre le portail web des tuteurs (liens personnels envoyés par « cpro tutors invite »)',
    load: async () => (await import('./commands/serve.js')).registerServe,
  },
  {
    name: 'attendance',
    description:
      "présence en fin de période : absences, jours et heures effectués, confirmation, gratification due",
    load: async () => (await import('./commands/attendance.js')).registerAttendance,
  },
  {
    name: 'allocation',
    description:
      "allocation PFMP à déclarer : jours effectués × taux du niveau, plafond annuel, ce qui bloque la déclaration",
    load: async () => (await import('./commands/allocation.js')).registerAllocation,
  },
  {
    name: 'classes',
    description:
      "classes et leur niveau (2de, 1re, Tle, CAP1, CAP2) pour l'allocation PFMP",
    load: async () => (await import('./commands/classes.js')).registerClasses,
  },
  {
    name: 'export',
    description:
      "exporte les données d'une période ou d'une classe en fin d'année : CSV, JSON ou zip",
    load: async () => (await import('./commands/export.js')).registerExport,
  },
  {
    name: 'store',
    description: 'copie tout le magasin entre un fichier SQLite et une base PostgreSQL (store copy --to <cible>)',
    load: async () => (await import('./commands/store.js')).registerStore,
  },
  {
    name: 'backup',
    description:
      'sauvegarde le magasin dans un fichier (copie cohérente, même pendant une autre commande)',
    load: async () => (await import('./commands/backup.js')).registerBackup,
  },
  {
    name: 'restore',
    description:
      'remplace le magasin par une sauvegarde, après avoir vérifié que c\'en est une',
    load: async () => (await import('./commands/backup.js')).registerBackup,
  },
  {
    name: 'purge',
    description:
      'supprime définitivement les données des périodes terminées avant une date (durée de conservation)',
    load: async () => (await import('./commands/backup.js')).registerBackup,
  },
];

/** The top-level command named on the command line (`cpro [--db x] liaison …`, `cpro help liaison`), if any. */
export function invokedCommand(args: string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--db') i++; // the only global option that takes a value
    else if (!a.startsWith('-')) words.push(a);
    if (words.length === 2) break;
  }
  return words[0] === 'help' ? words[1] : words[0];
}

/** The version of the installed package (dist/cli/main.js → ../../package.json). */
function packageVersion(): string {
  return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
}

export async function buildProgram(args: string[] = []): Promise<Command> {
  // Commander's own messages (usage errors) go out before any command's IO exists.
  const programIO = new IO({ json: false, quiet: false });
  const program = new Command('cpro');
  program
    .description(
      "cprosync — préparation, suivi et évaluation des périodes en entreprise (PFMP) depuis la ligne de commande.\n" +
        'Les données sont dans un magasin (--db, CPRO_DB) : un fichier SQLite local, par défaut ./cpro.db, ou une base ' +
        'PostgreSQL partagée, --db postgres://utilisateur@hôte:5432/base (mot de passe dans la variable PGPASSWORD).',
    )
    .version(packageVersion(), '-V, --version', 'affiche la version')
    .option(
      '--db <chemin|url>',
      'magasin de données : chemin d\'un fichier SQLite ou URL postgres://utilisateur@hôte:5432/base (variable CPRO_DB, par défaut ./cpro.db)',
    )
    .option('--json', 'sortie JSON stable pour les scripts (rien d\'autre sur la sortie standard)')
    .option('-q, --quiet', 'n\'affiche que les résultats et les erreurs')
    .helpOption('-h, --help', 'affiche cette aide')
    .helpCommand('help [commande]', "affiche l'aide d'une commande")
    .configureHelp({ showGlobalOptions: true, formatHelp: formatHelpInFrench })
    .exitOverride()
    .configureOutput({
      writeErr: (s) => programIO.stderr.write(s),
      outputError: (s, write) => write(`erreur : ${frenchError(s)}\n`),
    })
    .addHelpText(
      'after',
      `
Exemples :
  $ cpro import annexe fixtures/annexe-2mspc1.csv
  $ cpro periods list
  $ cpro learners list --period "PFMP 1" --json
  $ cpro --db /chemin/lycee.db periods show 3
  $ cpro --db postgres://cpro@serveur.lycee.example.fr:5432/cpro periods list`,
    );

  const invoked = invokedCommand(args);
  const wanted = COMMANDS.find((c) => c.name === invoked);
  if (wanted) {
    (await wanted.load())(program);
    for (const c of program.commands) sayWhatIsMissing(c);
  }
  for (const c of COMMANDS) {
    const existing = program.commands.find((x) => x.name() === c.name);
    if (existing) existing.description(c.description);
    else program.command(c.name).description(c.description); // listed in the help; loaded when invoked
  }
  return program;
}

/**
 * A missing argument or option is named with its possible values (its help description), not only its name;
 * and `--period` may be left out when the store holds a single period (services/shared/resolve.ts picks it).
 */
function sayWhatIsMissing(cmd: Command): void {
  for (const o of cmd.options) if (o.long === '--period') o.mandatory = false;
  // Commander's own hooks for these two errors (public methods, left out of its type declarations).
  const hooks = cmd as unknown as {
    missingArgument: (name: string) => void;
    missingMandatoryOptionValue: (option: { flags: string; description: string }) => void;
  };
  hooks.missingArgument = function (this: Command, name: string) {
    const arg = this.registeredArguments.find((a) => a.name() === name);
    this.error(`précisez ${arg?.description ? `« ${name} » : ${arg.description}` : `« ${name} »`}`, {
      code: 'commander.missingArgument',
      exitCode: 2,
    });
  };
  hooks.missingMandatoryOptionValue = function (this: Command, option: { flags: string; description: string }) {
    this.error(`précisez ${option.flags} : ${option.description}`, { code: 'commander.missingMandatoryOptionValue', exitCode: 2 });
  };
  for (const sub of cmd.commands) sayWhatIsMissing(sub);
}

/**
 * A token given to `cpro tutors verify` may begin with « - » (links issued before tokens had a prefix). Commander
 * reads such an argument as grouped short flags when its second letter is one (« -qAbc… » is --quiet then
 * « -Abc… », « -V… » prints the version): the token is moved after « -- », where nothing is an option.
 */
export function protectDashToken(argv: string[]): string[] {
  const i = argv.findIndex((a, k) => a === 'verify' && argv[k - 1] === 'tutors');
  if (i < 0 || argv.includes('--')) return argv;
  const j = argv.findIndex((a, k) => k > i && /^-[A-Za-z0-9_][A-Za-z0-9_-]{20,}$/.test(a));
  if (j < 0) return argv;
  return [...argv.slice(0, j), ...argv.slice(j + 1), '--', argv[j]];
}

/** Runs the CLI and returns the exit code: 0 success, 1 user/data error, 2 usage error. */
export async function run(argv: string[]): Promise<number> {
  argv = protectDashToken(argv);
  const program = await buildProgram(argv.slice(2));
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
    debugStack(io, e);
    return 1;
  }
  if (e instanceof UserError) {
    io.error(e.message);
    debugStack(io, e);
    return 1;
  }
  const system = systemErrorMessage(e);
  if (system) {
    io.error(system);
    debugStack(io, e);
    return 1;
  }
  const code = String((e as { code?: unknown })?.code ?? '');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    // Normally turned into a UserError by the store; any lock that escapes is still the user's situation, not a bug.
    io.error("le magasin est occupé par une autre commande qui y écrit ; rien n'a été écrit, relancez la commande quand elle sera terminée.");
    debugStack(io, e);
    return 1;
  }
  const message = hidePasswords((e as Error)?.message ?? String(e));
  io.error(`erreur interne : ${message}` + (process.env.CPRO_DEBUG ? '' : ' (CPRO_DEBUG=1 pour le détail)'));
  debugStack(io, e);
  return 1;
}

function debugStack(io: IO, e: unknown): void {
  if (process.env.CPRO_DEBUG) io.stderr.write(hidePasswords(String((e as Error)?.stack ?? e)) + '\n');
}

/** An unexpected error may quote a PostgreSQL URL: its password is never printed. */
function hidePasswords(text: string): string {
  return text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1****@');
}
