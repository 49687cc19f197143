// `cpro store copy`: the whole store copied into another one, whatever their engines — a teacher's SQLite file
// moved to the school's PostgreSQL server, or a server's database taken home as one file.
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../../domain/errors.js';
import { CopyMismatch, copyRows, rowsIn, type TableCount } from '../../store/copy.js';
import { isPostgresUrl, maskUrl } from '../../store/db.js';
import { openStore, type Store } from '../../store/store.js';

export interface CopyReport {
  source: string;
  target: string;
  /** Rows per table, equal on both sides (checked). */
  tables: TableCount[];
  rows: number;
  /** Rows the target held before, replaced (0 unless --force). */
  replaced: number;
}

/** The same store named twice (a path written differently, or the same URL). */
function sameStore(source: Store, target: string): boolean {
  if (isPostgresUrl(target)) return maskUrl(target) === source.path;
  return !isPostgresUrl(source.path) && resolve(target) === resolve(source.path);
}

/**
 * Copies every row of `source` into the store named by `target` (created when it is a new file, migrated to this
 * build's schema). A target that already holds data is refused unless `force`; then its content is replaced.
 * All of it or nothing: the target is written in one transaction and its counts are checked before it commits.
 */
export async function copyStore(
  source: Store,
  target: string,
  opts: { force?: boolean; onTable?: (table: string, rows: number) => void } = {},
): Promise<CopyReport> {
  if (sameStore(source, target)) throw new UserError('la cible est le magasin lui-même : rien à copier');
  const newFile = !isPostgresUrl(target) && !existsSync(target);
  let dest: Store | undefined;
  let done = false;
  try {
    dest = await openStore(target);
    const replaced = await rowsIn(dest.db);
    if (replaced > 0 && !opts.force) {
      throw new UserError(
        `la cible « ${dest.path} » contient déjà des données (${replaced} ligne${replaced > 1 ? 's' : ''}) : ` +
          'rien n’a été copié. Ajoutez --force pour remplacer son contenu.',
      );
    }
    let tables: TableCount[];
    try {
      tables = await copyRows(source.db, dest.db, opts.onTable);
    } catch (e) {
      if (e instanceof CopyMismatch) {
        throw new UserError(`copie refusée : table ${e.table}, ${e.found} ligne(s) écrite(s) pour ${e.expected} lue(s). La cible n’a pas été modifiée.`);
      }
      throw e;
    }
    done = true;
    return { source: source.path, target: dest.path, tables, rows: tables.reduce((n, t) => n + t.rows, 0), replaced };
  } finally {
    await dest?.close();
    if (newFile && !done) for (const s of ['', '-wal', '-shm', '-journal']) rmSync(target + s, { force: true });
  }
}
