// The embedded engine: one SQLite file through better-sqlite3. Statements run synchronously (the file is local);
// transactions take the write lock at BEGIN (IMMEDIATE) and wait for another process's lock without blocking the
// event loop, so that a portal keeps answering while a teacher's import writes.
import Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../../domain/errors.js';
import type { DB, RunResult, Statement } from './types.js';

export type SqliteHandle = Database.Database;

/**
 * How long a command waits for another one's write lock: a large import holds it for seconds, never minutes.
 * CPRO_BUSY_TIMEOUT (milliseconds) overrides it, for tests and slow disks.
 */
export const BUSY_TIMEOUT_MS = Number(process.env.CPRO_BUSY_TIMEOUT) > 0 ? Number(process.env.CPRO_BUSY_TIMEOUT) : 120_000;
/** The first, silent part of the wait; after it the command says on stderr what it is waiting for. */
export const QUIET_WAIT_MS = 1_000;

/** SQLite's "database is locked" (another connection holds the write lock) or "table is locked". */
export function isBusy(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

export function busyError(label: string): UserError {
  return new UserError(
    `Le magasin « ${label} » est occupé : une autre commande y écrit depuis plus de ${Math.round(BUSY_TIMEOUT_MS / 1000)} s. ` +
      "Rien n'a été écrit ; relancez la commande quand l'autre sera terminée.",
  );
}

export function lockWaitMessage(label: string): string {
  return `attente : une autre commande écrit dans le magasin « ${label} » ; cette commande reprendra dès qu'elle aura fini…`;
}

type Params = unknown[];

/** better-sqlite3 binds no booleans: they are stored as 0/1, as SQLite's own comparisons give them. */
function bindable(params: Params): Params {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

interface Tx {
  depth: number;
}

export class SqliteDb implements DB {
  readonly kind = 'sqlite' as const;
  onLockWait?: (message: string) => void;
  private readonly cache = new Map<string, Database.Statement>();
  private readonly context = new AsyncLocalStorage<Tx>();
  /** The transaction in progress on this connection, which every other caller waits for. */
  private current?: { tx: Tx; done: Promise<void> };
  private savepoints = 0;

  constructor(readonly handle: SqliteHandle, readonly label: string) {}

  get inTransaction(): boolean {
    return this.context.getStore() !== undefined && this.current?.tx === this.context.getStore();
  }

  prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R> {
    const stmt = (): Database.Statement => {
      let s = this.cache.get(sql);
      if (!s) this.cache.set(sql, (s = this.handle.prepare(sql)));
      return s;
    };
    const args = (params: Params): Params => {
      const [first] = params;
      return params.length === 1 && first !== null && typeof first === 'object' && !Buffer.isBuffer(first)
        ? [Object.fromEntries(Object.entries(first).map(([k, v]) => [k, typeof v === 'boolean' ? Number(v) : v]))]
        : bindable(params);
    };
    return {
      get: async (...p: P) => {
        await this.turn();
        return stmt().get(...args(p)) as R | undefined;
      },
      all: async (...p: P) => {
        await this.turn();
        return stmt().all(...args(p)) as R[];
      },
      run: async (...p: P): Promise<RunResult> => {
        await this.turn();
        return { changes: stmt().run(...args(p)).changes };
      },
      insert: async (...p: P) => {
        await this.turn();
        return Number(stmt().run(...args(p)).lastInsertRowid);
      },
    };
  }

  /**
   * Runs one statement for each row of parameters, in one go (no promise per row: a first import runs tens of
   * thousands); returns the new rows' ids when asked.
   */
  async runMany(sql: string, rows: Params[], withIds: boolean): Promise<number[]> {
    await this.turn();
    let s = this.cache.get(sql);
    if (!s) this.cache.set(sql, (s = this.handle.prepare(sql)));
    const ids: number[] = [];
    for (const r of rows) {
      const info = s.run(...bindable(r));
      if (withIds) ids.push(Number(info.lastInsertRowid));
    }
    return ids;
  }

  async exec(sql: string): Promise<void> {
    await this.turn();
    this.handle.exec(sql);
  }

  /** Waits, outside the transaction in progress, until it ends: nobody reads another caller's uncommitted rows. */
  private async turn(): Promise<void> {
    while (this.current && this.current.tx !== this.context.getStore()) await this.current.done;
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return this.savepoint(fn);
    // Checked and taken with no await between them, so that two waiting callers cannot both take it.
    while (this.current) await this.current.done;
    let release!: () => void;
    const tx: Tx = { depth: 0 };
    this.current = { tx, done: new Promise<void>((r) => (release = r)) };
    try {
      await this.begin();
      let result: T;
      try {
        result = await this.context.run(tx, fn);
      } catch (e) {
        if (this.handle.inTransaction) this.handle.exec('ROLLBACK');
        throw e;
      }
      this.handle.exec('COMMIT');
      return result;
    } finally {
      this.current = undefined;
      release();
    }
  }

  private async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const name = `cpro_sp${++this.savepoints}`;
    this.handle.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      this.handle.exec(`RELEASE ${name}`);
      return result;
    } catch (e) {
      if (this.handle.inTransaction) this.handle.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw e;
    }
  }

  /**
   * BEGIN IMMEDIATE, retried while another process holds the write lock: silently for a second, then saying so
   * once, up to BUSY_TIMEOUT_MS. The waits are timers, not SQLite's busy handler, so the event loop stays free.
   */
  private async begin(): Promise<void> {
    const started = Date.now();
    let told = false;
    let pause = 2;
    const previous = this.handle.pragma('busy_timeout', { simple: true }) as number;
    this.handle.pragma('busy_timeout = 0');
    try {
      for (;;) {
        try {
          this.handle.exec('BEGIN IMMEDIATE');
          return;
        } catch (e) {
          if (!isBusy(e)) throw e;
        }
        const waited = Date.now() - started;
        if (waited >= BUSY_TIMEOUT_MS) throw busyError(this.label);
        if (!told && waited >= Math.min(QUIET_WAIT_MS, BUSY_TIMEOUT_MS)) {
          told = true;
          this.onLockWait?.(lockWaitMessage(this.label));
        }
        await sleep(pause);
        pause = Math.min(pause * 2, 50);
      }
    } finally {
      this.handle.pragma(`busy_timeout = ${previous}`);
    }
  }

  async close(): Promise<void> {
    if (this.handle.open) this.handle.close();
  }
}
