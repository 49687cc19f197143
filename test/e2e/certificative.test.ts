// The E33 certificative grid through the built CLI: exported as a template, filled, imported, exported again
// identical, refused outside the scale, locked by a later bilan intermédiaire, printed and read back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpro, cproJson, tempDir } from '../helpers/cli.js';
import { flat, pdfText } from '../documents/readback.js';

let dir: string;
let db: string;
let cleanup: () => void;
const run = (...args: string[]) => cpro(['--db', db, ...args], { cwd: dir });
const write = (name: string, content: string) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'cpro.db');
  const annex =
    'Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Date de naissance;Statut\n' +
    'E33 TMSPC;E33;TMSPC;05/01/2026;30/01/2026;DURAND;Léa;120000001AA;01/01/2007;Scolaire\n' +
    'E33 TMSPC;E33;TMSPC;05/01/2026;30/01/2026;PETIT;Noé;120000002BB;01/01/2007;Scolaire\n';
  expect(run('import', 'annexe', write('annexe.csv', annex)).code).toBe(0);
  for (const who of ['DURAND Léa', 'PETIT Noé']) {
    expect(run('liaison', 'set', '--period', 'E33 TMSPC', '--learner', who, 'entreprise.nom=Usinage Martin').code).toBe(0);
  }
});
afterEach(() => cleanup());

describe('E33 certificative grid', () => {
  it('round-trips through cpro eval export and import, refuses an answer outside the scale, and locks', () => {
    const template = join(dir, 'e33.csv');
    const exp = run('eval', 'export', template, '--period', 'E33 TMSPC', '--type', 'E33');
    expect(exp.code, exp.stderr).toBe(0);
    const header = 'INE;Nom;Prénom;E33.1;E33.2;E33.3;E33.4;E33.5;E33.6;Date de rencontre;Commentaire';
    // Each criterion's code is followed by its title (issue 18: labels beside the codes); the import takes both.
    const [exportedHeader, ...rows] = readFileSync(template, 'utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(exportedHeader.split(';').map((c) => c.split(' ')[0])).toEqual(header.split(';').map((c) => c.split(' ')[0]));
    expect(exportedHeader).toContain(';E33.2 Le diagnostic est conduit avec méthode et la cause identifiée;');
    expect(rows).toEqual(['120000001AA;DURAND;Léa;;;;;;;;', '120000002BB;PETIT;Noé;;;;;;;;', '']);

    const filled = `${header}\n120000001AA;DURAND;Léa;4;3;3;4;2;NE;29/01/2026;Bon diagnostic\n120000002BB;PETIT;Noé;;;;;;;;\n`;
    const imp = run('eval', 'import', write('filled.csv', filled), '--period', 'E33 TMSPC');
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toBe(
      'Import des grilles certificatives E33 de « E33 TMSPC » (TMSPC) terminé :\n  1 créée, 0 mise à jour, 0 inchangée, 1 ligne vide ignorée\n' +
        '  DURAND Léa (ligne 2) : nouvelle grille\n',
    );
    expect(run('eval', 'import', write('filled.csv', filled), '--period', 'E33 TMSPC').stdout).toContain('étaient déjà à jour');

    const again = join(dir, 'again.csv');
    expect(run('eval', 'export', again, '--period', 'E33 TMSPC', '--type', 'E33').code).toBe(0);
    expect(readFileSync(again, 'utf8')).toContain('120000001AA;DURAND;Léa;4;3;3;4;2;NE;29/01/2026;Bon diagnostic\r\n');
    expect(run('eval', 'import', again, '--period', 'E33 TMSPC').stdout).toContain('étaient déjà à jour');

    const shown = cproJson<{ sections: Array<{ type: string; evaluation: { levels: Record<string, string> } | null }> }>(db, [
      'eval', 'show', '--period', 'E33 TMSPC', '--learner', 'DURAND Léa',
    ]).data;
    expect(shown.sections.map((s) => s.type)).toEqual(['entreprise', 'attitudes', 'E33']);
    expect(shown.sections[2].evaluation!.levels).toEqual({ 'E33.1': '4', 'E33.2': '3', 'E33.3': '3', 'E33.4': '4', 'E33.5': '2', 'E33.6': 'NE' });

    const bad = run('eval', 'import', write('bad.csv', filled.replace(';2;NE;', ';0;NE;')), '--period', 'E33 TMSPC');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("ligne 2, DURAND Léa : réponse « 0 » hors de l'échelle de l'épreuve E33 pour E33.5");
    const wrong = run('eval', 'export', join(dir, 'x.csv'), '--period', 'E33 TMSPC', '--type', 'E31');
    expect([wrong.code, wrong.stderr]).toEqual([1, "erreur : « E33 TMSPC » (TMSPC) n'est pas une période E31 : pas de grille certificative E31\n"]);

    expect(run('bilans-intermediaires', 'add', '--class', 'TMSPC', '--date', '10/02/2026').code).toBe(0);
    const locked = run('eval', 'import', write('late.csv', filled.replace(';2;NE;', ';3;NE;')), '--period', 'E33 TMSPC');
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('la grille certificative E33 est verrouillée : sa date de rencontre (29/01/2026) est antérieure');
  });

  it('is shown with the référentiel, marked draft', () => {
    const r = run('referentiel', 'show', 'BACPRO-MSPC');
    expect(r.stdout).toContain('Grille certificative E33 — Intervention de maintenance corrective et amélioration en milieu professionnel (brouillon) :');
    expect(r.stdout).toContain('  E33.2  Le diagnostic est conduit avec méthode et la cause identifiée\n');
    expect(r.stdout).toContain('  Échelle : 4 Très satisfaisant ; 3 Satisfaisant ; 2 Insuffisant ; 1 Très insuffisant ; NE Non évalué');
  });

  it('prints the filled grid for the E33 period, answers marked', async () => {
    const filled = 'Nom;Prénom;E33.1;E33.2;Commentaire\nDURAND;Léa;4;NE;Très bonne autonomie\n';
    expect(run('eval', 'import', write('f.csv', filled), '--period', 'E33 TMSPC').code).toBe(0);
    const r = run('print', 'grilles', '--period', 'E33 TMSPC', '--format', 'pdf');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('Non produit');
    expect(r.stdout).toContain('Grille certificative - E33 TMSPC - Noé PETIT.pdf');
    const text = flat((await pdfText(readFileSync(join(dir, 'documents', 'E33 TMSPC', 'Grille certificative - E33 TMSPC - Léa DURAND.pdf')))).text);
    expect(text).toContain('Grille certificative E33');
    expect(text).toContain('Très bonne autonomie');
    expect(text).toMatch(/E33\.1 Le dysfonctionnement est constaté et ses symptômes décrits X/);
    expect(text).toMatch(/E33\.2 Le diagnostic est conduit avec méthode et la cause identifiée X/);
    expect(text).toContain('Date de l\'évaluation 30 janvier 2026');
  });
});
