// The shared engine: a PostgreSQL server through node-postgres (pg), a pool per process. Statements are written
// once for both engines (`?` and `@name` parameters) and numbered here; write transactions take turns on one
// advisory lock per database, as SQLite's writers do on its file, and are retried on serialization failures.
import pg from 'pg';
import { AsyncLocalStorage } from 'node:async_hooks';
import { UserError } from '../../domain/errors.js';
import type { DB, RunResult, Statement } from './types.js';
import { BUSY_TIMEOUT_MS, QUIET_WAIT_MS, lockWaitMessage } from './sqlite.js';
import { maskUrl } from './url.js';

export { isPostgresUrl, maskUrl } from './url.js';

// COUNT and SUM of integers are bigint/numeric in PostgreSQL: numbers, as SQLite gives them (store ids and counts
// stay far below 2^53).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/**
 * The writers' advisory lock: one per store, that is per schema of a database (a database may hold several
 * stores, one per schema, through search_path). The first key is "cpro" in ASCII.
 */
const WRITE_LOCK = `${0x6370726f}, hashtext(current_schema())`;
/** How many times a transaction is run again after a serialization failure or a deadlock. */
const RETRIES = 5;

export interface PgOptions {
  /** Connections of this process's pool. */
  poolSize?: number;
  /** Longest a statement may run, in milliseconds (0: no limit). */
  statementTimeoutMs?: number;
}

/**
 * `sslmode=` as libpq (psql, pg_dump) reads it — `require` encrypts, `verify-full` also checks the certificate and
 * the host — rather than node-postgres's current reading of every mode as verify-full, which it announces with an
 * English warning on each run.
 */
function withLibpqSslModes(url: string): string {
  try {
    const u = new URL(url);
    if (u.searchParams.has('sslmode') && !u.searchParams.has('uselibpqcompat')) u.searchParams.set('uselibpqcompat', 'true');
    return u.toString();
  } catch {
    return url;
  }
}

interface Translated {
  text: string;
  /** For named parameters: the name of each $n, in order. */
  names?: string[];
}

/**
 * The statement in PostgreSQL's terms: `?` and `@name` become `$n`, and camel-case aliases are quoted so that
 * PostgreSQL keeps their case (SQLite always does). Quoted strings, identifiers and comments are left alone.
 */
export function translate(sql: string): Translated {
  let out = '';
  let n = 0;
  const names: string[] = [];
  const byName = new Map<string, number>();
  for (let i = 0; i < sql.length; ) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === c && sql[j + 1] !== c)) j += sql[j] === c ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      i = j < 0 ? sql.length : j;
    } else if (c === '?') {
      out += `$${++n}`;
      i++;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))![0];
      let k = byName.get(name);
      if (k === undefined) {
        names.push(name);
        byName.set(name, (k = names.length));
      }
      out += `$${k}`;
      i += name.length + 1;
    } else {
      const m = /^\bAS\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(sql.slice(i));
      // Only mixed-case aliases (className): an upper-case word after AS is a type (CAST(? AS TEXT)).
      if (m && (i === 0 || /[\s,(]/.test(sql[i - 1])) && /[A-Z]/.test(m[1]) && /[a-z]/.test(m[1])) {
        out += `AS "${m[1]}"`;
        i += m[0].length;
      } else {
        out += c;
        i++;
      }
    }
  }
  return names.length ? { text: out, names } : { text: out };
}

interface Tx {
  client: pg.PoolClient;
}

/** A PostgreSQL error's SQLSTATE, when it is one. */
export function sqlState(e: unknown): string | undefined {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Connection failures, in French, without the URL's password. */
export function connectionError(label: string, e: unknown): UserError | undefined {
  if (e instanceof UserError) return undefined; // already said
  const code = (e as { code?: string }).code ?? '';
  const state = sqlState(e);
  const msg = (e as Error).message ?? String(e);
  const why =
    code === 'ECONNREFUSED' ? 'le serveur refuse la connexion (est-il démarré ? l’hôte et le port sont-ils justes ?)'
    : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'hôte inconnu'
    : code === 'ETIMEDOUT' ? 'le serveur ne répond pas'
    : state === '3D000' ? 'la base n’existe pas (créez-la : createdb, ou CREATE DATABASE)'
    : state === '28P01' || state === '28000' ? 'authentification refusée (utilisateur ou mot de passe)'
    : state === '42501' ? `droits insuffisants (${msg})`
    : /SSL|certificate|self.signed/i.test(msg) ? `connexion chiffrée impossible (${msg})`
    : undefined;
  return why ? new UserError(`Impossible d'ouvrir le magasin PostgreSQL « ${label} » : ${why}.`) : undefined;
}

export class PostgresDb implements DB {
  readonly kind = 'postgres' as const;
  readonly label: string;
  onLockWait?: (message: string) => void;
  readonly pool: pg.Pool;
  private readonly context = new AsyncLocalStorage<Tx>();
  private readonly translations = new Map<string, Translated>();
  private savepoints = 0;

  constructor(readonly url: string, opts: PgOptions = {}) {
    this.label = maskUrl(url);
    this.pool = new pg.Pool({
      connectionString: withLibpqSslModes(url),
      max: opts.poolSize ?? 10,
      statement_timeout: opts.statementTimeoutMs || undefined,
      application_name: 'cprosync',
    });
    // An idle connection the server closes is not an error of any command: the pool opens another one.
    this.pool.on('error', () => {});
  }

  get inTransaction(): boolean {
    return this.context.getStore() !== undefined;
  }

  private query(sql: string, params: unknown[]): Promise<pg.QueryResult> {
    let t = this.translations.get(sql);
    if (!t) this.translations.set(sql, (t = translate(sql)));
    let values = params;
    if (t.names) {
      const named = (params[0] ?? {}) as Record<string, unknown>;
      values = t.names.map((k) => {
        if (!(k in named)) throw new Error(`missing named parameter @${k}`);
        return named[k];
      });
    }
    const client = this.context.getStore()?.client ?? this.pool;
    return client.query({ text: t.text, values: values.map(bindable) }).catch((e: unknown) => {
      throw this.serverError(e);
    });
  }

  /** The server's refusals a user can act on, in French; any other error as it is (constraints are the repositories'). */
  private serverError(e: unknown): unknown {
    const state = sqlState(e);
    if (state === '42501') return new UserError(`Le magasin « ${this.label} » : droits insuffisants pour cette opération (${(e as Error).message}).`);
    const refused = connectionError(this.label, e);
    if (refused) return refused;
    const code = (e as { code?: string }).code ?? '';
    const lost = "Rien n'a été écrit de l'opération en cours ; relancez la commande.";
    if (state === '57014') {
      return new UserError(`Le magasin « ${this.label} » : une requête a dépassé la durée maximale permise (CPRO_PG_STATEMENT_TIMEOUT). ${lost}`);
    }
    if (state === '57P01' || state === '57P02' || state === '57P03' || code === 'ECONNRESET' || /Connection terminated/i.test((e as Error).message ?? '')) {
      return new UserError(`La connexion au magasin PostgreSQL « ${this.label} » a été perdue (serveur arrêté ou redémarré). ${lost}`);
    }
    if (state === '53300') return new UserError(`Le serveur PostgreSQL de « ${this.label} » n'accepte plus de connexion (trop de clients) : réessayez dans un instant.`);
    return e;
  }

  prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R> {
    return {
      get: async (...p: P) => (await this.query(sql, p)).rows[0] as R | undefined,
      all: async (...p: P) => (await this.query(sql, p)).rows as R[],
      run: async (...p: P): Promise<RunResult> => ({ changes: (await this.query(sql, p)).rowCount ?? 0 }),
      insert: async (...p: P) => {
        const text = /\bRETURNING\b/i.test(sql) ? sql : `${sql.trimEnd()} RETURNING id`;
        return Number((await this.query(text, p)).rows[0].id);
      },
    };
  }

  async exec(sql: string): Promise<void> {
    const client = this.context.getStore()?.client ?? this.pool;
    await client.query(sql);
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const tx = this.context.getStore();
    if (tx) return this.savepoint(tx.client, fn);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(fn);
      } catch (e) {
        const state = sqlState(e);
        if ((state === '40001' || state === '40P01') && attempt < RETRIES) continue;
        throw e;
      }
    }
  }

  private async once<T>(fn: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((e: unknown) => {
      throw this.serverError(e);
    });
    let broken = false;
    try {
      await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      await this.writeLock(client);
      try {
        const result = await this.context.run({ client }, fn);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw e;
      }
    } catch (e) {
      if (!sqlState(e) && !(e instanceof UserError) && (e as { code?: string }).code) broken = true;
      throw e;
    } finally {
      client.release(broken);
    }
  }

  /** Takes the writers' lock: at once when free, else after saying once that another writer holds it. */
  private async writeLock(client: pg.PoolClient): Promise<void> {
    const free = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(${WRITE_LOCK}) AS ok`);
    if (free.rows[0].ok) return;
    const timer = setTimeout(() => this.onLockWait?.(lockWaitMessage(this.label)), QUIET_WAIT_MS);
    try {
      await client.query(`SET LOCAL lock_timeout = ${BUSY_TIMEOUT_MS}`);
      await client.query(`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`);
      await client.query('SET LOCAL lock_timeout = DEFAULT');
    } catch (e) {
      if (sqlState(e) === '55P03') {
        throw new UserError(
          `Le magasin « ${this.label} » est occupé : une autre commande y écrit depuis plus de ${Math.round(BUSY_TIMEOUT_MS / 1000)} s. ` +
            "Rien n'a été écrit ; relancez la commande quand l'autre sera terminée.",
        );
      }
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  private async savepoint<T>(client: pg.PoolClient, fn: () => Promise<T>): Promise<T> {
    const name = `cpro_sp${++this.savepoints}`;
    await client.query(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      await client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (e) {
      await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Booleans are stored as 0/1 in integer columns, as on SQLite. */
function bindable(v: unknown): unknown {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}
