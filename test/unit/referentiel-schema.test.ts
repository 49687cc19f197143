// The référentiel schema: every shipped file is valid; problems name the field as it appears in the file.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { fieldPath, referentielProblems } from '../../src/importers/referentiel.js';
import { duplicateCodeProblems } from '../../src/domain/referentiel-codes.js';
import type { Referentiel } from '../../src/domain/referentiel.js';

const dir = join(TEMPLATES_DIR, 'referentiels');
const shipped = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));
const load = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Referentiel;
const mspc = () => load('bac-pro-mspc.json');

describe('shipped référentiels', () => {
  it('ships at least the Bac Pro MSPC draft', () => {
    expect(shipped).toContain('bac-pro-mspc.json');
    expect(mspc()).toMatchObject({ code: 'BACPRO-MSPC', draft: true });
  });
  it.each(shipped)('%s is valid against the schema, with unique codes', (f) => {
    expect(referentielProblems(load(f))).toEqual([]);
  });
  it('has the draft task codes of the CPRO grid', () => {
    const codes = mspc().blocks.flatMap((b) => b.tasks.map((t) => t.code));
    expect(codes).toEqual(expect.arrayContaining(['A1T1', 'A1T2', 'A1T3', 'A2T1', 'A2T2', 'A3T1', 'A3T2', 'A4T1']));
  });
});

describe('invalid référentiels', () => {
  it('names each bad field with its path', () => {
    const r = mspc() as unknown as Record<string, any>;
    delete r.blocks[1].tasks[0].code;
    r.blocks[0].title = '   ';
    r.competencies[0].details[1].titel = 'faute de frappe';
    r.attitudes = [];
    r.draft = 'oui';
    r.blocks[2].tasks[1].code = 'a3 t2';
    expect(referentielProblems(r)).toEqual([
      { path: 'draft', message: 'doit être un booléen (true ou false)' },
      { path: 'blocks[0].title', message: 'ne doit pas être vide' },
      { path: 'blocks[1].tasks[0].code', message: 'valeur obligatoire manquante' },
      { path: 'blocks[2].tasks[1].code', message: 'code invalide « a3 t2 » (majuscules, chiffres, « . », « _ » ou « - », sans espace)' },
      { path: 'competencies[0].details[1].titel', message: 'champ inconnu (vérifiez son orthographe)' },
      { path: 'attitudes', message: 'la liste ne doit pas être vide' },
    ]);
  });
  it('reports a missing top-level field and a wrong root type', () => {
    const r = mspc() as unknown as Record<string, unknown>;
    delete r.diploma;
    expect(referentielProblems(r)).toEqual([{ path: 'diploma', message: 'valeur obligatoire manquante' }]);
    expect(referentielProblems([])).toEqual([{ path: '(racine du fichier)', message: 'doit être un objet { … }' }]);
  });
  it('refuses duplicate codes, within their kind only', () => {
    const r = mspc();
    r.blocks[2].tasks[0].code = 'A1T2';
    r.competencies[1].code = 'C1.1.2';
    r.attitudes[1].code = 'A1T1'; // an attitude may share a task's code: different kinds
    expect(duplicateCodeProblems(r)).toEqual([
      { path: 'blocks[2].tasks[0].code', message: 'code de tâche « A1T2 » en double (déjà utilisé en blocks[0].tasks[1])' },
      { path: 'competencies[1].code', message: 'code de compétence « C1.1.2 » en double (déjà utilisé en competencies[0].details[1])' },
    ]);
  });
  it('prints JSON pointers as the user reads them', () => {
    expect(fieldPath('/blocks/1/tasks/0', 'code')).toBe('blocks[1].tasks[0].code');
    expect(fieldPath('', 'code')).toBe('code');
    expect(fieldPath('')).toBe('(racine du fichier)');
  });
});
