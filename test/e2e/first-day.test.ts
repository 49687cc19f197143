// A teacher's first day: what a missing argument says, a single period taken by default, French agreement, and a
// help whose example files exist.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ROOT, cpro, tempDir } from '../helpers/cli.js';

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'cpro.db');
});
afterEach(() => cleanup());
const run = (...args: string[]) => cpro(['--db', db, ...args], { cwd: dir });

describe("a teacher's first day", () => {
  it('names in `cpro --help` only fixture files that exist', () => {
    const help = cpro(['--help']).stdout;
    const files = [...help.matchAll(/fixtures\/[\w.-]+/g)].map((m) => m[0]);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(existsSync(join(ROOT, f)), f).toBe(true);
  });

  it('says « 1 période créée », takes the only period when --period is left out, and lists the values of what is missing', () => {
    const annex = join(dir, 'a.csv');
    writeFileSync(annex, 'Période;Type;Classe;Date de début;Date de fin;Nom;Prénom\nPFMP 1;Période 1;2A;13/01/2025;07/02/2025;BA;Yanis\nPFMP 1;Période 1;2A;13/01/2025;07/02/2025;ROY;Yves\n');
    expect(run('import', 'annexe', annex).stdout).toBe(
      [
        'Import terminé :',
        '  Périodes      1 créée, 0 mise à jour, 0 inchangée',
        '  Apprenants    2 créés, 0 mis à jour, 0 inchangé',
        '  Affectations  2 créées, 0 mise à jour, 0 inchangée',
        '',
      ].join('\n'),
    );
    expect(run('liaison', 'status').stdout).toContain('Fiches de liaison — PFMP 1 (2A) : 0 prête sur 2');
    const print = run('print');
    expect(print.code).toBe(2);
    expect(print.stderr).toBe('erreur : précisez « documents » : preconventions, attestations, grilles (bilans des attitudes et entreprise, grilles certificatives) ou tout\n');
    const mode = run('visits', 'plan', '--learner', 'ba', '--date', '20/01/2025');
    expect(mode.code).toBe(2);
    expect(mode.stderr).toBe('erreur : précisez --mode <mode> : visite, telephone, visio\n');

    expect(run('import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')).code).toBe(0);
    const several = run('liaison', 'status');
    expect(several.code).toBe(2);
    expect(several.stderr).toMatch(/^erreur : précisez la période : --period <numéro ou nom>, parmi :\n {2}1 {2}PFMP 1 \(2A, /);
  });
});
