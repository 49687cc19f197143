// `cpro referentiel list|show|import|use` through the built CLI: drafts marked, invalid files refused whole.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpro, cproJson, tempDir, FIXTURES, ROOT } from '../helpers/cli.js';

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'cpro.db');
  // A store as a teacher has it once set up (read commands refuse a store that does not exist).
  expect(cpro(['--db', db, 'config', 'set', 'etablissement.nom', 'Lycée Jean Moulin', '--quiet']).code).toBe(0);
});
afterEach(() => cleanup());

const shipped = () => JSON.parse(readFileSync(join(ROOT, 'templates', 'referentiels', 'bac-pro-mspc.json'), 'utf8'));
const writeJson = (name: string, data: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
  return p;
};
const run = (...args: string[]) => cpro(['--db', db, ...args]);

interface Summary {
  code: string;
  draft: boolean;
  source: string;
  active: boolean;
  tasks: number;
}

describe('cpro referentiel list and show', () => {
  it('lists the shipped draft, clearly marked, in text and JSON', () => {
    const r = run('referentiel', 'list');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\*\s+BACPRO-MSPC\s+Baccalauréat professionnel Maintenance des systèmes de production connectés\s+BROUILLON\s+9\s+7\s+10\s+fourni\s+0/);
    expect(r.stdout).toContain(
      'BROUILLON : codes et intitulés non vérifiés avec le texte officiel ; remplacez-le par « cpro referentiel import <fichier.json> ».',
    );
    const j = cproJson<Summary[]>(db, ['referentiel', 'list']);
    expect(j.data).toEqual([
      {
        code: 'BACPRO-MSPC',
        diploma: 'Baccalauréat professionnel Maintenance des systèmes de production connectés',
        draft: true,
        source: 'fourni',
        active: true,
        blocks: 4,
        tasks: 9,
        competencies: 7,
        attitudes: 10,
        periods: 0,
      },
    ]);
  });

  it('shows blocks, tasks, competencies with their details, attitudes, and the draft warning', () => {
    const r = run('referentiel', 'show', 'bacpro-mspc');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('BACPRO-MSPC — Baccalauréat professionnel Maintenance des systèmes de production connectés');
    expect(lines[1]).toMatch(/^BROUILLON : codes et intitulés reconstitués d'après la grille CPRO/);
    expect(r.stdout).toContain('  A1  Préparation de l\'intervention\n      A1T1  Prendre connaissance');
    expect(r.stdout).toContain('  C1.1  Analyser le fonctionnement d\'un système de production\n        C1.1.1  Identifier les fonctions');
    expect(r.stdout).toContain('Attitudes professionnelles (10) :\n  AT1   Assiduité et ponctualité');
    const j = cproJson<{ draft: boolean; draftNote: string; content: { blocks: unknown[] } }>(db, ['referentiel', 'show', 'BACPRO-MSPC']);
    expect(j.data.draft).toBe(true);
    expect(j.data.content.blocks).toHaveLength(4);
  });

  it('says which référentiels exist when the code is unknown', () => {
    const r = run('referentiel', 'show', 'CAP-XYZ');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('erreur : référentiel inconnu : « CAP-XYZ » (voir « cpro referentiel list »)\n');
  });
});

describe('cpro referentiel import', () => {
  it('refuses an invalid file naming every bad field, and stores nothing', () => {
    const bad = shipped();
    bad.code = 'CAP-TEST';
    delete bad.blocks[1].tasks[0].code;
    bad.blocks[2].tasks[0].code = 'A1T1';
    bad.competencies[0].titel = 'x';
    const file = writeJson('bad.json', bad);
    const r = run('referentiel', 'import', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        `erreur : ${file} : blocks[1].tasks[0].code : valeur obligatoire manquante`,
        `erreur : ${file} : competencies[0].titel : champ inconnu (vérifiez son orthographe)`,
        `erreur : ${file} : blocks[2].tasks[0].code : code de tâche « A1T1 » en double (déjà utilisé en blocks[0].tasks[0])`,
        "erreur : référentiel invalide (3 erreurs) : rien n'a été enregistré.",
        '',
      ].join('\n'),
    );
    expect(cproJson<Summary[]>(db, ['referentiel', 'list']).data.map((s) => s.code)).toEqual(['BACPRO-MSPC']);
  });

  it('refuses a file that is not JSON, saying where', () => {
    const file = writeJson('broken.json', '{\n  "code": "X",\n}\n');
    const r = run('referentiel', 'import', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^erreur : .*broken\.json, ligne 3, colonne 1 : JSON invalide \(.*\) ; rien n'a été enregistré\.\n$/);
    expect(run('referentiel', 'import', join(dir, 'absent.json')).stderr).toBe(
      `erreur : fichier introuvable ou illisible : ${join(dir, 'absent.json')}\n`,
    );
  });

  it('imports, is idempotent, replaces the shipped draft, and new periods use the chosen one', () => {
    const own = shipped();
    own.code = 'CAP-TEST';
    own.diploma = 'CAP de test';
    own.draft = false;
    delete own.draftNote;
    own.blocks[0].tasks.push({ code: 'A1T9', title: 'Tâche propre au CAP' });
    const file = writeJson('cap.json', own);

    const dry = run('referentiel', 'import', file, '--dry-run');
    expect(dry.stdout).toBe("Simulation (--dry-run) : rien n'a été écrit. Le fichier est valide ; le référentiel « CAP-TEST » (CAP de test) serait ajouté.\n");
    expect(cproJson<Summary[]>(db, ['referentiel', 'list']).data).toHaveLength(1);

    const first = run('referentiel', 'import', file);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('Importé : le référentiel « CAP-TEST » (CAP de test).\n');
    expect(first.stderr).toBe('Pour créer les prochaines périodes avec ce référentiel : cpro referentiel use CAP-TEST\n');
    expect(run('referentiel', 'import', file).stdout).toBe('Aucun changement : le référentiel « CAP-TEST » (CAP de test) était déjà à jour.\n');

    // A validated version of the shipped draft replaces it in this store.
    const validated = shipped();
    validated.draft = false;
    delete validated.draftNote;
    const v = run('referentiel', 'import', writeJson('mspc.json', validated));
    expect(v.stdout).toBe(
      'Importé : le référentiel « BACPRO-MSPC » (Baccalauréat professionnel Maintenance des systèmes de production connectés). ' +
        'Il remplace, dans ce magasin, la version fournie avec cprosync.\n',
    );
    const list = cproJson<Summary[]>(db, ['referentiel', 'list']).data;
    expect(list.map((s) => [s.code, s.draft, s.source, s.active])).toEqual([
      ['BACPRO-MSPC', false, 'importé', true],
      ['CAP-TEST', false, 'importé', false],
    ]);

    expect(run('referentiel', 'use', 'cap-test').stdout).toBe(
      'Référentiel actif : CAP-TEST (CAP de test). Les prochaines périodes importées l\'utiliseront.\n',
    );
    expect(run('referentiel', 'use', 'CAP-TEST').stdout).toBe('Le référentiel CAP-TEST était déjà le référentiel actif.\n');
    expect(run('import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')).code).toBe(0);
    const period = cproJson<{ referentiel: string }>(db, ['periods', 'show', 'PFMP 1']).data;
    expect(period.referentiel).toBe('CAP-TEST');
    // Its own task code is now accepted on the liaison sheets of that period.
    const set = run('liaison', 'set', '--period', 'PFMP 1', '--learner', 'ACCARDO Aline', '--add-task', 'A1T9');
    expect(set.code).toBe(0);
    expect(set.stdout).toBe("Fiche de liaison d'Aline ACCARDO (PFMP 1) mise à jour : tâches (individualisées).\n");
  });
});
