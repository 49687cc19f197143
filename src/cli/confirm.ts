// Confirmation of an irreversible command: a question on a terminal, --yes in scripts, a refusal otherwise.
import { UsageError, UserError } from '../domain/errors.js';
import { terminalSafe, type IO } from './io.js';

/**
 * Shows `what` on stderr and asks `question`. Without a terminal (a script, a pipe) and without --yes, refuses
 * with a usage error rather than guessing; "no" (or Ctrl-C) is a user error saying nothing was changed.
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
  const { confirm } = await import('@inquirer/prompts');
  let ok: boolean;
  try {
    ok = await confirm({ message: opts.question, default: false }, { output: io.stderr });
  } catch (e) {
    if ((e as Error)?.name === 'ExitPromptError') ok = false;
    else throw e;
  }
  if (!ok) throw new UserError(opts.abandoned);
}
