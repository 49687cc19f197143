// Text comparisons both engines make alike.

/**
 * `value` with its ASCII capitals lowered, as SQLite's NOCASE and lower() do, and as PostgreSQL's lower() does
 * on the store's binary-collated ("C") columns: compared with `lower(column) = ?`, it finds a name whatever the
 * case of its ASCII letters, and accented capitals only as written (lowering the parameter in SQL would use the
 * server's locale, which lowers them too).
 */
export function asciiLower(value: string): string {
  return value.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}
