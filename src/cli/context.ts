// What every command receives: its IO and a lazily opened store at the --db path.
import type { Command } from 'commander';
import { UserError } from '../domain/errors.js';
import { IO } from './io.js';
import type { Store } from '../store/store.js';
import type { OpenOptions } from '../store/db.js';

export interface GlobalOpts {
  db: string;
  json: boolean;
  quiet: boolean;
}

/** What a context needs of the store modules, loaded when a command runs (not for `--help`). */
export interface StoreModule {
  openStore(target: string, opts?: OpenOptions): Promise<Store>;
  /** Whether the store exists: the SQLite file, or a cprosync schema in the PostgreSQL database. */
  storeExists(target: string): Promise<boolean>;
  isPostgresUrl(target: string): boolean;
  /** Removes a store this command created and could not fill (the file, or the tables of the schema). */
  removeNewStore(target: string): Promise<void>;
  maskUrl(url: string): string;
}

export class Context {
  private opened?: Store;
  private created = false;
  private closed = false;
  constructor(
    readonly io: IO,
    readonly dbPath: string,
    readonly env: NodeJS.ProcessEnv = process.env,
    private readonly stores?: StoreModule,
  ) {}

  /** The existing store at --db: a missing one (a mistyped path) is refused by name, never created empty. */
  async store(): Promise<Store> {
    if (!this.opened && !(await this.storeExists())) {
      throw new UserError(
        this.modules().isPostgresUrl(this.dbPath)
          ? `magasin de données introuvable : la base « ${this.modules().maskUrl(this.dbPath)} » ne contient pas de magasin cprosync (vérifiez --db ou CPRO_DB ; « cpro import annexe <fichier> » en crée un)`
          : `magasin de données introuvable : « ${this.dbPath} » (vérifiez --db ou CPRO_DB ; « cpro import annexe <fichier> » en crée un)`,
      );
    }
    return this.open();
  }

  /** The store at --db for a command that writes, created when missing, which the user is told the first time. */
  async storeForWriting(opts: { dryRun?: boolean } = {}): Promise<Store> {
    const isNew = !this.opened && !(await this.storeExists());
    // A dry run against a store that does not exist yet plans against an empty one, and leaves no file behind.
    if (isNew && opts.dryRun) return (this.opened = await this.modules().openStore(':memory:'));
    const store = await this.open();
    this.created ||= isNew;
    return store;
  }

  /** After the command: says that the store is new, or removes it when the command failed (nothing to keep). */
  async finish(succeeded: boolean): Promise<void> {
    await this.close();
    if (!this.created) return;
    if (!succeeded) {
      await this.modules().removeNewStore(this.dbPath);
    } else if (!this.io.json) {
      this.io.info(`Nouveau magasin de données créé : ${this.opened?.path ?? this.dbPath}`);
    }
  }

  private modules(): StoreModule {
    if (!this.stores) throw new Error('store module not loaded');
    return this.stores;
  }

  private storeExists(): Promise<boolean> {
    return this.modules().storeExists(this.dbPath);
  }

  private async open(): Promise<Store> {
    if (!this.opened) {
      this.opened = await this.modules().openStore(this.dbPath, engineOptions(this.env));
      this.opened.onLockWait = (message) => this.io.info(message);
    }
    return this.opened;
  }

  /** Closes the store once (a PostgreSQL pool cannot be ended twice). */
  async close(): Promise<void> {
    if (!this.opened || this.closed) return;
    this.closed = true;
    await this.opened.close();
  }
}

/**
 * PostgreSQL settings of this process, from the environment (a server's service file sets them):
 * CPRO_PG_POOL connections in the pool (default 10), CPRO_PG_STATEMENT_TIMEOUT longest statement in ms (default none).
 */
export function engineOptions(env: NodeJS.ProcessEnv): OpenOptions {
  const num = (name: string, min: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new UserError(`${name} = « ${raw} » : un nombre entier ≥ ${min} est attendu`);
    return n;
  };
  return { poolSize: num('CPRO_PG_POOL', 1), statementTimeoutMs: num('CPRO_PG_STATEMENT_TIMEOUT', 0) };
}

/** Builds the context of the command being run from its own and its parents' options. */
export function contextOf(cmd: Command, env: NodeJS.ProcessEnv = process.env, stores?: StoreModule): Context {
  const o = cmd.optsWithGlobals() as Partial<GlobalOpts>;
  const io = new IO({ json: !!o.json, quiet: !!o.quiet, env });
  return new Context(io, o.db ?? env.CPRO_DB ?? './cpro.db', env, stores);
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
    const [{ openStore }, { storeExists, isPostgresUrl, maskUrl, removeNewStore }] = await Promise.all([
      import('../store/store.js'),
      import('../store/db.js'),
    ]);
    const ctx = contextOf(cmd, process.env, { openStore, storeExists, isPostgresUrl, maskUrl, removeNewStore });
    current = ctx;
    let succeeded = false;
    try {
      await fn(ctx, ...args.slice(0, -1));
      succeeded = true;
    } finally {
      await ctx.finish(succeeded);
    }
  };
}
