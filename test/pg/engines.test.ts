// Both engines side by side (issue 15): the same fixtures imported into a SQLite file and into PostgreSQL give the
// same `--json` for every read command and the same documents' text; `cpro store copy` moves a whole store each
// way with its counts checked; backup and restore work on PostgreSQL; a password is never printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpro, fixture, tempDir } from '../helpers/cli.js';
import { PG_SERVER_URL, pgStoreUrl, psql, schemaFor } from '../helpers/engine.js';
import { pdfPlainText } from '../helpers/read-documents.js';

const NOW = '2025-06-30T10:00:00.000Z';

/** The demo's job (scripts/demo.mjs), step by step, on the store `db`; every step must succeed. */
function demoJob(db: string, outbox: string): void {
  const env = { CPRO_NOW: NOW, CPRO_OUTBOX: outbox, CPRO_MAIL_FROM: 'pfmp@lycee.example', CPRO_PORTAL_URL: 'http://portail.lycee.example' };
  const steps: string[][] = [
    ['import', 'annexe', fixture('annexe-2mspc1.csv')],
    ['import', 'annexe', fixture('annexe-1mspc-pronote.txt')],
    ['import', 'annexe', fixture('annexe-tmspc-windows1252.csv')],
    ['liaison', 'import', fixture('liaison-demo.csv')],
    ['tutors', 'invite', '--period', 'PFMP E33'],
    ['eval', 'import', fixture('bilans-entreprise-pfmp2.csv'), '--period', 'PFMP 2'],
    ['liaison', 'import', fixture('liaison-pfmp2.csv')],
    ['config', 'set', 'etablissement.nom', 'Lycée professionnel Jean-Moulin'],
    ['config', 'set', 'etablissement.uai', '0760001A'],
    ['attendance', 'import', fixture('absences-pfmp2.csv')],
    ['attendance', 'confirm', '--period', 'PFMP 2'],
    ['eval', 'import', fixture('grilles-e33.csv'), '--period', 'PFMP E33'],
    ['bilan-personnel', 'import', fixture('bilans-personnels-pfmp2.csv'), '--period', 'PFMP 2'],
    ['portfolio', 'import', fixture('portfolios'), '--period', 'PFMP 2'],
    ['portfolio', 'comment', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline', '--author', 'M. Pillet', 'Précisez la durée de consignation.'],
    ['learners', 'invite', '--period', 'PFMP 2'],
    ['visits', 'plan', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline', '--date', '10/06/2025', '--mode', 'visite'],
  ];
  for (const args of steps) {
    const r = cpro(['--db', db, ...args], { env });
    expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  }
}

/** Every read command, as `--json`. */
const READS: string[][] = [
  ['periods', 'list'],
  ['periods', 'show', 'PFMP 2'],
  ['learners', 'list', '--class', '1MSPC'],
  ['learners', 'list', '--period', 'PFMP 2'],
  ['classes', 'list'],
  ['liaison', 'status', '--period', 'PFMP 1'],
  ['liaison', 'show', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline'],
  ['tutors', 'list', '--period', 'PFMP E33'],
  ['tutors', 'list', '--period', 'PFMP 2'],
  ['eval', 'show', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline'],
  ['attendance', 'show', '--period', 'PFMP 2'],
  ['allocation', '--period', 'PFMP 2'],
  ['dashboard', '--learner', 'ACCARDO Aline'],
  ['dashboard', '--period', 'PFMP 2'],
  ['portfolio', 'status', '--period', 'PFMP 2'],
  ['portfolio', 'show', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline'],
  ['bilan-personnel', 'show', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline'],
  ['visits', 'list', '--period', 'PFMP 2'],
  ['referentiel', 'list'],
  ['bilans-intermediaires', 'list'],
  ['config', 'list'],
  ['purge', '--before', '01/09/2025', '--dry-run'],
];

/** Instants of "now" (a bilan entered, a comment written): the two stores were filled seconds apart. */
const instants = (text: string) => text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<instant>');

/** What each read command prints on `db`, keyed by command. */
function reads(db: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const args of READS) {
    const r = cpro(['--db', db, ...args, '--json'], { env: { CPRO_NOW: NOW } });
    const key = args.join(' ');
    out[key] = { code: r.code, json: r.code === 0 ? JSON.parse(instants(r.stdout)) : r.stderr };
  }
  return out;
}

/** The text of every document `cpro print tout` writes for a period, keyed by file name. */
async function documents(db: string, out: string): Promise<Record<string, string>> {
  const r = cpro(['--db', db, 'print', 'tout', '--period', 'PFMP 2', '--out', out, '--format', 'pdf'], { env: { CPRO_NOW: NOW } });
  expect(r.code, r.stderr).toBe(0);
  const texts: Record<string, string> = {};
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(dir, e.name), `${prefix}${e.name}/`);
      else if (e.name.endsWith('.pdf')) texts[prefix + e.name] = (await pdfPlainText(readFileSync(join(dir, e.name)))).text;
    }
  };
  await walk(out, '');
  return texts;
}

describe.skipIf(!PG_SERVER_URL)('SQLite and PostgreSQL side by side', () => {
  let dir: string;
  let cleanup: () => void;
  let file: string;
  let server: string;
  let fileReads: Record<string, unknown>;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    file = join(dir, 'cpro.db');
    server = pgStoreUrl(join(dir, 'serveur'));
    demoJob(file, join(dir, 'boite-sqlite'));
    demoJob(server, join(dir, 'boite-pg'));
    fileReads = reads(file);
  }, 300_000);
  afterAll(() => cleanup());

  it('gives the same --json for every read command', () => {
    const serverReads = reads(server);
    for (const args of READS) {
      const key = args.join(' ');
      expect((fileReads[key] as { code: number }).code, key).toBe(0);
      expect(serverReads[key], key).toEqual(fileReads[key]);
    }
  }, 120_000);

  it('prints the same documents, with the same text', async () => {
    const a = await documents(file, join(dir, 'docs-sqlite'));
    const b = await documents(server, join(dir, 'docs-pg'));
    expect(Object.keys(a).length).toBeGreaterThan(10);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const name of Object.keys(a)) expect(b[name], name).toBe(a[name]);
  }, 120_000);

  it('copies the SQLite store to PostgreSQL and back, counts checked, the reads unchanged', () => {
    const target = pgStoreUrl(join(dir, 'copie'));
    const r = cpro(['--db', file, 'store', 'copy', '--to', target, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { rows: number; tables: Array<{ table: string; rows: number }> };
    expect(report.tables.find((t) => t.table === 'learners')!.rows).toBeGreaterThan(10);
    expect(report.rows).toBe(report.tables.reduce((n, t) => n + t.rows, 0));
    expect(reads(target)).toEqual(fileReads);

    // Into a non-empty target: refused, nothing changed; with --force, replaced.
    const again = cpro(['--db', file, 'store', 'copy', '--to', target]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/contient déjà des données .* Ajoutez --force/);
    expect(cpro(['--db', file, 'store', 'copy', '--to', target, '--force']).code).toBe(0);

    // And back to a new SQLite file: the same again.
    const back = join(dir, 'retour.db');
    const b = cpro(['--db', target, 'store', 'copy', '--to', back]);
    expect(b.code, b.stderr).toBe(0);
    expect(reads(back)).toEqual(fileReads);
    // New rows on the copy get fresh ids (identity columns carried on after the copied ones).
    const add = cpro(['--db', target, 'bilans-intermediaires', 'add', '--class', '2MSPC1', '--date', '15/05/2025']);
    expect(add.code, add.stderr).toBe(0);
  }, 180_000);

  it('backs a PostgreSQL store up into one file, and restores it into PostgreSQL', () => {
    const backup = join(dir, 'sauvegarde.db');
    const b = cpro(['--db', server, 'backup', backup, '--json']);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout).counts).toEqual({ classes: 3, periods: expect.any(Number), learners: expect.any(Number) });
    expect(reads(backup)).toEqual(fileReads);

    const restored = pgStoreUrl(join(dir, 'restauree'));
    const r = cpro(['--db', restored, 'restore', backup, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(reads(restored)).toEqual(fileReads);
  }, 180_000);

  it('never prints a password: listings, messages and errors show it masked', () => {
    const url = new URL(pgStoreUrl(join(dir, 'secret')));
    url.password = 'Tr3sS3cret';
    const withPassword = url.toString(); // trust authentication on the test server: the password is not checked
    const runs = [
      cpro(['--db', withPassword, 'import', 'annexe', fixture('annexe-2mspc1.csv')]),
      cpro(['--db', withPassword, 'config', 'list']),
      cpro(['--db', withPassword, 'periods', 'show', 'PFMP 9']),
      cpro(['--db', file, 'store', 'copy', '--to', withPassword]),
      cpro(['--db', withPassword.replace(/:\d+\//, ':1/'), 'periods', 'list']),
      cpro(['--db', withPassword, 'periods', 'list'], { env: { CPRO_DEBUG: '1' } }),
    ];
    for (const r of runs) expect(r.stdout + r.stderr).not.toContain('Tr3sS3cret');
    expect(runs[0].stderr + runs[0].stdout).toContain('****');
    expect(runs[4].code).toBe(1);
    expect(runs[4].stderr).toMatch(/Impossible d'ouvrir le magasin PostgreSQL « postgres:\/\/postgres:\*\*\*\*@127\.0\.0\.1:1\/.* » : le serveur refuse la connexion/);
  }, 120_000);

  it('refuses a store written by a newer cprosync, as on SQLite', () => {
    const url = pgStoreUrl(join(dir, 'futur'));
    expect(cpro(['--db', url, 'import', 'annexe', fixture('annexe-2mspc1.csv')]).code).toBe(0);
    psql(`UPDATE ${schemaFor(join(dir, 'futur'))}.cpro_schema SET version = 999`);
    const r = cpro(['--db', url, 'periods', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/écrit par une version plus récente de cprosync \(schéma 999/);
  }, 60_000);
});
