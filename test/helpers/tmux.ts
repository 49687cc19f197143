// Driving the built CLI through a real terminal (tmux), for the interactive prompts: keys in, screen out.
import { execFileSync, spawnSync } from 'node:child_process';
import { BIN, ROOT, cliEnv } from './cli.js';
import { engineArgs } from './engine.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface Terminal {
  /** Sends keys as tmux names them ("Enter", "Down", "Space", "C-u") or literal text. */
  send(...keys: string[]): void;
  /** Types text literally (no key-name interpretation). */
  type(text: string): void;
  screen(): string;
  /** Waits until the screen matches; throws with the screen when it does not in time. */
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  /** Waits for the command to end and returns its exit code (printed by the wrapper as "[exit N]"). */
  exitCode(timeoutMs?: number): Promise<number>;
  close(): void;
}

/** Waits for the prompt « ? <prompt> », replaces its pre-filled answer by `text` (null: keeps it) and confirms. */
export async function answerPrompt(t: Terminal, prompt: string, text: string | null): Promise<void> {
  await t.waitFor(`? ${prompt}`);
  if (text !== null) {
    t.send('C-u');
    t.type(text);
  }
  t.send('Enter');
}

let counter = 0;

/**
 * Starts `cpro <args>` in a fresh tmux server (its own socket, so a user's tmux is never touched), in the
 * environment of every spawned cpro (cliEnv): the server is started with it and passes it to the command.
 * Call requireTool('tmux', ctx) first.
 */
export function openTerminal(args: string[], env: Record<string, string | undefined> = {}): Terminal {
  const socket = `cpro-test-${process.pid}-${++counter}`;
  const session = 'cpro';
  const command = `cd ${quote(ROOT)} && ${quote(process.execPath)} ${quote(BIN)} ${engineArgs(args).map(quote).join(' ')}; echo "[exit $?]"; sleep 120`;
  const tmux = (...a: string[]) => execFileSync('tmux', ['-L', socket, ...a], { encoding: 'utf8' });
  execFileSync('tmux', ['-L', socket, '-f', '/dev/null', 'new-session', '-d', '-s', session, '-x', '200', '-y', '50', command], { env: cliEnv({ ...env, TMUX: undefined }) });
  const screen = () => tmux('capture-pane', '-p', '-J', '-t', session);
  const waitFor = async (pattern: RegExp | string, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = screen();
      if (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s)) return s;
      if (Date.now() > deadline) throw new Error(`terminal: « ${pattern} » not shown within ${timeoutMs} ms; screen:\n${s}`);
      await sleep(100);
    }
  };
  return {
    send: (...keys) => void tmux('send-keys', '-t', session, ...keys),
    type: (text) => void tmux('send-keys', '-t', session, '-l', text),
    screen,
    waitFor,
    exitCode: async (timeoutMs = 10_000) => Number(/\[exit (\d+)\]/.exec(await waitFor(/\[exit \d+\]/, timeoutMs))![1]),
    close: () => {
      spawnSync('tmux', ['-L', socket, 'kill-server']);
    },
  };
}
