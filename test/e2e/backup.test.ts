// Backup, restore and purge through the built CLI: a backup taken while an import writes restores to a working
// store; restore checks the file first; a purge leaves nothing of the purged learners in the file's bytes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { requireTool } from '../helpers/tools.js';
import { ROOT, cpro, cproJson, cproOnTerminal, spawnCpro, tempDir, FIXTURES } from '../helpers/cli.js';

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('cpro-backup-'));
  db = join(dir, 'cpro.db');
});
afterEach(() => cleanup());

const run = (...args: string[]) => cpro(['--db', db, ...args], { cwd: dir, env: { CPRO_OUTBOX: join(dir, 'outbox') } });
const ok = (r: { code: number; stderr: string }) => expect(r.code, r.stderr).toBe(0);

interface Timed {
  code: number;
  stderr: string;
  start: number;
  end: number;
}
/** Runs cpro without blocking, with the instants it started and ended. */
function runAsync(args: string[]): Promise<Timed> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawnCpro(args, { cwd: dir });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.resume();
    child.stdin!.end();
    child.on('exit', (code) => resolve({ code: code ?? -1, stderr, start, end: performance.now() }));
  });
}

/** An annex export of `classes` classes × 3 periods × 500 learners, large enough to take a while to import. */
function bigAnnex(path: string, classes: number): number {
  const lines = ['Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Date de naissance;Objectifs;Activités'];
  for (let c = 0; c < classes; c++) {
    for (let k = 1; k <= 3; k++) {
      for (let i = 0; i < 500; i++) {
        const n = c * 500 + i;
        lines.push(`PFMP ${k};Autre;B${c};0${k}/0${k}/2025;2${k}/0${k}/2025;Élève ${n};Prénom ${n};${200000000 + n}ZZ;01/01/2009;"Objectif ${k}\nSécurité";A1T1|A1T2`);
      }
    }
  }
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  return lines.length - 1;
}

const counts = (file: string) => {
  const s = new Database(file, { readonly: true });
  try {
    const n = (t: string) => s.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${t}`).get()!.n;
    return { integrity: s.pragma('integrity_check', { simple: true }), learners: n('learners'), assignments: n('assignments'), periods: n('periods') };
  } finally {
    s.close();
  }
};

describe('cpro backup', () => {
  it('refuses to back up a store that does not exist, rather than creating an empty one', () => {
    const r = run('backup', join(dir, 'b.db'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('magasin introuvable');
    expect(existsSync(db)).toBe(false);
    expect(existsSync(join(dir, 'b.db'))).toBe(false);
  });

  it('takes consistent backups while an import writes, each restoring to a working store', async () => {
    ok(run('import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')));
    const before = counts(db);
    const csv = join(dir, 'grosse-annexe.csv');
    const rows = bigAnnex(csv, 40);
    const importing = runAsync(['--db', db, 'import', 'annexe', csv]);
    let importDone: Timed | undefined;
    void importing.then((r) => (importDone = r));
    const backups: Array<Timed & { file: string }> = [];
    for (let i = 0; !importDone && i < 40; i++) {
      const file = join(dir, `sauvegarde-${i}.db`);
      backups.push({ ...(await runAsync(['--db', db, 'backup', file])), file });
    }
    const imp = await importing;
    expect(imp.code, imp.stderr).toBe(0);
    const after = counts(db);
    expect(after.assignments).toBe(before.assignments + rows);

    // At least one backup ran from start to end while the import process was running.
    const during = backups.filter((b) => b.start > imp.start && b.end < imp.end);
    expect(during.length).toBeGreaterThan(0);
    for (const b of backups) {
      expect(b.code, b.stderr).toBe(0);
      expect(statSync(b.file).mode & 0o777).toBe(0o600);
      expect(existsSync(`${b.file}-wal`)).toBe(false); // a single self-contained file
      // The import is one transaction: a backup holds all of it or none of it.
      const c = counts(b.file);
      expect(c.integrity).toBe('ok');
      expect([before, after].map((x) => [x.learners, x.assignments, x.periods])).toContainEqual([c.learners, c.assignments, c.periods]);
    }
    // Restored, a backup is a working store.
    const restored = join(dir, 'restaure.db');
    const last = during[during.length - 1];
    ok(cpro(['--db', restored, 'restore', last.file, '--yes'], { cwd: dir }));
    expect(statSync(restored).mode & 0o777).toBe(0o600);
    const periods = cproJson<Array<{ name: string }>>(restored, ['periods', 'list'], { cwd: dir });
    expect(periods.code).toBe(0);
    expect(periods.data.map((p) => p.name)).toContain('PFMP 2');
    ok(cpro(['--db', restored, 'portfolio', 'import', join(FIXTURES, 'portfolios'), '--period', 'PFMP 2'], { cwd: dir }));
  }, 120_000);

  it('refuses to overwrite an existing file without --force, and says what it wrote', () => {
    ok(run('import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')));
    const file = join(dir, 'copie.db');
    const r = run('backup', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Sauvegarde écrite : ${file} \\(\\d+ Ko ; 1 classe, 2 périodes, 8 apprenants ; schéma \\d+\\)\\.\\n$`));
    const again = run('backup', file);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`erreur : « ${file} » existe déjà : choisissez un autre nom, ou --force pour le remplacer\n`);
    ok(run('backup', file, '--force'));
  });
});

describe('cpro restore', () => {
  beforeEach(() => {
    ok(run('import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')));
    ok(run('backup', join(dir, 'juin.db')));
    ok(run('import', 'annexe', join(FIXTURES, 'annexe-tmspc-windows1252.csv')));
  });

  it('checks the file is a cprosync store of a known schema before replacing anything', () => {
    const bad = (name: string, content: string | Buffer) => {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    };
    const notSqlite = bad('notes.db', 'pas une base');
    const r1 = run('restore', notSqlite, '--yes');
    expect(r1.code).toBe(1);
    expect(r1.stderr).toBe(`erreur : restauration refusée, « ${notSqlite} » : ce n'est pas une base SQLite (ni un magasin cprosync). Le magasin n'a pas été modifié.\n`);

    const other = join(dir, 'autre.db');
    const o = new Database(other);
    o.exec('CREATE TABLE x (a)');
    o.pragma('user_version = 1');
    o.close();
    expect(run('restore', other, '--yes').stderr).toMatch(/ce n'est pas un magasin cprosync : tables absentes : config, referentiels, classes, learners/);

    const newer = join(dir, 'future.db');
    copyFileSync(join(dir, 'juin.db'), newer);
    const f = new Database(newer);
    f.pragma('user_version = 999');
    f.close();
    expect(run('restore', newer, '--yes').stderr).toMatch(/magasin écrit par une version plus récente de cprosync \(schéma 999, cette version connaît le schéma \d+\)/);

    // Nothing was replaced: the TMSPC period imported after the backup is still there.
    expect(cproJson<unknown[]>(db, ['periods', 'list']).data).toHaveLength(3);
  });

  /** The store's bytes (and its write-ahead log's), to show that a refused restore changed nothing. */
  const storeBytes = () =>
    [db, `${db}-wal`].map((f) => (existsSync(f) ? createHash('sha256').update(readFileSync(f)).digest('hex') : '-')).join(' ');
  /** A copy of the June backup changed by `sql` (user_version kept unless the SQL sets it). */
  const tampered = (name: string, sql: string) => {
    const file = join(dir, name);
    copyFileSync(join(dir, 'juin.db'), file);
    const t = new Database(file);
    t.exec(sql);
    t.close();
    return file;
  };
  const refused = (file: string, message: RegExp) => {
    const before = storeBytes();
    const r = run('restore', file, '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain("Le magasin n'a pas été modifié.");
    expect(r.stderr).not.toContain('erreur interne');
    expect(storeBytes()).toBe(before);
  };

  it('refuses a store carrying a trigger, a view or a table of its own, byte for byte unchanged', () => {
    refused(
      tampered('piege.db', `CREATE TRIGGER wipe AFTER INSERT ON learners BEGIN
         DELETE FROM liaison_sheets; UPDATE config SET value = 'smtp://evil.example' WHERE key = 'mail.smtpUrl'; END;`),
      /schéma non conforme : déclencheur « wipe » inconnu : le schéma \d+ d'un magasin cprosync n'en contient pas/,
    );
    refused(tampered('vue.db', 'CREATE VIEW v AS SELECT * FROM learners'), /vue « v » inconnue/);
    refused(tampered('extra.db', 'CREATE TABLE notes (x)'), /table « notes » inconnue/);
    refused(tampered('index.db', 'DROP INDEX assignments_learner'), /index « assignments_learner » absent du schéma \d+/);
  });

  it('refuses a store whose tables have the right names but wrong columns', () => {
    refused(
      tampered('colonnes.db', 'ALTER TABLE learners ADD COLUMN pirate TEXT; ALTER TABLE periods DROP COLUMN tasks'),
      /table « learners » ne correspond pas au schéma \d+ \(colonnes inconnues : pirate\).*table « periods » ne correspond pas au schéma \d+ \(colonnes absentes : tasks\)/,
    );
  });

  it('refuses an older schema version that carries newer tables, and broken references', () => {
    // Version 3 with the tables of the later migrations: migrating it would fail half-way.
    refused(tampered('ancien.db', 'PRAGMA user_version = 3'), /schéma non conforme : table « \w+ » inconnue : le schéma 3 d'un magasin cprosync n'en contient pas/);
    refused(
      tampered('orphelins.db', 'PRAGMA foreign_keys = OFF; INSERT INTO assignments (period_id, learner_id) VALUES (9999, 9999)'),
      /références cassées : 2 ligne\(s\) renvoient à une ligne absente/,
    );
  });

  it('restores an older backup by migrating a copy, then renaming it over the store', () => {
    // A genuine schema-1 store (only the first migration), with data.
    const old = join(dir, 'v1.db');
    const v1 = new Database(old);
    v1.exec(readFileSync(join(ROOT, 'src/store/migrations/001-initial.sql'), 'utf8'));
    v1.pragma('user_version = 1');
    v1.exec("INSERT INTO classes (name) VALUES ('ANCIENNE')");
    v1.close();
    const r = run('restore', old, '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/mis à jour du schéma 1 au schéma \d+\./);
    expect(existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0).toBe(0);
    expect(cproJson<unknown[]>(db, ['periods', 'list']).data).toHaveLength(0);
    expect(statSync(db).mode & 0o777).toBe(0o600);
  });

  it("restores a schema-8 backup holding tutors' accesses: migration 009 rebuilds their table under the restore's checks", () => {
    const old = join(dir, 'v8.db');
    const v8 = new Database(old);
    // The SQLite text of each migration, not its PostgreSQL variant (NNN-name.pg.sql).
    for (const m of readdirSync(join(ROOT, 'src/store/migrations')).filter((f) => /^00[1-8]-.*(?<!\.pg)\.sql$/.test(f)).sort()) {
      v8.exec(readFileSync(join(ROOT, 'src/store/migrations', m), 'utf8'));
    }
    v8.pragma('user_version = 8');
    v8.exec(`
      INSERT INTO classes (id, name) VALUES (1, '1MSPC');
      INSERT INTO learners (id, last_name, first_name, class_id, match_key) VALUES (1, 'ACCARDO', 'Aline', 1, 'accardo|aline');
      INSERT INTO periods (id, name, class_id, kind, start_date, end_date, bilan_date, referentiel, created_at)
        VALUES (1, 'PFMP 2', 1, 'Période 2', '2025-03-03', '2025-03-28', '2025-03-28', 'MSPC', '2025-01-01T00:00:00Z');
      INSERT INTO assignments (id, period_id, learner_id) VALUES (1, 1, 1);
      INSERT INTO tutor_accounts (id, assignment_id, role, last_name, first_name, email, created_at, updated_at)
        VALUES (7, 1, 'tuteur de stage', 'MARTIN', 'Paul', 'paul@usine.example.fr', '2025-03-01T09:00:00Z', '2025-03-01T09:00:00Z');
      INSERT INTO tutor_tokens (id, account_id, token_hash, delivery, issued_at, expires_at) VALUES (3, 7, 'abc', 'outbox', '2025-03-01T09:00:00Z', '2025-08-28T09:00:00Z');
    `);
    v8.close();
    const r = run('restore', old, '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/mis à jour du schéma 8 au schéma \d+\./);
    const after = new Database(db, { readonly: true });
    try {
      expect(after.prepare('SELECT id, audience, last_name AS lastName FROM tutor_accounts').all()).toEqual([{ id: 7, audience: 'tuteur', lastName: 'MARTIN' }]);
      expect(after.prepare('SELECT account_id AS accountId FROM tutor_tokens').all()).toEqual([{ accountId: 7 }]);
      expect(after.pragma('foreign_key_check')).toEqual([]);
    } finally {
      after.close();
    }
    // The restored store is one this build opens and backs up again as a current-schema store.
    ok(run('backup', join(dir, 'encore.db')));
    const again = run('restore', join(dir, 'encore.db'), '--yes');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain('mis à jour');
  });

  it('asks for confirmation: refused without a terminal and without --yes, done with --yes', () => {
    const r = run('restore', join(dir, 'juin.db'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Elle remplacera tout le contenu du magasin');
    expect(r.stderr).toContain('erreur : restauration non confirmée : sans terminal interactif, ajoutez --yes pour confirmer');
    expect(cproJson<unknown[]>(db, ['periods', 'list']).data).toHaveLength(3);
    const yes = run('restore', join(dir, 'juin.db'), '--yes');
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(/^Magasin restauré depuis .*juin\.db : 1 classe, 2 périodes, 8 apprenants\.\n$/);
    expect(cproJson<unknown[]>(db, ['periods', 'list']).data).toHaveLength(2);
    expect(statSync(db).mode & 0o777).toBe(0o600);
  });

  it('asks on a terminal, and keeps the store when the answer is no', (ctx) => {
    requireTool('script', ctx);
    const r = cproOnTerminal(['--db', db, 'restore', join(dir, 'juin.db')], { input: 'n\r' });
    expect(r.stdout).toContain('Remplacer le magasin par cette sauvegarde ?');
    expect(r.stdout).toContain("restauration abandonnée : le magasin n'a pas été modifié");
    expect(cproJson<unknown[]>(db, ['periods', 'list']).data).toHaveLength(3);
  });
});

describe('cpro purge', () => {
  const PURGED = ['DUPONT-MOREAU', '130480301AA', 'Anaïs', 'LEFÈVRE', 'Grégoire', 'GARÇON', 'Raffinerie de Port-Jérôme',
    'Firmin Zéphyrin-Lacaze', 'chef.quart@raffinerie-pj.example', 'bravo pour la consignation', 'Métallerie Cauchoise'];

  beforeEach(() => {
    for (const annex of ['annexe-2mspc1.csv', 'annexe-1mspc-pronote.txt', 'annexe-tmspc-windows1252.csv']) ok(run('import', 'annexe', join(FIXTURES, annex)));
    ok(run('liaison', 'import', join(FIXTURES, 'liaison-demo.csv')));
    ok(run('liaison', 'set', '--period', 'PFMP E33', '--learner', 'DUPONT-MOREAU Anaïs', 'tuteur.nom=Lacaze', 'tuteur.prenom=Firmin',
      'tuteur.courriel=chef.quart@raffinerie-pj.example'));
    ok(run('tutors', 'invite', '--period', 'PFMP E33', '--learner', 'DUPONT-MOREAU Anaïs'));
    const yaml = join(dir, 'anais.yaml');
    writeFileSync(yaml, [
      'apprenant:', '  ine: 130480301AA', 'entreprise:', '  raison sociale: Raffinerie de Port-Jérôme',
      'organigramme:', '  - rôle: Chef de quart', '    nom: Firmin Zéphyrin-Lacaze',
      'semaines:', '  - activités: Rondes de surveillance des pompes.',
    ].join('\n'), 'utf8');
    ok(run('portfolio', 'import', yaml, '--period', 'PFMP E33'));
    ok(run('portfolio', 'comment', '--period', 'PFMP E33', '--learner', '130480301AA', '--author', 'M. Martin', 'Anaïs, bravo pour la consignation.'));
    ok(run('portfolio', 'import', join(FIXTURES, 'portfolios'), '--period', 'PFMP 2'));
  });

  /** Every purged string found in the store's files, as raw bytes (the file, its -wal and -shm). */
  function leftovers(strings: string[]): string[] {
    const bytes = ['', '-wal', '-shm'].filter((s) => existsSync(db + s)).map((s) => readFileSync(db + s));
    return strings.filter((s) => bytes.some((b) => b.includes(Buffer.from(s.normalize('NFC'), 'utf8'))));
  }

  it('says what it would remove with --dry-run, and refuses without a terminal and without --yes', () => {
    expect(leftovers(PURGED)).toEqual(PURGED); // the check can see them before the purge
    const dry = run('purge', '--before', '01/04/2025', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      [
        "Simulation (--dry-run) : rien n'a été supprimé. La purge des périodes terminées avant le 01/04/2025 supprimerait :",
        '  - PFMP 1 (2MSPC1), terminée le 07/02/2025',
        '  - PFMP 3 (1MSPC), terminée le 14/02/2025',
        '  - PFMP E33 (TMSPC), terminée le 28/03/2025',
        '',
        '      3  périodes',
        '     18  affectations (apprenant × période)',
        '      4  apprenants (sans autre période)',
        '     18  fiches de liaison',
        '      1  portfolios',
        '      1  commentaires de portfolio',
        "      1  comptes d'accès (tuteurs et apprenants)",
        "      1  jetons d'accès (tuteurs et apprenants)",
        "      1  envois d'invitation (tuteurs et apprenants)",
        '',
      ].join('\n'),
    );
    const refused = run('purge', '--before', '01/04/2025');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('erreur : suppression non confirmée : sans terminal interactif, ajoutez --yes pour confirmer');
    expect(leftovers(PURGED)).toEqual(PURGED);
    const badDate = run('purge', '--before', '31/02/2025');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toBe("erreur : valeur « 31/02/2025 » invalide pour l'option « --before <date> ». Date attendue : jj/mm/aaaa ou aaaa-mm-jj, qui existe au calendrier.\n");
  });

  it('leaves nothing of the purged learners in the store file, and keeps everything else', () => {
    const r = run('purge', '--before', '2025-04-01', '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Purge terminée : données des périodes terminées avant le 01\/04\/2025 supprimées et effacées du fichier :/);
    expect(leftovers(PURGED)).toEqual([]);
    const wal = db + '-wal';
    if (existsSync(wal)) expect(statSync(wal).size).toBe(0);
    // What was kept is intact and usable.
    expect(leftovers(['ACCARDO', 'Fragrance Plus', 'Firmin'])).toEqual(['ACCARDO', 'Fragrance Plus']);
    const periods = cproJson<Array<{ name: string }>>(db, ['periods', 'list']).data.map((p) => p.name);
    expect(periods).toEqual(['PFMP 2', 'Stage E31']);
    expect(cproJson<Array<{ lastName: string }>>(db, ['learners', 'list', '--class', 'TMSPC']).data).toEqual([]);
    expect(cproJson<{ withPortfolio: number }>(db, ['portfolio', 'status', '--period', 'PFMP 2']).data.withPortfolio).toBe(3);
    expect(counts(db).integrity).toBe('ok');
    expect(statSync(db).mode & 0o777).toBe(0o600);
    expect(run('purge', '--before', '2025-04-01', '--yes').stdout).toBe('Rien à supprimer : aucune période terminée avant le 01/04/2025.\n');
  });
});
