// The annex import through the built CLI: encodings, delimiters, idempotence, errors, atomicity, --json.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpro, cproJson, tempDir, FIXTURES, ROOT } from '../helpers/cli.js';
import { missingStoreError, noStoreLeftBehind, recordSchemaVersion, recordedSchemaVersion, storeExists, storeSnapshot } from '../helpers/engine.js';

interface Report {
  periods: { created: number; updated: number; unchanged: number };
  learners: { created: number; updated: number; unchanged: number };
  assignments: { created: number; updated: number; unchanged: number };
  warnings: string[];
  errors: Array<{ line: number; column: string; message: string }>;
}

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'cpro.db');
});
afterEach(() => cleanup());

const fixture = (f: string) => join(FIXTURES, f);
const write = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const HEADER = 'Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Date de naissance;Objectifs;Activités';

describe('cpro import annexe', () => {
  it('imports the three fixture exports (UTF-8 BOM ;, UTF-16LE tab, Windows-1252 ,) with exact counts', () => {
    const a = cproJson<Report>(db, ['import', 'annexe', fixture('annexe-2mspc1.csv')]);
    expect(a.code).toBe(0);
    expect(a.data.periods).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(a.data.learners).toEqual({ created: 8, updated: 0, unchanged: 0 });
    expect(a.data.assignments).toEqual({ created: 16, updated: 0, unchanged: 0 });

    const b = cproJson<Report>(db, ['import', 'annexe', fixture('annexe-1mspc-pronote.txt')]);
    expect(b.code).toBe(0);
    expect(b.data.periods.created).toBe(2);
    expect(b.data.learners.created).toBe(6);
    expect(b.data.warnings).toEqual(['colonne inconnue ignorée : « Professeur référent »']);

    const c = cproJson<Report>(db, ['import', 'annexe', fixture('annexe-tmspc-windows1252.csv')]);
    expect(c.code).toBe(0);
    expect(c.data.learners.created).toBe(4);

    const periods = cproJson<Array<Record<string, unknown>>>(db, ['periods', 'list']).data;
    expect(periods.map((p) => [p.name, p.class, p.kind, p.learners])).toEqual([
      ['PFMP 1', '2MSPC1', 'Période 1', 8],
      ['PFMP 2', '2MSPC1', 'Période 2', 8],
      ['PFMP 3', '1MSPC', 'Autre', 6],
      ['Stage E31', '1MSPC', 'E31', 6],
      ['PFMP E33', 'TMSPC', 'E33', 4],
    ]);
    expect(periods[1]).toMatchObject({ start: '2025-06-02', end: '2025-06-27', bilanDate: '2025-06-27' });

    const learners = cproJson<Array<Record<string, unknown>>>(db, ['learners', 'list', '--class', 'TMSPC']).data;
    expect(learners.map((l) => `${l.lastName} ${l.firstName}`)).toContain('ŒUVRAY Noël');
    expect(learners.map((l) => `${l.lastName} ${l.firstName}`)).toContain('GARÇON Ève');
    const viet = cproJson<Array<Record<string, unknown>>>(db, ['learners', 'list', '--period', 'Stage E31']).data;
    expect(viet.find((l) => l.lastName === 'TRẦN')).toMatchObject({ firstName: 'Văn Đức', status: 'Apprenti', birthDate: '2008-01-01' });
  });

  it('reports no change on a second import, in text and in JSON', () => {
    expect(cpro(['--db', db, 'import', 'annexe', fixture('annexe-2mspc1.csv')]).code).toBe(0);
    const again = cpro(['--db', db, 'import', 'annexe', fixture('annexe-2mspc1.csv')]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Aucun changement : le magasin était déjà à jour.');
    const json = cproJson<Report>(db, ['import', 'annexe', fixture('annexe-2mspc1.csv')]);
    expect(json.data).toEqual({
      periods: { created: 0, updated: 0, unchanged: 2 },
      learners: { created: 0, updated: 0, unchanged: 8 },
      assignments: { created: 0, updated: 0, unchanged: 16 },
      warnings: [],
      errors: [],
    });
  });

  it('individualises the sheet of a learner whose objectives or tasks differ from the first row', () => {
    cpro(['--db', db, 'import', 'annexe', fixture('annexe-2mspc1.csv')]);
    const show = cproJson<{ learners: Array<{ lastName: string; individualised: boolean }>; tasks: Array<{ code: string }> }>(
      db, ['periods', 'show', 'PFMP 2'],
    ).data;
    expect(show.tasks.map((t) => t.code)).toEqual(['A1T1', 'A1T2', 'A2T1', 'A2T2']);
    expect(show.learners.filter((l) => l.individualised).map((l) => l.lastName)).toEqual(['JEAN-FRANÇOIS']);
  });

  it('updates changed values and reports a learner missing from a re-import without deleting it', () => {
    const first = write('a.csv', [
      HEADER,
      'PFMP 1;Période 1;2A;13/01/2025;07/02/2025;Martin;Léa;;01/02/2009;Observer;A1T1',
      'PFMP 1;Période 1;2A;13/01/2025;07/02/2025;Durand;Paul;;02/03/2009;Observer;A1T1',
    ].join('\n'));
    expect(cpro(['--db', db, 'import', 'annexe', first]).code).toBe(0);
    const second = write('b.csv', [
      HEADER,
      'PFMP 1;Période 1;2A;13/01/2025;14/02/2025;Martin;Léa;;01/02/2009;Observer;A1T1|A1T2',
    ].join('\n'));
    const r = cproJson<Report>(db, ['import', 'annexe', second]);
    expect(r.code).toBe(0);
    expect(r.data.periods).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(r.data.learners).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(r.data.warnings).toEqual(['Paul Durand est affecté(e) à « PFMP 1 » (2A) mais absent(e) du fichier : conservé(e)']);
    const period = cproJson<{ end: string; learners: unknown[]; tasks: Array<{ code: string }> }>(db, ['periods', 'show', 'PFMP 1']).data;
    expect(period.end).toBe('2025-02-14');
    expect(period.learners).toHaveLength(2);
    expect(period.tasks.map((t) => t.code)).toEqual(['A1T1', 'A1T2']);
  });

  it('refuses a re-import that would lock a period, and a bilan date before the start', () => {
    const at = (bilan: string, start = '01/06/2025', end = '30/06/2025') =>
      write(`p-${bilan.replace(/\//g, '')}.csv`, `Période;Type;Classe;Début;Fin;Nom;Prénom;Date des bilans\nPFMP 4;Période 2;1M;${start};${end};X;Y;${bilan}\n`);
    expect(cpro(['--db', db, 'import', 'annexe', at('01/07/2025')]).code).toBe(0);
    expect(cpro(['--db', db, 'bilans-intermediaires', 'add', '--class', '1M', '--date', '01/05/2025']).code).toBe(0);
    const r = cproJson<Report>(db, ['import', 'annexe', at('30/03/2025', '01/03/2025', '30/03/2025')]);
    expect(r.code).toBe(1);
    expect(r.data.errors).toEqual([{
      line: 2,
      row: 2,
      learner: 'X Y',
      column: 'Date des bilans',
      message: 'la nouvelle date des bilans (30/03/2025) serait antérieure au dernier bilan intermédiaire de compétences de la classe (01/05/2025) : la période deviendrait verrouillée',
    }]);
    expect(cproJson<Array<{ bilanDate: string }>>(db, ['periods', 'list']).data[0].bilanDate).toBe('2025-07-01');
    const early = cproJson<Report>(db, ['import', 'annexe', at('01/01/2025')]);
    expect(early.data.errors.map((e) => [e.column, e.message])).toContainEqual(
      ['Date des bilans', 'la date des bilans (01/01/2025) précède la date de début (01/06/2025)'],
    );
  });

  it('reports every bad line with its line number and column, and writes nothing', () => {
    const bad = write('bad.csv', [
      HEADER,
      'PFMP 1;Période 1;2A;13/01/2025;07/02/2025;Martin;Léa;;01/02/2009;"Observer',
      'les machines";A1T1',
      'PFMP 1;Période 9;2A;31/02/2025;07/02/2025;Durand;Paul;;;;A1T1',
      '',
      'PFMP 1;Période 1;2A;13/01/2025;07/02/2025;;Jean;;;;A9T9',
    ].join('\r\n'));
    const r = cproJson<Report>(db, ['import', 'annexe', bad]);
    expect(r.code).toBe(1);
    expect(r.data.errors).toEqual([
      { line: 4, row: 3, learner: 'Durand Paul', column: 'Type', message: 'type de période inconnu « Période 9 » (valeurs possibles : Période 1, Période 2, Autre, E31, E33)' },
      { line: 4, row: 3, learner: 'Durand Paul', column: 'Date de début', message: 'date invalide « 31/02/2025 » (formats acceptés : jj/mm/aaaa ou aaaa-mm-jj)' },
      { line: 6, row: 5, learner: 'Jean', column: 'Nom', message: 'valeur obligatoire manquante' },
      { line: 6, row: 5, learner: 'Jean', column: 'Activités', message: 'code de tâche inconnu « A9T9 » (référentiel BACPRO-MSPC)' },
    ]);
    const text = cpro(['--db', db, 'import', 'annexe', bad]);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('erreur : ligne 5 du tableur (ligne 6 du fichier), Jean, colonne « Activités » : code de tâche inconnu « A9T9 »');
    expect(text.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(noStoreLeftBehind(db), 'no store left behind').toBe(true);
  });

  it('leaves an existing store untouched when a file has errors', () => {
    cpro(['--db', db, 'import', 'annexe', fixture('annexe-2mspc1.csv')]);
    const before = storeSnapshot(db);
    const bad = write('bad.csv', `${HEADER}\nPFMP 9;Période 2;2MSPC1;01/09/2025;30/09/2025;Neuf;Anne;;;;A1T1\nPFMP 9;Période 2;2MSPC1;01/09/2025;30/09/2025;Vieux;Jean;;;;ZZZ`);
    expect(cpro(['--db', db, 'import', 'annexe', bad]).code).toBe(1);
    expect(cproJson<unknown[]>(db, ['periods', 'list']).data).toHaveLength(2);
    expect(cproJson<unknown[]>(db, ['learners', 'list']).data).toHaveLength(8);
    expect(storeSnapshot(db)).toBe(before);
  });

  it('says what a --dry-run would do and writes nothing', () => {
    const r = cproJson<Report>(db, ['import', 'annexe', fixture('annexe-2mspc1.csv'), '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.data.periods.created).toBe(2);
    expect(storeExists(db), 'no store left behind').toBe(false);
    expect(cpro(['--db', db, 'import', 'annexe', fixture('annexe-2mspc1.csv'), '--dry-run']).stdout).toContain('Simulation (--dry-run)');
  });

  it('refuses missing, empty, header-only and binary files and a missing required column, with exit 1', () => {
    const cases: Array<[string, string]> = [
      [join(dir, 'absent.csv'), 'fichier introuvable ou illisible'],
      [write('empty.csv', ''), 'le fichier est vide'],
      [write('header.csv', HEADER + '\r\n\r\n'), "ne contient que la ligne d'en-tête"],
      [write('bin.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0x10])), 'fichier binaire'],
      [write('nocol.csv', 'Période;Type;Classe;Début;Nom;Prénom\nP;Autre;2A;01/01/2025;X;Y'), 'colonne obligatoire absente : « Date de fin »'],
    ];
    for (const [file, message] of cases) {
      const r = cpro(['--db', db, 'import', 'annexe', file]);
      expect(r.code, file).toBe(1);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
    }
    expect(noStoreLeftBehind(db), 'no store left behind').toBe(true);
  });

  it('matches columns ignoring case, accents and punctuation, accepts every date form and forced options', () => {
    const f = write('x.csv', 'PERIODE,type_de_periode,CLASSE,date_debut,DATE FIN,nom,prenom,date_naissance,taches,Email,Statut\n' +
      'Stage,autre,2B,3/2/2025,2025-02-28,Lopez,Iñès,7/9/2009,a1t1 | a2t1,INES@EXAMPLE.FR,apprentie\n');
    const r = cproJson<Report>(db, ['import', f]);
    expect(r.code).toBe(0);
    expect(r.data.learners.created).toBe(1);
    const l = cproJson<Array<Record<string, unknown>>>(db, ['learners', 'list']).data[0];
    expect(l).toMatchObject({ firstName: 'Iñès', birthDate: '2009-09-07', status: 'Apprenti' });
    const p = cproJson<Array<Record<string, unknown>>>(db, ['periods', 'list']).data[0];
    expect(p).toMatchObject({ kind: 'Autre', start: '2025-02-03', end: '2025-02-28' });

    const latin = write('latin.csv', Buffer.from('Période;Type;Classe;Début;Fin;Nom;Prénom\nP2;Période 2;2C;01/03/2025;28/03/2025;Lefèvre;Zoé\n', 'latin1'));
    expect(cproJson<Report>(db, ['import', 'annexe', latin, '--encoding', 'windows-1252', '--delimiter', ';']).code).toBe(0);
    expect(cpro(['--db', db, 'learners', 'list', '--class', '2C']).stdout).toContain('Lefèvre');
    expect(cpro(['--db', db, 'import', 'annexe', latin, '--encoding', 'klingon']).code).toBe(2);
  });

  it('copes with a UTF-16LE file whose cells hold delimiters and line breaks', () => {
    const text = '\ufeffPériode\tType\tClasse\tDébut\tFin\tNom\tPrénom\tObjectifs\r\n' +
      'P\tAutre\t2D\t01/03/2025\t28/03/2025\tNguyễn\t"Văn\tAn"\t"Un\r\nDeux | Trois"\r\n';
    const f = write('u16.txt', Buffer.from(text, 'utf16le'));
    expect(cproJson<Report>(db, ['import', 'annexe', f]).code).toBe(0);
    const show = cproJson<{ objectives: string[] }>(db, ['periods', 'show', 'P']).data;
    expect(show.objectives).toEqual(['Un', 'Deux', 'Trois']);
    expect(cproJson<Array<{ firstName: string }>>(db, ['learners', 'list']).data[0].firstName).toBe('Văn An');
  });

  it('refuses a store written by a newer version, without touching it', () => {
    expect(cpro(['--db', db, 'import', 'annexe', fixture('annexe-tmspc-windows1252.csv')]).code).toBe(0);
    recordSchemaVersion(db, 999);
    const r = cpro(['--db', db, 'periods', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('a été écrit par une version plus récente de cprosync (schéma 999');
    expect(recordedSchemaVersion(db)).toBe(999);
  });
});

describe('CLI conventions', () => {
  it('prints French help and exits 0; an unknown option is a usage error (exit 2)', () => {
    const help = cpro(['import', 'annexe', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Utilisation : cpro import annexe');
    expect(help.stdout).toContain('Exemples :');
    const bad = cpro(['periods', 'list', '--frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('option inconnue « --frobnicate »');
  });

  it('prints the version of the package', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(cpro(['--version']).stdout).toBe(`${version}\n`);
  });

  it('takes the store from CPRO_DB, and --db wins over it', () => {
    const r = cpro(['import', 'annexe', fixture('annexe-tmspc-windows1252.csv'), '--quiet'], { env: { CPRO_DB: db } });
    expect(r.code).toBe(0);
    expect(cproJson<unknown[]>(db, ['periods', 'list']).data).toHaveLength(1);
    const other = cpro(['--db', join(dir, 'other.db'), 'periods', 'list'], { env: { CPRO_DB: db } });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(missingStoreError(join(dir, 'other.db')));
  });

  it('never colours output when stdout is not a terminal, even without NO_COLOR', () => {
    const r = cpro(['--db', db, 'import', 'annexe', fixture('annexe-2mspc1.csv')], { env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Import terminé');
    expect(r.stdout + r.stderr).not.toMatch(/\x1b\[/);
  });

  it('shows the stack of an expected error only with CPRO_DEBUG=1', () => {
    expect(cpro(['--db', db, 'import', 'annexe', fixture('annexe-2mspc1.csv'), '--quiet']).code).toBe(0);
    const quiet = cpro(['--db', db, 'periods', 'show', 'nope']);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toBe('erreur : période introuvable : « nope » (voir « cpro periods list »)\n');
    const debug = cpro(['--db', db, 'periods', 'show', 'nope'], { env: { CPRO_DEBUG: '1' } });
    expect(debug.stderr).toMatch(/at .*resolve/);
  });
});
