// Attendance and the allocation PFMP through the built CLI: absences imported (encodings, errors by line, nothing
// written on error, idempotence), shown, confirmed; the allocation list read back as the spreadsheet gets it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpro, cproJson, tempDir, FIXTURES } from '../helpers/cli.js';
import { sqlRow } from '../helpers/engine.js';
import { flat, pdfText } from '../documents/readback.js';

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'cpro.db');
  expect(run('import', 'annexe', fixture('annexe-2mspc1.csv')).code).toBe(0);
  expect(run('liaison', 'import', fixture('liaison-pfmp2.csv')).code).toBe(0);
});
afterEach(() => cleanup());

const run = (...args: string[]) => cpro(['--db', db, ...args], { cwd: dir });
const fixture = (f: string) => join(FIXTURES, f);
const write = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const absenceCount = () => sqlRow<{ n: number }>(db, 'SELECT count(*) AS n FROM absences')!.n;

interface Shown {
  learners: Array<{ learner: { lastName: string }; daysPlanned: number; daysDone: number; hours: number; confirmed: boolean; absences: unknown[] }>;
  holidays: Array<{ date: string; name: string }>;
}
const show = () => cproJson<Shown>(db, ['attendance', 'show', '--period', 'PFMP 2'], { cwd: dir }).data;
const of = (s: Shown, name: string) => s.learners.find((l) => l.learner.lastName === name)!;

describe('cpro attendance import', () => {
  it('imports a period\'s absences once; a second run changes nothing', () => {
    const dry = run('attendance', 'import', fixture('absences-pfmp2.csv'), '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe("Simulation (--dry-run) : rien n'a été écrit. L'import des absences ferait :\n  5 ajoutées, 0 modifiée, 0 inchangée\n");
    expect(absenceCount()).toBe(0);
    expect(run('attendance', 'import', fixture('absences-pfmp2.csv')).stdout).toBe('Import des absences terminé :\n  5 ajoutées, 0 modifiée, 0 inchangée\n');
    expect(run('attendance', 'import', fixture('absences-pfmp2.csv')).stdout).toBe(
      'Aucun changement : les absences étaient déjà enregistrées.\n  0 ajoutée, 0 modifiée, 5 inchangées\n',
    );
    expect(absenceCount()).toBe(5);
    const s = show();
    // 2 to 27 June 2025: 20 weekdays less Whit Monday (9 June).
    expect(s.holidays).toEqual([{ date: '2025-06-09', name: 'Lundi de Pentecôte' }]);
    expect(of(s, 'ACCARDO')).toMatchObject({ daysPlanned: 19, daysDone: 18.5, hours: 129.5, confirmed: false });
    expect(of(s, 'BOULEAU')).toMatchObject({ daysDone: 17, hours: 119 });
    expect(of(s, 'NGUYỄN')).toMatchObject({ daysDone: 18.5, hours: 131 });
    expect(of(s, 'ŒUVRAY')).toMatchObject({ daysDone: 19, hours: 133, absences: [] });
  });

  it('reads a Windows-1252 file with a Période-less header given --period', () => {
    const text = 'Nom;Prénom;Date;Heures;Motif\r\nJEAN-FRANÇOIS;Célia-Tassadit;05/06/2025;3,5;Médecin\r\n';
    const r = run('attendance', 'import', write('w.csv', Buffer.from(text, 'latin1')), '--period', 'PFMP 2');
    expect(r.code, r.stderr).toBe(0);
    expect(of(show(), 'JEAN-FRANÇOIS')).toMatchObject({ daysDone: 18.5, hours: 129.5 });
  });

  it('lists every error with its line and writes nothing', () => {
    const bad = write(
      'bad.csv',
      'Nom;Prénom;Date;Heures;Demi-journée\nACCARDO;Aline;07/06/2025;;\nACCARDO;Aline;09/06/2025;;\nDUPONT;Jean;10/06/2025;;\n' +
        'ACCARDO;Aline;31/06/2025;;\nACCARDO;Aline;12/06/2025;9;\nACCARDO;Aline;13/06/2025;2;oui\nACCARDO;Aline;01/07/2025;;\nACCARDO;Aline;16/06/2025;;\n',
    );
    const r = run('attendance', 'import', bad, '--period', 'PFMP 2');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'erreur : ligne 2, colonne « Date » : le 07/06/2025 est un samedi, jour non travaillé de la période',
        'erreur : ligne 3, colonne « Date » : le 09/06/2025 est férié (Lundi de Pentecôte)',
        'erreur : ligne 4, colonne « Nom » : apprenant introuvable dans la période « PFMP 2 » (2MSPC1) : DUPONT Jean',
        'erreur : ligne 5, colonne « Date » : date invalide « 31/06/2025 » (attendu JJ/MM/AAAA)',
        "erreur : ligne 6, colonne « Heures » : 9 h d'absence pour une journée de 7 h",
        "erreur : ligne 7, colonne « Heures » : une absence est soit une demi-journée, soit un nombre d'heures, pas les deux",
        'erreur : ligne 8, colonne « Date » : le 01/07/2025 est en dehors de la période (du 02/06/2025 au 27/06/2025)',
        "erreur : 7 erreurs : rien n'a été enregistré.",
        '',
      ].join('\n'),
    );
    expect(absenceCount()).toBe(0);
    const noPeriod = run('attendance', 'import', bad);
    expect(noPeriod.code).toBe(1);
    expect(noPeriod.stderr).toContain('bad.csv : en-tête : colonne « Période » absente : ajoutez-la ou donnez --period');
  });
});

describe('cpro attendance absence, confirm, schedule', () => {
  it('records, replaces and removes an absence; a change after confirmation asks for a new one', () => {
    expect(run('attendance', 'confirm', '--period', 'PFMP 2').stdout).toBe('Présence confirmée pour 8 apprenants de « PFMP 2 » (2MSPC1).\n');
    expect(run('attendance', 'confirm', '--period', 'PFMP 2').stdout).toBe('Présence confirmée pour 0 apprenant de « PFMP 2 » (2MSPC1) ; 8 déjà confirmés.\n');
    // Who confirmed and when: the teacher here (the tutor from the portal: test/web/tutor-attendance.test.ts).
    const by = cproJson<{ learners: Array<{ learner: { lastName: string }; confirmedBy: string | null; confirmedAt: string | null }> }>(db, ['attendance', 'show', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline'], { cwd: dir }).data.learners[0];
    expect(by.confirmedBy).toBe('enseignant');
    expect(Math.abs(Date.parse(by.confirmedAt!) - Date.now())).toBeLessThan(60_000);
    const day = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris' }).format(new Date(by.confirmedAt!));
    expect(run('attendance', 'show', '--period', 'PFMP 2').stdout).toMatch(new RegExp(`ACCARDO Aline .*oui \\(enseignant, ${day.replace(/\//g, '\\/')}\\)`));
    const add = ['attendance', 'absence', 'add', '--period', 'PFMP 2', '--learner', 'MA Aldryk', '--date', '20/06/2025'];
    expect(run(...add, '--hours', '3').stdout).toBe(
      'Absence du 20/06/2025 enregistrée pour MA Aldryk.\nLa présence était confirmée : confirmez-la de nouveau (cpro attendance confirm).\n',
    );
    expect(run(...add, '--hours', '3').stdout).toBe('Aucun changement : cette absence du 20/06/2025 était déjà enregistrée pour MA Aldryk.\n');
    expect(run(...add, '--half-day').stdout).toBe('Absence du 20/06/2025 modifiée pour MA Aldryk.\n');
    expect(of(show(), 'MA')).toMatchObject({ daysDone: 18.5, hours: 129.5, confirmed: false });
    expect(of(show(), 'ACCARDO').confirmed).toBe(true);
    const rm = ['attendance', 'absence', 'remove', '--period', 'PFMP 2', '--learner', 'MA Aldryk', '--date', '20/06/2025'];
    expect(run(...rm).stdout).toBe('Absence du 20/06/2025 retirée pour MA Aldryk.\n');
    expect(run(...rm).stdout).toBe('Aucune absence le 20/06/2025 pour MA Aldryk : rien à retirer.\n');
    const weekend = run('attendance', 'absence', 'add', '--period', 'PFMP 2', '--learner', 'MA Aldryk', '--date', '21/06/2025');
    expect([weekend.code, weekend.stderr]).toEqual([1, 'erreur : absence refusée : le 21/06/2025 est un samedi, jour non travaillé de la période\n']);
    const both = run(...add, '--hours', '2', '--half-day');
    expect([both.code, both.stderr]).toEqual([2, 'erreur : --hours ou --half-day, pas les deux\n']);
  });

  it("uses the schedule's daily hours and flags a minor's day and week over the limits of their age", () => {
    const r = run('attendance', 'schedule', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline', '--hours', '8');
    expect(r.stdout).toBe('Horaire de « PFMP 2 » (2MSPC1) : 1 apprenant modifié, 0 inchangé.\n');
    // Aline is 15 in June 2025: 7 h a day at most under 16.
    expect(r.stderr).toBe(
      'attention : ACCARDO Aline, mineur : 8 h par jour (au plus 7 h pour un mineur de 15 ans) ; 40 h par semaine (au plus 35 h pour un mineur de 15 ans)\n',
    );
    expect(of(show(), 'ACCARDO')).toMatchObject({ daysPlanned: 19, hours: 152 });
    const text = run('attendance', 'show', '--period', 'PFMP 2').stdout;
    expect(text).toContain('ACCARDO Aline, mineur : 8 h par jour (au plus 7 h pour un mineur de 15 ans) ; 40 h par semaine');
    expect(text).toContain('Jours fériés : Lundi de Pentecôte (09/06/2025)');
  });
});

describe('cpro allocation', () => {
  it('lists what to declare, with the running cap, and writes the CSV for the spreadsheet', () => {
    expect(run('attendance', 'import', fixture('absences-pfmp2.csv')).code).toBe(0);
    expect(run('attendance', 'confirm', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline').code).toBe(0);
    const j = cproJson<{ rows: Array<{ learner: { lastName: string }; period: { name: string }; days: number; amount: number | null; blockers: string[] }>; total: { amount: number } }>(
      db,
      ['allocation', '--class', '2MSPC1'],
      { cwd: dir },
    ).data;
    const row = (p: string, n: string) => j.rows.find((r) => r.period.name === p && r.learner.lastName === n)!;
    // 2de: 10 € a day, 6 weeks (300 €) a year; PFMP 1 (13 January – 7 February 2025) is 20 days, 200 €.
    expect(row('PFMP 1', 'ACCARDO')).toMatchObject({ days: 20, amount: 200 });
    expect(row('PFMP 2', 'ACCARDO')).toMatchObject({ days: 18.5, amount: 100, blockers: ['attestation non imprimée (cpro print attestations)'] });
    expect(row('PFMP 2', 'BOULEAU').blockers[0]).toBe('présence non confirmée (cpro attendance confirm)');
    expect(row('PFMP 2', 'DEGENDOUX')).toMatchObject({ amount: null, blockers: ["apprenti : pas d'allocation"] });
    expect(j.total.amount).toBe(7 * 300);

    const out = join(dir, 'allocation.csv');
    const r = run('allocation', '--period', 'PFMP 2', '--format', 'csv', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(
      "Classe;Période;Nom;Prénom;INE;Statut;Niveau;Jours effectués;Taux journalier (€);Montant (€);Cumul de l'année (€);Plafond annuel (€);Présence confirmée;À régler avant déclaration",
    );
    expect(lines.find((l) => l.includes('NGUYỄN'))).toBe(
      '2MSPC1;PFMP 2;NGUYỄN;Thị Lan;110480124BB;Scolaire;2de;18,5;10;100;300;300;non;"présence non confirmée (cpro attendance confirm) ; attestation non imprimée (cpro print attestations)"',
    );
    const amounts = lines.slice(1, -1).map((l) => l.split(';')[9]).filter(Boolean).map(Number);
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(700);
  });

  it('an unknown class level is listed, never guessed, until set', () => {
    const annex = readFileSync(fixture('annexe-2mspc1.csv'), 'utf8').replace(/2MSPC1/g, 'MSPC-A');
    expect(run('import', 'annexe', write('a.csv', annex)).code).toBe(0);
    const r = run('allocation', '--class', 'MSPC-A');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('niveau de la classe MSPC-A inconnu (cpro classes set "MSPC-A" niveau=…)');
    expect(r.stderr).toBe('attention : niveau de la classe MSPC-A inconnu : cpro classes set "MSPC-A" niveau=<2de|1re|Tle|CAP1|CAP2>\n');
    expect(run('classes', 'set', 'MSPC-A', 'niveau=terminale').stdout).toBe('Niveau de la classe MSPC-A : Tle.\n');
    expect(run('classes', 'set', 'MSPC-A', 'niveau=Tle').stdout).toBe('Aucun changement : la classe MSPC-A avait déjà ce niveau.\n');
    const bad = run('classes', 'set', 'MSPC-A', 'niveau=4e');
    expect([bad.code, bad.stderr]).toEqual([2, 'erreur : niveau inconnu « 4e » : choisissez 2de, 1re, Tle, CAP1, CAP2\n']);
    const j = cproJson<{ rows: Array<{ period: { name: string }; learner: { lastName: string }; amount: number }> }>(db, ['allocation', '--class', 'MSPC-A'], { cwd: dir }).data;
    expect(j.rows.find((x) => x.period.name === 'PFMP 1' && x.learner.lastName === 'ACCARDO')!.amount).toBe(20 * 20);
  });
});

describe('gratification', () => {
  it('is flagged past 308 hours with the same host in the school year, in attendance show and liaison status', () => {
    // A ten-week period in the autumn of 2025: 50 working days (1 November is a Saturday) = 350 h.
    const annex =
      'Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Date de naissance;Statut\n' +
      'Stage long;Autre;TMSPC;01/09/2025;07/11/2025;DURAND;Léa;120000001AA;01/01/2006;Scolaire\n' +
      'Stage long;Autre;TMSPC;01/09/2025;07/11/2025;PETIT;Noé;120000002BB;01/01/2006;Scolaire\n';
    expect(run('import', 'annexe', write('long.csv', annex)).code).toBe(0);
    for (const who of ['DURAND Léa', 'PETIT Noé']) {
      expect(run('liaison', 'set', '--period', 'Stage long', '--learner', who, 'entreprise.nom=Usinage Martin', 'entreprise.codePostal=76000').code).toBe(0);
    }
    // Noé misses six days: 44 days of 7 h is 308 h, not past the threshold.
    for (const d of ['08/09/2025', '09/09/2025', '10/09/2025', '11/09/2025', '12/09/2025', '15/09/2025']) {
      expect(run('attendance', 'absence', 'add', '--period', 'Stage long', '--learner', 'PETIT Noé', '--date', d).code).toBe(0);
    }
    const s = cproJson<{ learners: Array<{ learner: { lastName: string }; hours: number; gratification: { due: boolean; hourlyMinimum: number } }> }>(
      db,
      ['attendance', 'show', '--period', 'Stage long'],
    ).data;
    expect(s.learners.map((l) => [l.learner.lastName, l.hours, l.gratification.due])).toEqual([
      ['DURAND', 350, true],
      ['PETIT', 308, false],
    ]);
    expect(s.learners[0].gratification.hourlyMinimum).toBe(4.35);
    const status = run('liaison', 'status', '--period', 'Stage long').stdout;
    expect(status).toContain('Gratification due (plus de deux mois chez le même organisme cette année scolaire) : DURAND Léa.');
  });
});

describe('gratification over two periods', () => {
  it('cumulates the hours of the school year with the same host (name and postcode), not with another one', () => {
    // Two six-week periods: 30 days (210 h) each; 1 and 11 November 2025 fall on a Saturday and a Tuesday.
    const annex =
      'Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Date de naissance;Statut\n' +
      'Stage A;Autre;TMSPC;01/09/2025;10/10/2025;DURAND;Léa;120000001AA;01/01/2006;Scolaire\n' +
      'Stage A;Autre;TMSPC;01/09/2025;10/10/2025;PETIT;Noé;120000002BB;01/01/2006;Scolaire\n' +
      'Stage B;Autre;TMSPC;03/11/2025;12/12/2025;DURAND;Léa;120000001AA;01/01/2006;Scolaire\n' +
      'Stage B;Autre;TMSPC;03/11/2025;12/12/2025;PETIT;Noé;120000002BB;01/01/2006;Scolaire\n';
    expect(run('import', 'annexe', write('two.csv', annex)).code).toBe(0);
    const set = (period: string, who: string, name: string, postcode: string) =>
      expect(run('liaison', 'set', '--period', period, '--learner', who, `entreprise.nom=${name}`, `entreprise.codePostal=${postcode}`).code).toBe(0);
    set('Stage A', 'DURAND Léa', 'Usinage Martin', '76000');
    set('Stage B', 'DURAND Léa', 'USINAGE  MARTIN', '76000');
    set('Stage A', 'PETIT Noé', 'Usinage Martin', '76000');
    set('Stage B', 'PETIT Noé', 'Usinage Martin', '27000');
    const of = (period: string) =>
      cproJson<{ learners: Array<{ learner: { lastName: string }; hours: number; gratification: { cumulatedHours: number; due: boolean } }> }>(
        db,
        ['attendance', 'show', '--period', period],
      ).data.learners.map((l) => [l.learner.lastName, l.hours, l.gratification.cumulatedHours, l.gratification.due]);
    expect(of('Stage A')).toEqual([
      ['DURAND', 210, 210, false],
      ['PETIT', 210, 210, false],
    ]);
    expect(of('Stage B')).toEqual([
      ['DURAND', 203, 413, true],
      ['PETIT', 203, 203, false],
    ]);
  });
});

describe('attestations with hours', () => {
  it('prints the effective hours once the attendance is confirmed, blank before; the allocation then counts it as printed', async () => {
    expect(run('attendance', 'import', fixture('absences-pfmp2.csv')).code).toBe(0);
    const pdfOf = async (who: string) => flat((await pdfText(readFileSync(join(dir, 'documents', 'PFMP 2', `Attestation - PFMP 2 - ${who}.pdf`)))).text);
    const print = () => run('print', 'attestations', '--period', 'PFMP 2', '--format', 'pdf', '--quiet');
    let r = print();
    expect(r.code, r.stderr).toBe(0);
    const before = await pdfOf('Aline ACCARDO');
    expect(before).toContain('Durée effective totale, en heures');
    expect(before).not.toContain('129,5 heures');

    expect(run('attendance', 'confirm', '--period', 'PFMP 2').code).toBe(0);
    r = print();
    expect(r.code, r.stderr).toBe(0);
    const aline = await pdfOf('Aline ACCARDO');
    expect(aline).toContain('Durée effective totale, en heures 129,5 heures');
    expect(aline).toContain('Montant total de la gratification versée néant');
    expect(await pdfOf('Cédric BOULEAU')).toContain('119 heures');
    expect(await pdfOf('Zoé ŒUVRAY')).toContain('133 heures');

    const j = cproJson<{ rows: Array<{ learner: { lastName: string }; blockers: string[] }> }>(db, ['allocation', '--period', 'PFMP 2'], { cwd: dir }).data;
    expect(j.rows.find((x) => x.learner.lastName === 'ACCARDO')!.blockers).toEqual([]);
  });
});
