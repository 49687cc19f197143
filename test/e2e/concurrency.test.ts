// Several commands writing to one store at once: each waits for the write lock instead of failing, and every
// row of every one is there at the end (issue 19, "Write locks").
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { BIN, cpro, cproAsync, tempDir } from '../helpers/cli.js';

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'cpro.db');
});
afterEach(() => cleanup());

const HEADER = 'Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Date de naissance;Objectifs;Activités';

/** An annex of `learners` learners of one class, each on two periods (2 × learners rows). */
function largeAnnex(name: string, className: string, learners: number): string {
  const rows = [HEADER];
  for (let i = 0; i < learners; i++) {
    for (const [period, kind, start, end] of [
      [`PFMP 1 ${className}`, 'Période 1', '13/01/2025', '07/02/2025'],
      [`PFMP 2 ${className}`, 'Période 2', '02/06/2025', '27/06/2025'],
    ]) {
      rows.push(
        [period, kind, className, start, end, `NOM${i}`, `Prénom${className}`, '', '01/01/2009',
          `Objectif ${i} a | Objectif ${i} b`, 'A1T1|A1T3'].join(';'),
      );
    }
  }
  const p = join(dir, name);
  writeFileSync(p, rows.join('\n') + '\n');
  return p;
}

describe('concurrent writers', () => {
  it('two large imports and a liaison set at once all succeed, with every row present', async () => {
    const N = 1500;
    const a = largeAnnex('a.csv', 'CLASSEA', N);
    const b = largeAnnex('b.csv', 'CLASSEB', N);
    // A small first import so that the edit has a sheet to change while the large ones run.
    const small = join(dir, 'small.csv');
    writeFileSync(small, [HEADER, 'PFMP X;Période 1;CLASSEC;13/01/2025;07/02/2025;SEUL;Léa;;01/01/2009;;'].join('\n'));
    expect(cpro(['--db', db, 'import', 'annexe', small]).code).toBe(0);

    const runs = await Promise.all([
      cproAsync(['--db', db, 'import', 'annexe', a]),
      cproAsync(['--db', db, 'import', 'annexe', b]),
      cproAsync(['--db', db, 'liaison', 'set', '--period', 'PFMP X', '--learner', 'SEUL Léa', 'entreprise.nom=Garage du Port']),
    ]);
    for (const r of runs) {
      expect(r.stderr).not.toMatch(/erreur interne|database is locked/);
      expect(r.code, r.stderr).toBe(0);
    }

    const s = new Database(db, { readonly: true });
    try {
      const count = (sql: string) => (s.prepare(sql).get() as { n: number }).n;
      expect(count('SELECT COUNT(*) AS n FROM learners')).toBe(2 * N + 1);
      expect(count('SELECT COUNT(*) AS n FROM periods')).toBe(5);
      expect(count('SELECT COUNT(*) AS n FROM liaison_sheets')).toBe(4 * N + 1);
      expect(s.prepare('SELECT company_name FROM liaison_sheets WHERE company_name IS NOT NULL').all()).toEqual([
        { company_name: 'Garage du Port' },
      ]);
    } finally {
      s.close();
    }
  }, 120_000);

  it('a command waiting for another one\'s write lock says so on stderr, then completes', async () => {
    const small = join(dir, 'small.csv');
    writeFileSync(small, [HEADER, 'PFMP X;Période 1;CLASSEC;13/01/2025;07/02/2025;SEUL;Léa;;01/01/2009;;'].join('\n'));
    expect(cpro(['--db', db, 'import', 'annexe', small]).code).toBe(0);
    // Another writer holds the lock until the waiting command has said that it waits.
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE');
    let stderr = '';
    const child = spawn(process.execPath, [BIN, '--db', db, 'liaison', 'set', '--period', 'PFMP X', '--learner', 'SEUL Léa', 'entreprise.nom=Garage'], {
      env: { ...process.env, NO_COLOR: '1', CPRO_DB: undefined },
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.resume();
    const exit = new Promise<number>((ok) => child.on('close', (code) => ok(code ?? -1)));
    while (!stderr.includes('attente')) await new Promise((ok) => setTimeout(ok, 50));
    holder.exec('COMMIT');
    holder.close();
    expect(await exit).toBe(0);
    expect(stderr).toBe(`attente : une autre commande écrit dans le magasin « ${db} » ; cette commande reprendra dès qu'elle aura fini…\n`);
  }, 60_000);
});
