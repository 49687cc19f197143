// Limits and control characters through the built CLI (issue 19): oversized values and files, non-regular files,
// deep YAML, control characters in imports and setters, and escape sequences from the store kept off the terminal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, ftruncateSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpro, tempDir, FIXTURES, ROOT } from '../helpers/cli.js';
import { sqlRow, sqlRun, storeExists } from '../helpers/engine.js';

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('cpro-limits-'));
  db = join(dir, 'cpro.db');
});
afterEach(() => cleanup());

const run = (...args: string[]) => cpro(['--db', db, ...args], { cwd: dir });
const HEADER = 'Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Date de naissance;Objectifs;Activités';
const row = (lastName: string, firstName = 'Léa') => `PFMP 1;Période 1;2A;13/01/2025;07/02/2025;${lastName};${firstName};;;;`;
const write = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
/** Learners in the store; a refused first import leaves no store at all, which holds none. */
const learnerCount = () => {
  if (!storeExists(db)) return 0;
  return sqlRow<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM learners')!.n;
};

describe('imports', () => {
  it('refuses a 10 MB name with its row, its column and the limit, and stores nothing', () => {
    const file = write('gros.csv', [HEADER, row('DUPONT'), row('A'.repeat(10_000_000))].join('\n'));
    const r = run('import', 'annexe', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'erreur : ligne 3, colonne « Nom » : texte trop long (10000000 caractères, 100 au plus)\n' +
        "erreur : 1 erreur : rien n'a été enregistré.\n",
    );
    expect(learnerCount()).toBe(0);
  });

  it('refuses an escape sequence in a name, with row and column', () => {
    const file = write('esc.csv', [HEADER, row('DUPONT'), row('MARTIN\x1b[2J', 'Zoé')].join('\n'));
    const r = run('import', 'annexe', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('erreur : ligne 3, colonne « Nom » : caractère de contrôle interdit U+001B (échappement) en position 7\n');
    expect(r.stderr).not.toContain('\x1b');
  });

  it('refuses a NUL after the first 4 KB of a UTF-16 file', () => {
    const text = [HEADER, ...Array.from({ length: 200 }, (_, i) => row(`NOM${i}`)), row('NUL\u0000X')].join('\r\n');
    const file = write('nul.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const r = run('import', 'annexe', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("erreur : nul.csv : fichier binaire, ce n'est pas un export CSV.\n");
    expect(learnerCount()).toBe(0);
  });

  it('refuses /dev/zero, a FIFO and a file over the size limit at once, before reading', () => {
    const zero = run('import', 'annexe', '/dev/zero');
    expect(zero.code).toBe(1);
    expect(zero.stderr).toBe("erreur : /dev/zero n'est pas un fichier ordinaire (périphérique, tube…) : ce n'est pas un export CSV.\n");
    const fifo = join(dir, 'tube.csv');
    execFileSync('mkfifo', [fifo]);
    const f = run('import', 'annexe', fifo); // would block forever if the FIFO were opened
    expect(f.code).toBe(1);
    expect(f.stderr).toContain("n'est pas un fichier ordinaire");
    const huge = join(dir, 'enorme.csv');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, 25 * 1024 * 1024); // sparse: nothing written
    closeSync(fd);
    const h = run('import', 'annexe', huge);
    expect(h.code).toBe(1);
    expect(h.stderr).toBe("erreur : enorme.csv : fichier trop gros (25 Mo, 20 Mo au plus) : ce n'est pas un export CSV attendu.\n");
  });

  it('refuses a référentiel with a control character, naming the field', () => {
    const ref = JSON.parse(readFileSync(join(ROOT, 'templates', 'referentiels', 'bac-pro-mspc.json'), 'utf8'));
    ref.blocks[0].tasks[0].title += '\x1b[2J';
    const r = run('referentiel', 'import', write('ref.json', JSON.stringify(ref)));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ref.json : blocks[0].tasks[0].title : caractère de contrôle interdit U+001B (échappement)');
  });

  it('refuses a deeply nested portfolio YAML before parsing it', () => {
    expect(run('import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')).code).toBe(0);
    const deep = write('profond.yaml', 'apprenant: ' + '['.repeat(900_000) + ']'.repeat(900_000) + '\n');
    const r = run('portfolio', 'import', deep, '--period', 'PFMP 2');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "profond.yaml, ligne 1 : imbrication trop profonde (plus de 16 niveaux de listes ou de clés) : ce n'est pas un portfolio",
    );
  });
});

describe('setters', () => {
  beforeEach(() => expect(run('import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')).code).toBe(0));

  it('liaison set refuses control characters in a value', () => {
    const r = run('liaison', 'set', '--period', 'PFMP 1', '--learner', 'ACCARDO Aline', 'entreprise.nom=Garage\x1b]0;titre\x07');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('caractère de contrôle interdit U+001B (échappement) en position 7');
    expect(r.stderr).not.toContain('\x1b');
  });

  it('liaison --objectives-file refuses a non-regular file and an objective with a control character', () => {
    const dev = run('liaison', 'set', '--period', 'PFMP 1', '--learner', 'ACCARDO Aline', '--objectives-file', '/dev/zero');
    expect(dev.code).toBe(1);
    expect(dev.stderr).toContain("/dev/zero n'est pas un fichier ordinaire");
    const file = write('objectifs.txt', 'Observer\nRanger\x1b[8m caché\n');
    const r = run('liaison', 'set', '--period', 'PFMP 1', '--learner', 'ACCARDO Aline', '--objectives-file', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('objectif 2 : caractère de contrôle interdit U+001B (échappement)');
  });

  it('config set refuses control characters', () => {
    const r = run('config', 'set', 'etablissement.nom', 'Lycée\x1b[2J');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('etablissement.nom : caractère de contrôle interdit U+001B');
  });
});

describe('terminal output', () => {
  it('never writes raw escape sequences that an older store holds', () => {
    expect(run('import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')).code).toBe(0);
    sqlRun(db, "UPDATE learners SET last_name = ? WHERE ine = '110480123AA'", ['EVIL\x1b]0;pwned\x07\x1b[2J']);
    const r = run('learners', 'list', '--period', 'PFMP 1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('EVIL\ufffd]0;pwned\ufffd\ufffd[2J');
    expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    const json = run('learners', 'list', '--period', 'PFMP 1', '--json');
    expect(json.stdout).toContain('EVIL\\u001b]0;pwned\\u0007\\u001b[2J');
  });
});
