// Files that hold learners' personal data (exports, backups, documents): created readable by their owner only.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { safeFileName } from '../domain/filenames.js';

/** Creates a folder (and its missing parents) with mode 0700; an existing folder keeps its mode. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** A temporary name next to `path`, on the same file system so that the final rename is atomic. */
export function siblingTemp(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
}

/**
 * Writes a file with mode 0600, atomically: written under a temporary name then renamed, so that a reader never
 * sees half a file and a file it replaces does not keep a wider mode.
 */
export function writePrivateFile(path: string, data: string | Uint8Array): void {
  ensurePrivateDir(dirname(path));
  const tmp = siblingTemp(path);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
}

/** The documents folder of a period: `documents/<period name>/`, where `cpro print` writes by default. */
export function periodDocumentsDir(cwd: string, periodName: string): string {
  return join(cwd, 'documents', safeFileName(periodName));
}
