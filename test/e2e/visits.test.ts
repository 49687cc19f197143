// The teacher's visits: planned, then recorded, shown in the liaison status and printed on the documents.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, cpro, cproJson, tempDir } from '../helpers/cli.js';
import { pdfText } from '../documents/readback.js';

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'cpro.db');
  expect(cpro(['--db', db, 'import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')]).code).toBe(0);
  expect(cpro(['--db', db, 'liaison', 'import', join(FIXTURES, 'liaison-pfmp2.csv')]).code).toBe(0);
  expect(cpro(['--db', db, 'config', 'set', 'enseignant.nom', 'M. Karim Benali']).code).toBe(0);
});
afterEach(() => cleanup());
const run = (...args: string[]) => cpro(['--db', db, ...args], { cwd: dir });

describe('cpro visits', () => {
  it('plans a visit, records it done without a duplicate, and says so in French', () => {
    const visit = ['--period', 'PFMP 2', '--learner', 'accardo aline', '--date', '12/06/2025', '--mode', 'visite'];
    expect(run('visits', 'plan', ...visit).stdout).toBe("Visite d'Aline ACCARDO le 12 juin 2025 : prévue (M. Karim Benali).\n");
    expect(run('visits', 'plan', ...visit).stdout).toBe("Aucun changement : visite d'Aline ACCARDO le 12 juin 2025 était déjà prévue.\n");
    expect(run('visits', 'record', ...visit).stdout).toBe("Visite d'Aline ACCARDO le 12 juin 2025 : faite (M. Karim Benali).\n");
    expect(run('visits', 'plan', '--period', 'PFMP 2', '--learner', 'MA', '--date', '20/06/2025', '--mode', 'tél', '--who', 'Mme Roy').stdout).toBe(
      "Appel téléphonique d'Aldryk MA le 20 juin 2025 : prévu (Mme Roy).\n",
    );
    const list = cproJson<{ learners: Array<{ learner: { lastName: string }; visits: unknown[] }> }>(db, ['visits', 'list', '--period', 'PFMP 2']);
    expect(list.data.learners.find((l) => l.learner.lastName === 'ACCARDO')!.visits).toEqual([
      { date: '2025-06-12', mode: 'visite', done: true, who: 'M. Karim Benali' },
    ]);
    const status = run('liaison', 'status', '--period', 'PFMP 2').stdout;
    expect(status).toMatch(/ACCARDO Aline .* visite 12\/06\/2025 ✓/);
    expect(status).toMatch(/MA Aldryk .* téléphone 20\/06\/2025\n/);
  });

  it('refuses an unknown mode listing the possible ones, and a date outside the period', () => {
    const bad = run('visits', 'plan', '--period', 'PFMP 2', '--learner', 'MA', '--date', '20/06/2025', '--mode', 'fax');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('erreur : mode de visite inconnu « fax » (valeurs possibles : visite, telephone, visio)\n');
    const outside = run('visits', 'plan', '--period', 'PFMP 2', '--learner', 'MA', '--date', '20/07/2025', '--mode', 'visio');
    expect(outside.code).toBe(1);
    expect(outside.stderr).toBe('erreur : la date du 20/07/2025 est hors de la période « PFMP 2 » (du 02/06/2025 au 27/06/2025)\n');
  });

  it("prints the visits in the pré-convention's section 6 and on the grids' meeting line", async () => {
    run('visits', 'plan', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline', '--date', '12/06/2025', '--mode', 'visite');
    const r = run('print', 'tout', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline', '--format', 'pdf', '--out', 'docs');
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['Annexe PFMP 2 Aline ACCARDO.pdf', 'Bilan entreprise - PFMP 2 - Aline ACCARDO.pdf', 'Bilan attitudes - PFMP 2 - Aline ACCARDO.pdf']) {
      const text = (await pdfText(readFileSync(join(dir, 'docs', f)))).text.replace(/\s+/g, ' ');
      expect(text, f).toContain('visite le 12 juin 2025 (prévue, M. Karim Benali)');
    }
  });
});
