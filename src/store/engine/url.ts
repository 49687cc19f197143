// Naming a store: a SQLite path or a PostgreSQL URL. Apart from the PostgreSQL engine, so that telling which one
// it is (and masking a password) does not load node-postgres for a SQLite store.

/** Whether `value` names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/** The URL with its password replaced by asterisks, to be shown in messages and listings. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:****@');
  }
}
