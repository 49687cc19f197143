// Portfolios through the built CLI, as a teacher would use them: a folder imported, shown, commented, exported.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { cpro, cproJson, tempDir, FIXTURES } from '../helpers/cli.js';
import { docxParagraphs, pdfPlainText } from '../helpers/read-documents.js';
import { sqlRun } from '../helpers/engine.js';

interface ImportReport {
  period: { name: string; class: string };
  dryRun: boolean;
  files: Array<{ file: string; learner: { lastName: string; firstName: string }; change: string }>;
  portfolios: { created: number; updated: number; unchanged: number };
  errors: Array<{ file: string; line: number; message: string }>;
}
interface Status {
  withPortfolio: number;
  learners: Array<{ learner: { lastName: string }; hasPortfolio: boolean; weeks: number; activities: number; selected: number; comments: number }>;
}

let dir: string;
let db: string;
let cleanup: () => void;
const PORTFOLIOS = join(FIXTURES, 'portfolios');

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'cpro.db');
  expect(cpro(['--db', db, 'import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')]).code).toBe(0);
});
afterEach(() => cleanup());

const run = (...args: string[]) => cpro(['--db', db, ...args], { cwd: dir });
const json = <T>(...args: string[]) => cproJson<T>(db, args, { cwd: dir });

describe('cpro portfolio import', () => {
  it('imports a folder of portfolios, all-or-nothing, idempotent, with --dry-run', () => {
    const dry = json<ImportReport>('portfolio', 'import', PORTFOLIOS, '--period', 'PFMP 2', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.data.portfolios).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(json<Status>('portfolio', 'status', '--period', 'PFMP 2').data.withPortfolio).toBe(0);

    const first = run('portfolio', 'import', PORTFOLIOS, '--period', 'PFMP 2');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Import terminé :');
    expect(first.stdout).toContain('Période « PFMP 2 » (2MSPC1) : 3 créés, 0 mis à jour, 0 inchangé');
    expect(first.stdout).toMatch(/créé\s+ACCARDO Aline\s+accardo-aline\.yaml\s+4 semaines, 2 activités \(1 sélectionnée\)/);

    const again = json<ImportReport>('portfolio', 'import', PORTFOLIOS, '--period', 'PFMP 2');
    expect(again.data.portfolios).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(run('portfolio', 'import', PORTFOLIOS, '--period', 'PFMP 2').stdout).toContain('Aucun changement');

    const status = json<Status>('portfolio', 'status', '--period', 'PFMP 2').data;
    expect(status.withPortfolio).toBe(3);
    expect(status.learners.filter((l) => l.hasPortfolio).map((l) => [l.learner.lastName, l.weeks, l.activities, l.selected])).toEqual([
      ['ACCARDO', 4, 2, 1], ['BOULEAU', 2, 1, 1], ['NGUYỄN', 3, 1, 1],
    ]);
    const text = run('portfolio', 'status', '--period', 'PFMP 2').stdout;
    expect(text).toContain('Période « PFMP 2 » (2MSPC1) : 3 portfolios sur 8 apprenants.');
    expect(text).toMatch(/DEGENDOUX Herbert\s+non/);
  });

  it('updates a portfolio the learner changed, keeping the comments', () => {
    const folder = join(dir, 'rendus');
    cpSync(PORTFOLIOS, folder, { recursive: true });
    expect(run('portfolio', 'import', folder, '--period', 'PFMP 2').code).toBe(0);
    expect(run('portfolio', 'comment', '--period', 'PFMP 2', '--learner', 'NGUYỄN Thị Lan', '--author', 'Mme Duval', 'Ajoutez la semaine 4.').code).toBe(0);
    // The learner adds a fourth week to her file and hands it in again.
    const file = join(folder, 'nguyen-thi-lan.yaml');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('\nactivités:\n', "  - semaine: 4\n    activités: Rangement de l'atelier.\n\nactivités:\n"), 'utf8');
    const r = json<ImportReport>('portfolio', 'import', folder, '--period', 'PFMP 2');
    expect(r.code).toBe(0);
    expect(r.data.portfolios).toEqual({ created: 0, updated: 1, unchanged: 2 });
    const shown = json<{ counts: { weeks: number }; comments: Array<{ author: string }> }>('portfolio', 'show', '--period', 'PFMP 2', '--learner', '110480124BB');
    expect(shown.data.counts.weeks).toBe(4);
    expect(shown.data.comments.map((c) => c.author)).toEqual(['Mme Duval']);
  });

  it('refuses the whole folder when one file is wrong, naming each file and line', () => {
    const folder = join(dir, 'rendus');
    cpSync(PORTFOLIOS, folder, { recursive: true });
    const aline = join(folder, 'accardo-aline.yaml');
    writeFileSync(aline, readFileSync(aline, 'utf8').replace("nombre d'employés: 30", "nombre d'employés: trente"), 'utf8');
    writeFileSync(join(folder, 'inconnu.yml'), 'apprenant:\n  ine: 110480199ZZ\n', 'utf8');
    writeFileSync(join(folder, 'copie.yaml'), 'apprenant:\n  nom: Bouleau\n  prénom: cedric\n', 'utf8');
    writeFileSync(join(folder, 'notes.txt'), 'pas un portfolio', 'utf8');
    const r = run('portfolio', 'import', folder, '--period', 'PFMP 2');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const errors = r.stderr.trim().split('\n');
    expect(errors).toEqual([
      `erreur : ${join(folder, 'accardo-aline.yaml')}, ligne 25 : « nombre d'employés » : attendu un nombre entier positif, trouvé « trente »`,
      `erreur : ${join(folder, 'copie.yaml')}, ligne 1 : Cédric BOULEAU a déjà un portfolio dans ce lot : « bouleau-cedric.yaml »`,
      `erreur : ${join(folder, 'inconnu.yml')}, ligne 1 : apprenant introuvable dans la période « PFMP 2 » (2MSPC1) : INE 110480199ZZ`,
      "erreur : 3 erreurs : rien n'a été enregistré.",
    ]);
    expect(json<Status>('portfolio', 'status', '--period', 'PFMP 2').data.withPortfolio).toBe(0);
  });

  it('refuses a portfolio written for another period, and an INE that is not the named learner', () => {
    const f1 = join(dir, 'p1.yaml');
    writeFileSync(f1, 'apprenant:\n  ine: 110480123AA\npériode: PFMP 1\n', 'utf8');
    const r1 = run('portfolio', 'import', f1, '--period', 'PFMP 2');
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain(`${f1}, ligne 3 : ce portfolio est celui de la période « PFMP 1 », pas de « PFMP 2 »`);
    const f2 = join(dir, 'p2.yaml');
    writeFileSync(f2, 'apprenant:\n  ine: 110480123AA\n  nom: MA\n  prénom: Aldryk\n', 'utf8');
    const r2 = run('portfolio', 'import', f2, '--period', 'PFMP 2');
    expect(r2.stderr).toContain("l'INE 110480123AA est celui de Aline ACCARDO, pas de Aldryk MA : vérifiez le fichier");
    expect(run('portfolio', 'import', join(dir, 'absent'), '--period', 'PFMP 2').stderr).toBe('erreur : fichier ou dossier introuvable : « ' + join(dir, 'absent') + ' »\n');
  });
});

describe('cpro portfolio show, comment, export', () => {
  beforeEach(() => {
    expect(run('portfolio', 'import', PORTFOLIOS, '--period', 'PFMP 2').code).toBe(0);
  });

  it('shows a portfolio with its org chart as a tree', () => {
    const r = run('portfolio', 'show', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Portfolio d'Aline ACCARDO — 2MSPC1 — PFMP 2");
    expect(r.stdout).toContain(
      [
        '  Directeur général — Gérard Dubois',
        '  ├─ Responsable production — Sandrine Lefèvre',
        '  │  └─ Opérateurs de conditionnement — Paul Martin, Inès Haddad, Léo Moreau',
        '  ├─ Responsable maintenance — Julien Boisseau',
      ].join('\n'),
    );
    expect(r.stdout).toContain("  1. Remplacement des ressorts de tension de la filmeuse  [sélectionnée pour l'export]");
    const j = json<{ learner: { ine: string }; content: { company: { latitude: number } }; comments: unknown[] }>(
      'portfolio', 'show', '--period', 'PFMP 2', '--learner', 'accardo',
    );
    expect(j.data.learner.ine).toBe('110480123AA');
    expect(j.data.content.company.latitude).toBe(49.4431);
    expect(j.data.comments).toEqual([]);
    const none = run('portfolio', 'show', '--period', 'PFMP 2', '--learner', 'MA Aldryk');
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      'erreur : Aldryk MA n\'a pas de portfolio pour la période « PFMP 2 » (importez son fichier : cpro portfolio import <fichier> --period "PFMP 2")\n',
    );
  });

  it('keeps dated comments with their author: --author, then enseignant.nom, then the session user', () => {
    expect(run('portfolio', 'comment', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline', '--author', 'M. Martin', 'Très bon rapport.').code).toBe(0);
    sqlRun(db, "INSERT INTO config (key, value) VALUES ('enseignant.nom', 'Mme Duval')");
    const r = run('portfolio', 'comment', '--period', 'PFMP 2', '--learner', '110480123AA', 'Précisez la consignation.');
    expect(r.stdout).toMatch(/^Commentaire ajouté au portfolio d'Aline ACCARDO \(PFMP 2\), le \d\d\/\d\d\/\d{4}, par Mme Duval\.\n$/);
    sqlRun(db, "DELETE FROM config WHERE key = 'enseignant.nom'");
    expect(run('portfolio', 'comment', '--period', 'PFMP 2', '--learner', 'accardo', 'Troisième.').stdout).toContain(`par ${userInfo().username}.`);
    const shown = json<{ comments: Array<{ author: string; text: string; createdAt: string }>; content: unknown }>(
      'portfolio', 'show', '--period', 'PFMP 2', '--learner', 'accardo',
    ).data;
    expect(shown.comments.map((c) => [c.author, c.text])).toEqual([
      ['M. Martin', 'Très bon rapport.'], ['Mme Duval', 'Précisez la consignation.'], [userInfo().username, 'Troisième.'],
    ]);
    for (const c of shown.comments) expect(Date.parse(c.createdAt)).not.toBeNaN();
    // The learner's content is untouched by comments.
    const before = readFileSync(join(PORTFOLIOS, 'accardo-aline.yaml'), 'utf8');
    expect(before).not.toContain('Très bon rapport');
    expect(run('portfolio', 'comment', '--period', 'PFMP 2', '--learner', 'accardo', '   ').stderr).toBe(
      'erreur : commentaire vide : écrivez le texte entre guillemets après les options\n',
    );
  });

  it('exports DOCX and PDF documents that read right, readable by their owner only', async () => {
    expect(run('bilan-personnel', 'import', join(FIXTURES, 'bilans-personnels-pfmp2.csv'), '--period', 'PFMP 2').code).toBe(0);
    run('portfolio', 'comment', '--period', 'PFMP 2', '--learner', 'accardo', '--author', 'M. Martin', 'Très bon rapport.\nDétaillez la consignation.');

    const docx = run('portfolio', 'export', '--period', 'PFMP 2', '--format', 'docx');
    expect(docx.code).toBe(0);
    const folder = join(dir, 'documents', 'PFMP 2');
    expect(docx.stdout).toContain(`3 portfolios exportés (DOCX) dans ${folder} :`);
    expect(docx.stdout).toContain('Sans portfolio : DEGENDOUX Herbert, FAŸ Jean-Baptiste, JEAN-FRANÇOIS Célia-Tassadit, MA Aldryk, ŒUVRAY Zoé');
    expect(readdirSync(folder).sort()).toEqual([
      'Portfolio - PFMP 2 - Aline ACCARDO.docx', 'Portfolio - PFMP 2 - Cédric BOULEAU.docx', 'Portfolio - PFMP 2 - Thị Lan NGUYỄN.docx',
    ]);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    const file = join(folder, 'Portfolio - PFMP 2 - Aline ACCARDO.docx');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const paras = await docxParagraphs(readFileSync(file));
    const text = paras.join('\n');
    expect(paras).toContain('Portfolio des activités en entreprise');
    expect(paras).toContain('Directeur général — Gérard Dubois');
    expect(paras).toContain('│  ├─ Techniciens de maintenance — Karim Benali, Sophie Renaud');
    expect(text).toContain('Remplacement des ressorts de tension de la filmeuse');
    expect(text).not.toContain("Diagnostic d'un capteur de présence flacon"); // not selected
    expect(text).toContain("Ce que j'ai aimé");
    expect(text).toContain('Graissage des convoyeurs avec Karim.');
    expect(text).toContain('Mes points forts');
    expect(text).toContain('Assiduité et ponctualité');
    expect(text).toContain('Très bon rapport. Détaillez la consignation.');

    const out = join(dir, 'pdf');
    const pdf = run('portfolio', 'export', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline', '--format', 'pdf', '--all', '--out', out);
    expect(pdf.code).toBe(0);
    const pdfFile = join(out, 'Portfolio - PFMP 2 - Aline ACCARDO.pdf');
    expect(statSync(pdfFile).mode & 0o777).toBe(0o600);
    const { text: pdfText } = await pdfPlainText(readFileSync(pdfFile));
    for (const s of [
      'Aline ACCARDO — 2MSPC1', 'Responsable maintenance — Julien Boisseau', 'Semaine 4', "Diagnostic d'un capteur de présence flacon",
      'Usure des ressorts de tension.', 'Hygiène et protection', 'M. Martin',
    ]) expect(pdfText).toContain(s);

    const none = run('portfolio', 'export', '--period', 'PFMP 2', '--learner', 'MA Aldryk', '--format', 'pdf');
    expect(none.code).toBe(1);
    expect(run('portfolio', 'export', '--period', 'PFMP 2', '--format', 'odt').code).toBe(2);
    expect(existsSync(join(dir, 'documents', 'PFMP 2', 'Portfolio - PFMP 2 - Aldryk MA.pdf'))).toBe(false);
  });
});
