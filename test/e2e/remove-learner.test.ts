// `cpro periods remove-learner`: what goes is listed, confirmation or --yes, refused when the period is locked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, cpro, cproJson, tempDir } from '../helpers/cli.js';

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'cpro.db');
  expect(cpro(['--db', db, 'import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')]).code).toBe(0);
  expect(cpro(['--db', db, 'liaison', 'import', join(FIXTURES, 'liaison-pfmp2.csv')]).code).toBe(0);
  expect(cpro(['--db', db, 'eval', 'import', join(FIXTURES, 'bilans-entreprise-pfmp2.csv'), '--period', 'PFMP 2']).code).toBe(0);
});
afterEach(() => cleanup());
const run = (...args: string[]) => cpro(['--db', db, ...args]);
const learnersOf = (period: string) =>
  cproJson<{ learners: Array<{ lastName: string }> }>(db, ['periods', 'show', period]).data.learners.map((l) => l.lastName);

describe('cpro periods remove-learner', () => {
  it('lists what goes and refuses without a terminal nor --yes; with --yes removes the learner from that period only', () => {
    const refused = run('periods', 'remove-learner', 'PFMP 2', 'accardo aline');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'Retirer ACCARDO Aline de la période « PFMP 2 » (2MSPC1) effacera définitivement :\n' +
        '  - 1 fiche de liaison entreprise (renseignée ou individualisée)\n' +
        '  - 1 bilan (entreprise ou attitudes professionnelles)\n' +
        'erreur : retrait non confirmé : sans terminal interactif, ajoutez --yes pour confirmer\n',
    );
    expect(learnersOf('PFMP 2')).toContain('ACCARDO');
    const done = run('periods', 'remove-learner', 'PFMP 2', 'accardo aline', '--yes');
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toBe("ACCARDO Aline retiré(e) de la période « PFMP 2 » (2MSPC1) ; l'apprenant reste enregistré.\n");
    expect(learnersOf('PFMP 2')).not.toContain('ACCARDO');
    expect(learnersOf('PFMP 1')).toContain('ACCARDO');
  });

  it('is refused when the period is locked by a bilan intermédiaire', () => {
    expect(run('bilans-intermediaires', 'add', '--class', '2MSPC1', '--date', '01/09/2025').code).toBe(0);
    const r = run('periods', 'remove-learner', 'PFMP 2', 'ACCARDO Aline', '--yes');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^erreur : retrait d'un apprenant impossible : /);
    expect(learnersOf('PFMP 2')).toContain('ACCARDO');
  });
});
