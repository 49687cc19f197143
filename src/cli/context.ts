// What every command receives: its IO and a lazily opened store at the --db path.
import { existsSync, rmSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../domain/errors.js';
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
  private created = false;
  constructor(
    readonly io: IO,
    readonly dbPath: string,
    readonly env: NodeJS.ProcessEnv = process.env,
    private readonly openStore?: OpenStore,
  ) {}

  /** The existing store at --db: a missing one (a mistyped path) is refused by name, never created empty. */
  store(): Store {
    if (!this.opened && !this.storeExists()) {
      throw new UserError(
        `magasin de données introuvable : « ${this.dbPath} » (vérifiez --db ou CPRO_DB ; « cpro import annexe <fichier> » en crée un)`,
      );
    }
    return this.open();
  }

  /** The store at --db for a command that writes, created when missing, which the user is told the first time. */
  storeForWriting(opts: { dryRun?: boolean } = {}): Store {
    const isNew = !this.opened && !this.storeExists();
    // A dry run against a store that does not exist yet plans against an empty one, and leaves no file behind.
    if (isNew && opts.dryRun) return (this.opened = this.openStore!(':memory:'));
    const store = this.open();
    this.created ||= isNew;
    return store;
  }

  /** After the command: says that the store is new, or removes it when the command failed (nothing to keep). */
  finish(succeeded: boolean): void {
    this.close();
    if (!this.created) return;
    if (!succeeded) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(this.dbPath + suffix, { force: true });
    } else if (!this.io.json) {
      this.io.info(`Nouveau magasin de données créé : ${this.dbPath}`);
    }
  }

  private storeExists(): boolean {
    return this.dbPath === ':memory:' || existsSync(this.dbPath);
  }

  private open(): Store {
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
    let succeeded = false;
    try {
      await fn(ctx, ...args.slice(0, -1));
      succeeded = true;
    } finally {
      ctx.finish(succeeded);
    }
  };
}
