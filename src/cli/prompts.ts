// Every question cpro asks in a terminal: the terminal check, Ctrl-C, French confirmations « (O/n) », a choice
// picked by its own key (a level by its digit), and text editing that never drops the user into vi unannounced.
// @inquirer is imported only inside these functions, so that commands that ask nothing never load it.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UsageError, UserError } from '../domain/errors.js';
import { parseYesNo } from '../domain/text.js';
import { terminalSafe, type IO } from './io.js';

/** Refuses to ask anything without a terminal on both ends, with a message that says what to use instead. */
export function requireTerminal(io: IO, refusal: string): void {
  if (!io.stdinIsTTY || !io.stdout.isTTY) throw new UsageError(refusal);
}

/** Runs a series of questions; Ctrl-C (inquirer's ExitPromptError) becomes a French user error. */
export async function asking<T>(questions: () => Promise<T>, interrupted = "saisie interrompue : rien n'a été enregistré"): Promise<T> {
  try {
    return await questions();
  } catch (e) {
    if (isInterruption(e)) throw new UserError(interrupted);
    throw e;
  }
}

const isInterruption = (e: unknown) => (e as Error)?.name === 'ExitPromptError';

/** inquirer's key hints, in French. */
const KEYS: Record<string, string> = { navigate: 'se déplacer', select: 'cocher', all: 'tout', invert: 'inverser', submit: 'valider' };
export const frenchKeys = (choose: string) => ({
  style: {
    keysHelpTip: (keys: [string, string][]) =>
      keys.map(([k, a]) => `${k === 'space' ? 'espace' : k} ${a === 'select' ? choose : KEYS[a] ?? a}`).join(' • '),
  },
});

export interface KeyedChoice<V> {
  value: V;
  name: string;
  short: string;
  /** The key that puts the cursor on this choice ("3" for level 3, "n" for NE, "-" for no answer). */
  key: string;
}

export interface YesNoConfig {
  message: string;
  default: boolean;
}

/** The prompt functions, loaded once. */
export async function loadPrompts() {
  const inquirer = await import('@inquirer/prompts');
  const core = await import('@inquirer/core');
  const { createPrompt, useState, useKeypress, usePrefix, makeTheme, isEnterKey, isUpKey, isDownKey } = core;

  /** « Message ? (O/n) »: o, oui, n, non (y and yes too); Entrée takes the default; anything else asks again. */
  const yesNo = createPrompt<boolean, YesNoConfig>((config, done) => {
    const theme = makeTheme({});
    const [status, setStatus] = useState<'idle' | 'done'>('idle');
    const [value, setValue] = useState('');
    const [error, setError] = useState<string | undefined>(undefined);
    const prefix = usePrefix({ status, theme });
    useKeypress((key, rl) => {
      if (status !== 'idle') return;
      if (isEnterKey(key)) {
        const answer = parseYesNo(value, config.default);
        if (answer === undefined) {
          setError(`« ${value} » : répondez o (oui) ou n (non)`);
          setValue('');
          rl.clearLine(0);
          return;
        }
        setValue(answer ? 'Oui' : 'Non');
        setStatus('done');
        done(answer);
      } else {
        setValue(rl.line);
        setError(undefined);
      }
    });
    const message = theme.style.message(config.message, status);
    const hint = status === 'done' ? '' : ` ${theme.style.defaultAnswer(config.default ? 'O/n' : 'o/N')}`;
    const shown = status === 'done' ? theme.style.answer(value) : value;
    return [`${prefix} ${message}${hint} ${shown}`, error ? theme.style.error(error) : ''];
  });

  /** A list whose choices are picked by their own key: « 3 » is level 3 wherever it stands in the list. */
  const keyedSelect = createPrompt<unknown, { message: string; choices: KeyedChoice<unknown>[]; default?: unknown; help: string }>(
    (config, done) => {
      const theme = makeTheme({});
      const items = config.choices;
      const [status, setStatus] = useState<'idle' | 'done'>('idle');
      const start = items.findIndex((c) => c.value === config.default);
      const [active, setActive] = useState(start === -1 ? 0 : start);
      const prefix = usePrefix({ status, theme });
      useKeypress((key, rl) => {
        if (status !== 'idle') return;
        if (isEnterKey(key)) {
          setStatus('done');
          done(items[active].value);
        } else if (isUpKey(key)) {
          setActive(Math.max(0, active - 1));
        } else if (isDownKey(key)) {
          setActive(Math.min(items.length - 1, active + 1));
        } else {
          const typed = (rl.line.slice(-1) || key.name || '').toLowerCase();
          rl.clearLine(0);
          const i = items.findIndex((c) => c.key === typed);
          if (i !== -1) setActive(i);
        }
      });
      const message = theme.style.message(config.message, status);
      if (status === 'done') return `${prefix} ${message} ${theme.style.answer(items[active].short)}`;
      const lines = items.map((c, i) => (i === active ? theme.style.highlight(`❯ ${c.name}`) : `  ${c.name}`));
      return `${prefix} ${message}\n${lines.join('\n')}\n${theme.style.help(config.help)}`;
    },
  );

  return {
    input: inquirer.input,
    checkbox: inquirer.checkbox,
    select: inquirer.select,
    /** A French yes/no question. */
    confirm: (config: YesNoConfig, output?: NodeJS.WritableStream) => yesNo(config, output ? { output } : undefined),
    keyedSelect: <V>(config: { message: string; choices: KeyedChoice<V>[]; default?: V; help: string }) =>
      keyedSelect(config as { message: string; choices: KeyedChoice<unknown>[]; default?: unknown; help: string }) as Promise<V>,
    /**
     * Multi-line text: in $VISUAL or $EDITOR when set, else in nano when installed, else line by line here, each
     * line proposed for correction (« - » removes it) and an empty line ending the text. Never vi unannounced.
     */
    editText: async (io: IO, config: { message: string; default: string }): Promise<string> => {
      const chosen = process.env.VISUAL || process.env.EDITOR || (onPath('nano') ? 'nano' : undefined);
      if (chosen) {
        if (!process.env.VISUAL && !process.env.EDITOR) process.env.EDITOR = chosen;
        return inquirer.editor({
          message: `${config.message} (éditeur ${chosen.split(/[\\/]/).pop()} : enregistrez et quittez pour valider)`,
          default: config.default,
          postfix: '.txt',
          waitForUserInput: false,
        });
      }
      io.stdout.write(
        io.c('dim', `${config.message} : pas d'éditeur de texte ($EDITOR), saisie ligne par ligne. Entrée garde la ligne ` +
          'proposée, « - » la supprime ; une ligne vide à la fin termine.') + '\n',
      );
      const out: string[] = [];
      for (const line of config.default.split('\n').filter((l) => l.trim())) {
        const answer = await inquirer.input({ message: `Ligne ${out.length + 1}`, default: line, prefill: 'editable' });
        if (answer.trim() && answer.trim() !== '-') out.push(answer.trim());
      }
      for (;;) {
        const answer = await inquirer.input({ message: `Ligne ${out.length + 1} (vide pour terminer)` });
        if (!answer.trim()) break;
        out.push(answer.trim());
      }
      return out.join('\n');
    },
  };
}

/** Whether an executable of that name is on the PATH. */
export function onPath(name: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

/**
 * Confirmation of an irreversible command: `what` on stderr, then « question (o/N) ». With --yes, no question;
 * without a terminal (a script, a pipe) and without --yes, a usage error rather than a guess; « non » or Ctrl-C
 * is a user error saying nothing was changed.
 */
export async function confirmOrRefuse(
  io: IO,
  opts: { yes?: boolean; what: string; question: string; refusal: string; abandoned: string },
): Promise<void> {
  if (opts.yes) {
    io.info(opts.what);
    return;
  }
  if (!io.stdinIsTTY || !io.stderr.isTTY) {
    io.info(opts.what);
    throw new UsageError(`${opts.refusal} : sans terminal interactif, ajoutez --yes pour confirmer`);
  }
  io.stderr.write(terminalSafe(opts.what, io.errColour) + '\n');
  const { confirm } = await loadPrompts();
  let ok: boolean;
  try {
    ok = await confirm({ message: opts.question, default: false }, io.stderr);
  } catch (e) {
    if (!isInterruption(e)) throw e;
    ok = false;
  }
  if (!ok) throw new UserError(opts.abandoned);
}
