// Files saved from LibreOffice Calc: messages name the spreadsheet row and the learner, nothing is silently cut,
// and what the spreadsheet did to values (dropped leading zero, 2-digit years) is accepted with a warning.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpro, cproJson, tempDir } from '../helpers/cli.js';
import { ENGINE, noStoreLeftBehind } from '../helpers/engine.js';

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'cpro.db');
});
afterEach(() => cleanup());

const write = (name: string, content: string) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const HEADER = 'Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Date de naissance;Objectifs;Activités';
const row = (last: string, first: string, rest = ';;;A1T1') => `PFMP 1;Période 1;2MSPC1;9/11/26;4/12/2026;${last};${first};${rest}`;

interface Report {
  warnings: string[];
  errors: Array<{ line: number; row: number; learner: string; column?: string; message: string }>;
}

describe('a CSV saved from a spreadsheet', () => {
  it('names the spreadsheet row, the learner and the file line after a multi-line cell; an extra cell is an error', () => {
    const file = write('annexe.csv', [
      HEADER,
      row('ACCARDO', 'Aline', ';;"Découvrir\nl\'entreprise\net ses métiers";A1T1'),
      row("N'DIAYE", 'Moussa'),
      row('BA', 'Awa', ';;;ZZZ'),
      row('DUPONT', 'Yves', ';;Bon stage, sérieux ; doit oser;A1T1'),
    ].join('\n') + '\n');
    const r = cpro(['--db', db, 'import', 'annexe', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ligne 4 du tableur (ligne 6 du fichier), BA Awa, colonne « Activités » : code de tâche inconnu « ZZZ »');
    expect(r.stderr).toContain("ligne 5 du tableur (ligne 7 du fichier), DUPONT Yves : 1 cellule de plus que les 11 colonnes de l'en-tête");
    const j = cproJson<Report>(db, ['import', 'annexe', file]);
    expect(j.data.errors.map((e) => [e.line, e.row, e.learner])).toEqual([[6, 4, 'BA Awa'], [7, 5, 'DUPONT Yves']]);
    // Nothing stored: the refused import did not even leave a store behind, on either engine.
    expect(noStoreLeftBehind(db)).toBe(true);
    expect(cpro(['--db', db, 'periods', 'list']).stderr).toContain('magasin de données introuvable');
  });

  it('refuses a row shifted by an unquoted « ; » even when its last cell is empty', () => {
    expect(cpro(['--db', db, 'import', 'annexe', write('a.csv', [HEADER, row('ACCARDO', 'Aline')].join('\n'))]).code).toBe(0);
    const bp = write('bp.csv', 'Nom;Prénom;Points forts;Axes de progrès;Perspectives\nACCARDO;Aline;Bon stage, sérieux ; doit oser;;\n');
    const r = cpro(['--db', db, 'bilan-personnel', 'import', bp, '--period', 'PFMP 1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ligne 2, ACCARDO Aline : 1 cellule de plus que les 5 colonnes de l'en-tête : un « ; » dans une cellule non entourée de guillemets ?");
    // A file whose every row ends with a delimiter is fine.
    const trailing = write('bp2.csv', 'Nom;Prénom;Points forts;\nACCARDO;Aline;Rigueur;\n');
    expect(cpro(['--db', db, 'bilan-personnel', 'import', trailing, '--period', 'PFMP 1']).code).toBe(0);
  });

  it('accepts 2-digit years and d/m/yyyy dates, and a postcode without its leading zero, saying how they were read', () => {
    const annex = write('annexe.csv', [HEADER, row('ACCARDO', 'Aline', ';14/03/10;;A1T1'), row("N'DIAYE", 'Moussa')].join('\r\n'));
    const a = cproJson<Report>(db, ['import', 'annexe', annex]);
    expect(a.code).toBe(0);
    expect(a.data.warnings).toEqual([
      'ligne 2, ACCARDO Aline, colonne « Date de début » : « 9/11/26 » lu comme le 09/11/2026',
      'ligne 2, ACCARDO Aline, colonne « Date de fin » : « 4/12/2026 » lu comme le 04/12/2026',
      'ligne 2, ACCARDO Aline, colonne « Date de naissance » : « 14/03/10 » lu comme le 14/03/2010',
    ]);
    const periods = cproJson<Array<{ start: string; end: string }>>(db, ['periods', 'list']).data;
    expect(periods[0]).toMatchObject({ start: '2026-11-09', end: '2026-12-04' });

    const liaison = write('liaison.csv', 'Période;Nom;Prénom;Raison sociale;Code postal\nPFMP 1;ndiaye;moussa;Garage Bresse;1000\n');
    const l = cproJson<Report>(db, ['liaison', 'import', liaison]);
    expect(l.code).toBe(0);
    expect(l.data.warnings).toEqual(['ligne 2, ndiaye moussa, colonne « Code postal » : code postal « 1000 » lu comme « 01000 » (zéro initial retiré par le tableur)']);
    const show = cpro(['--db', db, 'liaison', 'show', '--period', 'PFMP 1', '--learner', 'ndiaye']);
    expect(show.stdout).toContain('01000');
  });
});
