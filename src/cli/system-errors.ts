// System errors (file system, disk) as French messages: the user's situation to fix, not an internal error.

const REASONS: Record<string, string> = {
  EACCES: 'permission refusée',
  EPERM: 'opération non permise',
  ENOSPC: "plus de place sur le disque",
  EDQUOT: 'quota de disque dépassé',
  EROFS: 'système de fichiers en lecture seule',
  ENOENT: 'fichier ou dossier introuvable',
  ENOTDIR: "un élément du chemin n'est pas un dossier",
  EISDIR: "c'est un dossier",
  EEXIST: 'existe déjà',
  ENAMETOOLONG: 'nom de fichier trop long pour le système de fichiers',
  ELOOP: 'trop de liens symboliques (boucle)',
  EMFILE: 'trop de fichiers ouverts',
  ENFILE: 'trop de fichiers ouverts sur le système',
  EIO: "erreur d'entrée-sortie du disque",
  EBUSY: 'fichier ou périphérique occupé',
  ETXTBSY: 'fichier occupé',
  EFBIG: 'fichier trop grand',
  EXDEV: 'déplacement impossible entre deux systèmes de fichiers',
  ENXIO: 'périphérique inexistant',
  ENODEV: 'périphérique inexistant',
  EINVAL: 'argument invalide',
};
const ACTIONS: Record<string, string> = {
  open: 'ouvrir',
  read: 'lire',
  write: 'écrire',
  mkdir: 'créer le dossier',
  rename: 'renommer vers',
  unlink: 'supprimer',
  scandir: 'lire le dossier',
  stat: 'lire',
  lstat: 'lire',
  copyfile: 'copier',
  rmdir: 'supprimer le dossier',
  fsync: 'écrire',
  close: 'fermer',
};

/** A French message for a Node system error (it has `code` and `syscall`), or undefined for any other error. */
export function systemErrorMessage(e: unknown): string | undefined {
  const err = e as NodeJS.ErrnoException & { dest?: string };
  if (!err || typeof err !== 'object' || typeof err.code !== 'string' || typeof err.syscall !== 'string') return undefined;
  const reason = REASONS[err.code];
  if (!reason) return undefined;
  const action = ACTIONS[err.syscall] ?? 'accéder à';
  const target = err.dest ?? err.path;
  return `impossible de ${action}${target ? ` « ${target} »` : ''} : ${reason} (${err.code}).`;
}
