// What the repositories see of a database: prepared statements run asynchronously, transactions, the engine's
// kind for the few statements that must differ. One implementation per engine (SQLite, PostgreSQL).

export type EngineKind = 'sqlite' | 'postgres';

export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
}

/**
 * A statement with positional `?` or named `@name` parameters (one object argument), run on the connection of the
 * current transaction when there is one.
 */
export interface Statement<P extends unknown[] = unknown[], R = unknown> {
  get(...params: P): Promise<R | undefined>;
  all(...params: P): Promise<R[]>;
  run(...params: P): Promise<RunResult>;
  /** Runs an INSERT and returns the new row's `id`. */
  insert(...params: P): Promise<number>;
}

export interface DB {
  readonly kind: EngineKind;
  /** The store as the user named it: a file path, or a PostgreSQL URL with its password masked. */
  readonly label: string;
  prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R>;
  /** Statements without parameters, several separated by semicolons. */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in one write transaction: writers take turns (SQLite's write lock, a PostgreSQL advisory lock), so
   * that what `fn` reads stays true until it commits. Statements made inside `fn`, however deep, join it; a nested
   * call is a savepoint. Told once through `onLockWait` when another writer makes it wait.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Whether the caller runs inside a transaction of this database. */
  readonly inTransaction: boolean;
  onLockWait?: (message: string) => void;
  close(): Promise<void>;
}
