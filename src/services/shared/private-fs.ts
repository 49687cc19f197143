// Files that hold learners' personal data (exports, backups, documents): created readable by their owner only,
// under an unpredictable temporary name that no one can have prepared as a link, then renamed into place.
import { closeSync, constants, fsyncSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { UserError } from '../../domain/errors.js';
import { safeFileName } from '../../domain/filenames.js';

/** Creates a folder (and its missing parents) with mode 0700; an existing folder keeps its mode. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * A temporary name next to `path`, on the same file system so that the final rename is atomic. Random, so that
 * another user of a shared folder cannot create it beforehand (as a link to one of our files); short, so that it
 * fits even beside a name at the file system's limit.
 */
export function siblingTemp(path: string): string {
  return join(dirname(path), `.cpro-${randomBytes(12).toString('hex')}.tmp`);
}

/** open(2) flags of a new private file: exclusive creation, never through a symbolic link. */
const EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Creates an empty private file (mode 0600) under a new temporary name next to `path`; returns its name. */
export function createPrivateTemp(path: string): string {
  const tmp = siblingTemp(path);
  closeSync(openSync(tmp, EXCLUSIVE, 0o600));
  return tmp;
}

export interface TargetOptions {
  /** Replace an existing file; without it, an existing file is refused. */
  force?: boolean;
  /** Replace an existing file without --force (documents that a new print regenerates). */
  replace?: boolean;
}

/**
 * Refuses a final path that is a symbolic link (written through, it would change a file elsewhere), a folder, or
 * an existing file without --force.
 */
export function checkTarget(path: string, opts: TargetOptions = {}): void {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return; // does not exist yet
  }
  if (st.isSymbolicLink()) {
    throw new UserError(`« ${path} » est un lien symbolique : cprosync n'écrit pas à travers un lien, donnez le chemin d'un vrai fichier`);
  }
  if (st.isDirectory()) throw new UserError(`« ${path} » est un dossier : donnez un nom de fichier`);
  if (!opts.force && !opts.replace) throw new UserError(`« ${path} » existe déjà : choisissez un autre nom, ou --force pour le remplacer`);
}

/** Renames a finished temporary file into place, checking the final path once more just before. */
export function commitPrivateFile(tmp: string, path: string, opts: TargetOptions = {}): void {
  try {
    checkTarget(path, { ...opts, replace: true });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes a file with mode 0600, atomically: written under a new random name (exclusive creation, no link
 * followed) then renamed, so that a reader never sees half a file, a file it replaces does not keep a wider mode,
 * and nothing is ever written through a link. `fsync: false` for batches of regenerable documents.
 */
export function writePrivateFile(path: string, data: string | Uint8Array, opts: TargetOptions & { fsync?: boolean } = {}): void {
  checkTarget(path, opts);
  ensurePrivateDir(dirname(path));
  const tmp = siblingTemp(path);
  const fd = openSync(tmp, EXCLUSIVE, 0o600);
  try {
    writeFileSync(fd, data);
    if (opts.fsync !== false) fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  commitPrivateFile(tmp, path, opts);
}

/** The documents folder of a period: `documents/<period name>/`, where `cpro print` writes by default. */
export function periodDocumentsDir(cwd: string, periodName: string): string {
  return join(cwd, 'documents', safeFileName(periodName));
}
