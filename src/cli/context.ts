// What every command receives: its IO and a lazily opened store at the --db path.
import type { Command } from 'commander';
import { IO } from './io.js';
import type { Store } from '../store/store.js';

export interface GlobalOpts {
  db: string;
  json: boolean;
  quiet: boolean;
}

type OpenStore = (path: string) => Store;

export class Context {
  private opened?: Store;
  constructor(
    readonly io: IO,
    readonly dbPath: string,
    readonly env: NodeJS.ProcessEnv = process.env,
    private readonly openStore?: OpenStore,
  ) {}

  store(): Store {
    if (!this.openStore) throw new Error('store module not loaded');
    if (!this.opened) {
      this.opened = this.openStore(this.dbPath);
      this.opened.onLockWait = (message) => this.io.info(message);
    }
    return this.opened;
  }

  close(): void {
    this.opened?.close();
  }
}

/** Builds the context of the command being run from its own and its parents' options. */
export function contextOf(cmd: Command, env: NodeJS.ProcessEnv = process.env, openStore?: OpenStore): Context {
  const o = cmd.optsWithGlobals() as Partial<GlobalOpts>;
  const io = new IO({ json: !!o.json, quiet: !!o.quiet, env });
  return new Context(io, o.db ?? env.CPRO_DB ?? './cpro.db', env, openStore);
}

/** A command action: receives its context, may throw typed errors. */
export type Action = (ctx: Context, ...args: any[]) => Promise<void> | void;

let current: Context | undefined;
/** The context of the command that ran last (for the error handler's --json/colour settings). */
export function lastContext(): Context | undefined {
  return current;
}

/** Wraps an action so that it gets a context and its store is closed afterwards. */
export function act(fn: Action) {
  return async function (...args: unknown[]) {
    const cmd = args[args.length - 1] as Command;
    // The store (and better-sqlite3) is loaded when a command runs, not for `--help`.
    const { openStore } = await import('../store/store.js');
    const ctx = contextOf(cmd, process.env, openStore);
    current = ctx;
    try {
      await fn(ctx, ...args.slice(0, -1));
    } finally {
      ctx.close();
    }
  };
}
