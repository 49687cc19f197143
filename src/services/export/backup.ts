// Backup, restore and purge of the store: the use cases behind `cpro backup`, `cpro restore` and `cpro purge`.
import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDate } from '../../domain/dates.js';
import { UsageError, UserError } from '../../domain/errors.js';
import {
  backupInto,
  copyStoreFile,
  inspectStoreFile,
  replaceStore,
  sameStore,
  stagingPath,
  storeCounts,
  storeDisplayName,
  type StoreFileInfo,
} from '../../store/backup.js';
import { maskUrl, openDb, schemaVersion, storeExists } from '../../store/db.js';
import type { PurgeCount, PurgePlan } from '../../store/retention.js';
import type { Store } from '../../store/store.js';
import { checkTarget, commitPrivateFile, createPrivateTemp, ensurePrivateDir } from '../shared/private-fs.js';

/** Refuses a store that does not exist (opening it would create an empty store). */
export async function existingStorePath(path: string): Promise<string> {
  if (!(await storeExists(path))) {
    throw new UserError(`magasin introuvable : « ${maskUrl(path)} » (vérifiez --db ou CPRO_DB) : rien à sauvegarder.`);
  }
  return path;
}

export interface BackupReport {
  store: string;
  file: string;
  bytes: number;
  schema: number;
  counts: NonNullable<StoreFileInfo['counts']>;
}

/**
 * Copies the store into `file`, a self-contained store file: one consistent snapshot even while another command
 * writes. Written under a temporary name (mode 0600), checked, then renamed: `file` is never half a copy.
 */
export async function backupStore(store: Store, file: string, opts: { force?: boolean } = {}): Promise<BackupReport> {
  const target = resolve(file);
  if (sameStore(target, store.path)) throw new UserError('la sauvegarde ne peut pas remplacer le magasin lui-même');
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) throw new UserError(`« ${file} » est un dossier : donnez un nom de fichier, par exemple ${file}/cpro-sauvegarde.db`);
    if (!opts.force) throw new UserError(`« ${file} » existe déjà : choisissez un autre nom, ou --force pour le remplacer`);
  }
  checkTarget(target, { force: opts.force }); // a link at the target is refused
  ensurePrivateDir(dirname(target));
  const tmp = createPrivateTemp(target); // an empty file is an empty database: the copy keeps its mode
  try {
    await backupInto(store.db, tmp);
    const info = inspectStoreFile(tmp);
    if (info.problem) throw new Error(`copie invalide : ${info.problem}`);
    commitPrivateFile(tmp, target, { force: opts.force });
    return { store: storeDisplayName(store.path), file: target, bytes: statSync(target).size, schema: info.schema!, counts: info.counts! };
  } finally {
    for (const f of [tmp, `${tmp}-journal`]) rmSync(f, { force: true });
  }
}

export interface RestoreCheck {
  file: string;
  store: string;
  schema: number;
  /** This build's schema: an older backup is migrated once restored. */
  currentSchema: number;
  counts: NonNullable<StoreFileInfo['counts']>;
  /** What the store holds now (null when it does not exist yet). */
  replaces: NonNullable<StoreFileInfo['counts']> | null;
}

/** Checks that `file` is a cprosync store this build can use, before anything is replaced. */
export async function checkRestore(dbPath: string, file: string): Promise<RestoreCheck> {
  const source = resolve(file);
  if (sameStore(source, dbPath)) throw new UserError('ce fichier est le magasin lui-même : rien à restaurer');
  const info = inspectStoreFile(source);
  if (info.problem) throw new UserError(`restauration refusée, « ${file} » : ${info.problem}. Le magasin n'a pas été modifié.`);
  return {
    file: source,
    store: storeDisplayName(dbPath),
    schema: info.schema!,
    currentSchema: schemaVersion(),
    counts: info.counts!,
    replaces: await storeCounts(dbPath),
  };
}

export interface RestoreReport extends RestoreCheck {
  migrated: boolean;
}

/**
 * Replaces the store at `dbPath` with the checked backup: the backup is copied next to the store, migrated there
 * and checked again, and only then put in place (one rename for a file, one transaction for a server's database).
 * On any refusal the store is left exactly as it was.
 */
export async function restoreStore(dbPath: string, check: RestoreCheck): Promise<RestoreReport> {
  const staging = stagingPath(dbPath);
  ensurePrivateDir(dirname(staging));
  const tmp = createPrivateTemp(staging);
  try {
    await copyStoreFile(check.file, tmp);
    try {
      await (await openDb(tmp)).close(); // migrations of an older backup, and WAL mode again
    } catch (e) {
      throw new UserError(`restauration refusée, « ${check.file} » : la mise à jour de son schéma a échoué (${(e as Error).message}). Le magasin n'a pas été modifié.`);
    }
    const info = inspectStoreFile(tmp);
    if (info.problem) throw new UserError(`restauration refusée, « ${check.file} » une fois mis à jour : ${info.problem}. Le magasin n'a pas été modifié.`);
    await replaceStore(tmp, dbPath);
  } finally {
    for (const f of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  }
  return { ...check, migrated: check.schema < check.currentSchema };
}

// ---------------------------------------------------------------- purge

export interface PurgeReport {
  before: string;
  dryRun: boolean;
  periods: PurgePlan['periods'];
  removed: Array<PurgeCount & { what: string }>;
  /** false when another command kept the write-ahead log open: run the purge again once it is done. */
  walEmptied: boolean;
}

const WHAT: Record<string, string> = {
  periods: 'périodes',
  assignments: 'affectations (apprenant × période)',
  learners: 'apprenants (sans autre période)',
  liaison_sheets: 'fiches de liaison',
  portfolios: 'portfolios',
  portfolio_comments: 'commentaires de portfolio',
  portfolio_drafts: 'brouillons de portfolio (portail)',
  portfolio_annexes: 'annexes de portfolio déposées sur le portail',
  tutor_accounts: "comptes d'accès (tuteurs et apprenants)",
  tutor_tokens: "jetons d'accès (tuteurs et apprenants)",
  tutor_invitations: "envois d'invitation (tuteurs et apprenants)",
  evaluations: 'évaluations (bilans entreprise et des attitudes)',
  evaluation_levels: 'niveaux évalués',
  evaluation_modes: "modes d'évaluation",
  bilans_personnels: 'bilans personnels',
};
const ORDER = Object.keys(WHAT);

function described(counts: PurgeCount[]): PurgeReport['removed'] {
  const rank = (t: string) => (ORDER.includes(t) ? ORDER.indexOf(t) : ORDER.length);
  return [...counts]
    .sort((a, b) => rank(a.table) - rank(b.table) || a.table.localeCompare(b.table))
    .map((c) => ({ ...c, what: WHAT[c.table] ?? `lignes de la table « ${c.table} »` }));
}

/** `--before` as an ISO date; a usage error otherwise. */
export function purgeDate(input: string): string {
  const iso = parseDate(input);
  if (!iso) throw new UsageError(`--before : date invalide « ${input} », attendu jj/mm/aaaa ou aaaa-mm-jj`);
  return iso;
}

export async function planPurge(store: Store, before: string): Promise<PurgeReport> {
  const plan = await store.retention.plan(before);
  return { before, dryRun: true, periods: plan.periods, removed: described(plan.counts), walEmptied: true };
}

export async function runPurge(store: Store, before: string): Promise<PurgeReport> {
  const periods = (await store.retention.plan(before)).periods;
  const { counts, walEmptied } = await store.retention.purge(before);
  return { before, dryRun: false, periods, removed: described(counts), walEmptied };
}
