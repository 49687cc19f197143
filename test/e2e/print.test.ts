// `cpro print` through the built CLI, as a teacher prints a period: every document read back from its DOCX and its
// PDF, the period-kind rules, a learner whose sheet is incomplete, homonyms and unsafe names, grids filled from
// recorded evaluations, the worker threads, and the DOCX opened by LibreOffice.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempStore, FIXTURES } from '../helpers/cli.js';
import { openTerminal } from '../helpers/tmux.js';
import { requireTool } from '../helpers/tools.js';
import { docxText, pdfText } from '../documents/readback.js';

const referentiel = JSON.parse(readFileSync(join(FIXTURES, '..', 'templates', 'referentiels', 'bac-pro-mspc.json'), 'utf8')) as {
  blocks: Array<{ tasks: Array<{ code: string; title: string }> }>;
  attitudes: Array<{ code: string; title: string }>;
  competencies: Array<{ code: string; title: string }>;
};
const TASK_TITLES = new Map(referentiel.blocks.flatMap((b) => b.tasks.map((t) => [t.code, t.title] as const)));

const PFMP2_OBJECTIVES = [
  "Découvrir l'organisation d'un service maintenance",
  "Respecter les règles d'hygiène et de sécurité",
  'Participer à des opérations de maintenance préventive',
];
const CELIA_OBJECTIVES = [...PFMP2_OBJECTIVES.slice(0, 2), 'Consolider la lecture de schémas électriques'];
/** PFMP 2 learners, their tasks (from the annex) and their company (fixtures/liaison-pfmp2.csv). */
const PFMP2: Array<{ last: string; first: string; company: string; tasks: string[]; objectives?: string[] }> = [
  { last: 'ACCARDO', first: 'Aline', company: 'Papeteries de la Seine', tasks: ['A1T1', 'A1T2', 'A2T1', 'A2T2'] },
  { last: 'NGUYỄN', first: 'Thị Lan', company: 'Fragrance Plus', tasks: ['A1T1', 'A1T2', 'A2T1', 'A2T2'] },
  { last: 'ŒUVRAY', first: 'Zoé', company: 'Agro-Normandie Conditionnement', tasks: ['A1T1', 'A1T2', 'A2T1', 'A2T2'] },
  { last: 'FAŸ', first: 'Jean-Baptiste', company: 'Cartonnages Normands', tasks: ['A1T1', 'A1T2', 'A2T1', 'A2T2'] },
  // Individualised in the annex: her own objectives and tasks.
  { last: 'JEAN-FRANÇOIS', first: 'Célia-Tassadit', company: 'Plasturgie du Roumois', tasks: ['A1T1', 'A1T2', 'A3T1'], objectives: CELIA_OBJECTIVES },
  { last: 'BOULEAU', first: 'Cédric', company: 'Métallerie Cauchoise', tasks: ['A1T1', 'A1T2', 'A2T1', 'A2T2'] },
  { last: 'MA', first: 'Aldryk', company: 'Laiterie du Pays de Caux', tasks: ['A1T1', 'A1T2', 'A2T1', 'A2T2'] },
  { last: 'DEGENDOUX', first: 'Herbert', company: 'Verrerie du Bresle', tasks: ['A1T1', 'A1T2', 'A2T1', 'A2T2'] },
];
const SCHOOL = { nom: 'Lycée professionnel Jean-Moulin', adresse: '1, rue du Lycée, 76000 Rouen', uai: '0760001A', chef: 'Mme Françoise Lécuyer' };

interface FileEntry {
  learner: { id: number; lastName: string; firstName: string };
  document: 'preconvention' | 'attestation' | 'bilan-attitudes' | 'bilan-entreprise';
  format: 'docx' | 'pdf';
  path: string;
}
interface PrintJson {
  period: { id: number; name: string; class: string; kind: string };
  folder: string;
  files: FileEntry[];
  failures: Array<{ learner: { id: number; lastName: string; firstName: string }; document: string; reason: string }>;
  skipped: Array<{ document: string; reason: string }>;
  notApplicable: Array<{ learner: { id: number; lastName: string; firstName: string }; document: string; reason: string }>;
  combined: Array<{ document: string; path: string; documents: number; pages: number }>;
  warnings: string[];
}

/** A temporary store holding the three classes' annexes, the demo liaison sheets and the school's details. */
function makeStore() {
  const t = tempStore('cpro-print-');
  const run = (args: string[], env: Record<string, string> = {}) => t.run(args, { env });
  const json = (args: string[], env: Record<string, string> = {}) => t.json<PrintJson>(args, { env });
  for (const f of ['annexe-2mspc1.csv', 'annexe-1mspc-pronote.txt', 'annexe-tmspc-windows1252.csv']) t.ok(['import', 'annexe', join(FIXTURES, f)]);
  t.ok(['liaison', 'import', join(FIXTURES, 'liaison-demo.csv')]); // PFMP 1: every learner but MA Aldryk
  t.ok(['liaison', 'import', join(FIXTURES, 'liaison-pfmp2.csv')]);
  for (const [k, v] of Object.entries(SCHOOL)) t.ok(['config', 'set', `etablissement.${k}`, v]);
  return { ...t, run, json };
}

async function readBack(path: string): Promise<string> {
  const buf = readFileSync(path);
  return path.endsWith('.docx') ? await docxText(buf) : (await pdfText(buf)).text;
}
const flat = (s: string) => s.replace(/\s+/g, ' ');

const FORBIDDEN = /[/\\:*?"<>|\u0000-\u001f]/;

describe('cpro print tout, on a Période 2 period', () => {
  let s: ReturnType<typeof makeStore>;
  let printed: ReturnType<ReturnType<typeof makeStore>['json']>;
  beforeAll(() => {
    s = makeStore();
    printed = s.json(['print', 'tout', '--period', 'PFMP 2']);
  });
  afterAll(() => s.cleanup());

  it('writes the four documents of every learner in both formats into documents/<période>/', () => {
    expect(printed.code, printed.stderr).toBe(0);
    const { data } = printed;
    expect(data.period).toMatchObject({ name: 'PFMP 2', class: '2MSPC1', kind: 'Période 2' });
    expect(data.folder).toBe(join(s.dir, 'documents', 'PFMP 2'));
    expect(data.failures).toEqual([]);
    expect(data.skipped).toEqual([]);
    expect(data.warnings).toEqual([]);
    // The apprentice has no pré-convention nor attestation de stage: said, not a failure.
    expect(data.notApplicable.map((n: { learner: { lastName: string }; document: string }) => [n.learner.lastName, n.document])).toEqual([
      ['DEGENDOUX', 'preconvention'],
      ['DEGENDOUX', 'attestation'],
    ]);
    expect(data.files).toHaveLength(PFMP2.length * 4 * 2 - 2 * 2);
    expect(Object.keys(data.files[0]).sort()).toEqual(['document', 'format', 'learner', 'path']);
    expect(Object.keys(data.files[0].learner).sort()).toEqual(['firstName', 'id', 'lastName']);
    // What --json lists is exactly what is on disk.
    expect(readdirSync(data.folder).sort()).toEqual(data.files.map((f) => basename(f.path)).sort());
    expect(data.files.slice(0, 8).map((f) => basename(f.path))).toEqual([
      'Annexe PFMP 2 Aline ACCARDO.docx',
      'Annexe PFMP 2 Aline ACCARDO.pdf',
      'Attestation - PFMP 2 - Aline ACCARDO.docx',
      'Attestation - PFMP 2 - Aline ACCARDO.pdf',
      'Bilan attitudes - PFMP 2 - Aline ACCARDO.docx',
      'Bilan attitudes - PFMP 2 - Aline ACCARDO.pdf',
      'Bilan entreprise - PFMP 2 - Aline ACCARDO.docx',
      'Bilan entreprise - PFMP 2 - Aline ACCARDO.pdf',
    ]);
  });

  it('keeps the documents private: folder 0700, files 0600, names safe and NFC', () => {
    expect(statSync(printed.data.folder).mode & 0o777).toBe(0o700);
    for (const f of printed.data.files) {
      expect(statSync(f.path).mode & 0o777).toBe(0o600);
      const name = basename(f.path);
      expect(name).not.toMatch(FORBIDDEN);
      expect(name).toBe(name.normalize('NFC'));
    }
  });

  it('prints in each pré-convention the school, the learner, the company, each objective and each task, in DOCX and PDF', async () => {
    for (const l of PFMP2) {
      for (const f of printed.data.files.filter((x) => x.document === 'preconvention' && x.learner.lastName === l.last)) {
        const text = flat(await readBack(f.path));
        const where = `${basename(f.path)}`;
        for (const s of [l.last, l.first, l.company, SCHOOL.nom, SCHOOL.uai, SCHOOL.chef, 'Annexe pédagogique — pré-convention', 'du 2 juin 2025 au 27 juin 2025', ...(l.objectives ?? PFMP2_OBJECTIVES)]) {
          expect(text, where).toContain(s);
        }
        for (const code of l.tasks) {
          expect(text, where).toContain(code);
          expect(text, where).toContain(TASK_TITLES.get(code));
        }
        for (const code of [...TASK_TITLES.keys()].filter((c) => !l.tasks.includes(c))) expect(text, where).not.toContain(code);
      }
    }
  });

  it('prints the attestation and both grids with the learner and the company, and the grids with the référentiel', async () => {
    for (const f of printed.data.files.filter((x) => x.document !== 'preconvention')) {
      const l = PFMP2.find((x) => x.last === f.learner.lastName)!;
      const text = flat(await readBack(f.path));
      const where = basename(f.path);
      for (const s of [l.last, l.first, l.company]) expect(text, where).toContain(s);
      if (f.document === 'attestation') expect(text, where).toContain('Attestation de stage');
      if (f.document === 'bilan-attitudes') {
        for (const a of referentiel.attitudes) expect(text, where).toContain(a.title);
      }
      if (f.document === 'bilan-entreprise') {
        for (const title of TASK_TITLES.values()) expect(text, where).toContain(title);
        for (const c of referentiel.competencies) expect(text, where).toContain(c.title);
        expect(text, where).toContain('27 juin 2025'); // meeting date: the period's last day
      }
    }
  });

  it('says in French what it wrote, in a summary that lists the counts by document', () => {
    const r = s.run(['print', 'tout', '--period', 'PFMP 2', '--format', 'pdf']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      [
        'PFMP 2 (2MSPC1, Période 2) : 30 fichiers écrits dans documents/PFMP 2/',
        '  pré-convention        7 PDF',
        '  attestation de stage  7 PDF',
        '  bilan des attitudes   8 PDF',
        '  bilan entreprise      8 PDF',
        "Non produit pour DEGENDOUX Herbert : pré-convention — pas de pré-convention pour un apprenti : son contrat d'apprentissage en tient lieu.",
        "Non produit pour DEGENDOUX Herbert : attestation de stage — pas d'attestation de stage pour un apprenti : il est salarié, pas stagiaire.",
        '',
      ].join('\n'),
    );
    // Not a terminal: no progress bar on stderr.
    expect(r.stderr).toBe('');
  });
});

describe('cpro print --combine', () => {
  let s: ReturnType<typeof makeStore>;
  beforeAll(() => {
    s = makeStore();
  });
  afterAll(() => s.cleanup());

  it('also writes one PDF per document type, the learners in the class order; each pré-convention fits two pages', async () => {
    const { PDFDocument } = await import('pdf-lib');
    const pages = async (path: string) => (await PDFDocument.load(readFileSync(path))).getPageCount();
    const r = s.json(['print', 'tout', '--period', 'PFMP 2', '--format', 'pdf', '--combine', '--out', 'classe']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.data.combined.map((c) => [basename(c.path), c.documents])).toEqual([
      ['Pré-conventions - PFMP 2 - 2MSPC1.pdf', 7],
      ['Attestations de stage - PFMP 2 - 2MSPC1.pdf', 7],
      ['Bilans des attitudes - PFMP 2 - 2MSPC1.pdf', 8],
      ['Bilans entreprise - PFMP 2 - 2MSPC1.pdf', 8],
    ]);
    for (const c of r.data.combined) {
      const parts = r.data.files.filter((f) => f.document === c.document);
      let sum = 0;
      for (const f of parts) sum += await pages(f.path);
      expect(await pages(c.path), basename(c.path)).toBe(sum);
      expect(c.pages).toBe(sum);
    }
    // The signature block is never left alone on a third page: every fixture pré-convention holds on two.
    for (const f of r.data.files.filter((x) => x.document === 'preconvention')) expect(await pages(f.path), basename(f.path)).toBe(2);
    // The class order: the first pages of the combined pré-conventions are Aline ACCARDO's.
    const combined = flat((await pdfText(readFileSync(r.data.combined[0].path))).text);
    expect(combined.indexOf('ACCARDO')).toBeLessThan(combined.indexOf('NGUYỄN'));
    const text = s.run(['print', 'preconventions', '--period', 'PFMP 2', '--format', 'pdf', '--combine', '--out', 'classe']);
    expect(text.stdout).toContain("Pour imprimer d'un coup : Pré-conventions - PFMP 2 - 2MSPC1.pdf (7 documents, 14 pages)");
    const docxOnly = s.run(['print', 'preconventions', '--period', 'PFMP 2', '--format', 'docx', '--combine', '--out', 'x']);
    expect(docxOnly.code).toBe(2);
    expect(docxOnly.stderr).toBe('erreur : --combine assemble des PDF : choisissez --format pdf ou les-deux\n');
  });
});

describe('cpro print: period kinds, incomplete sheets, file names', () => {
  let s: ReturnType<typeof makeStore>;
  beforeAll(() => {
    s = makeStore();
  });
  afterAll(() => s.cleanup());

  it('gives a Période 1 no bilan entreprise and says why; a learner without company is reported, the others written (exit 1)', async () => {
    const r = s.run(['print', 'tout', '--period', 'PFMP 1', '--out', 'pfmp1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'PFMP 1 (2MSPC1, Période 1) : 40 fichiers écrits dans pfmp1/',
        '  pré-convention        7 DOCX, 7 PDF',
        '  attestation de stage  6 DOCX, 6 PDF',
        '  bilan des attitudes   7 DOCX, 7 PDF',
        'Non produit : bilan entreprise — une « Période 1 » est évaluée sur les seules attitudes professionnelles : pas de bilan entreprise.',
        "Non produit pour DEGENDOUX Herbert : pré-convention — pas de pré-convention pour un apprenti : son contrat d'apprentissage en tient lieu.",
        "Non produit pour DEGENDOUX Herbert : attestation de stage — pas d'attestation de stage pour un apprenti : il est salarié, pas stagiaire.",
        'En échec (1 apprenant) :',
        "  MA Aldryk — pas d'entreprise sur la fiche de liaison (attestation de stage, bilan des attitudes)",
        'Complétez les fiches (cpro liaison status --period "PFMP 1"), puis relancez : cpro print tout --period "PFMP 1" --learner "MA Aldryk"',
        '',
      ].join('\n'),
    );
    // MA Aldryk has no company yet: his pré-convention is printed, its company section left to complete.
    expect(r.stderr).toBe(
      "attention : pré-convention sans entreprise, à compléter à la main avec l'entreprise (MA Aldryk)\n" +
        'erreur : 1 apprenant en échec ; les autres documents ont été écrits\n',
    );
    const names = readdirSync(join(s.dir, 'pfmp1'));
    expect(names).toHaveLength(40);
    expect(names.filter((n) => n.startsWith('Bilan entreprise'))).toEqual([]);
    expect(names.filter((n) => n.includes('Aldryk')).sort()).toEqual(['Annexe PFMP 1 Aldryk MA.docx', 'Annexe PFMP 1 Aldryk MA.pdf']);
    const text = flat(await readBack(join(s.dir, 'pfmp1', 'Annexe PFMP 1 Aldryk MA.pdf')));
    expect(text).toContain("Entreprise non encore trouvée : à compléter avec l'entreprise qui accueille l'élève.");
  });

  it('lists the refusals and the documents not produced in --json', () => {
    const r = s.json(['print', 'grilles', '--period', 'PFMP 1', '--out', 'grilles1']);
    expect(r.code).toBe(1);
    expect(r.data.skipped).toEqual([
      {
        document: 'bilan-entreprise',
        reason: 'une « Période 1 » est évaluée sur les seules attitudes professionnelles : pas de bilan entreprise',
      },
    ]);
    expect(r.data.failures).toEqual([
      { learner: expect.objectContaining({ lastName: 'MA', firstName: 'Aldryk' }), document: 'bilan-attitudes', reason: "pas d'entreprise sur la fiche de liaison" },
    ]);
    expect(r.data.files.map((f) => f.document)).toEqual(Array(14).fill('bilan-attitudes'));
  });

  it('prints the certificative grid of an E33 period in place of the bilan entreprise, with no « Non produit » line', async () => {
    const r = s.run(['print', 'grilles', '--period', 'PFMP E33', '--format', 'pdf', '--out', 'e33']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('Non produit');
    const names = readdirSync(join(s.dir, 'e33'));
    const grids = names.filter((n) => n.startsWith('Grille certificative - PFMP E33 - '));
    expect(grids.length).toBeGreaterThan(0);
    expect(names.filter((n) => n.startsWith('Bilan attitudes - PFMP E33 - '))).toHaveLength(grids.length);
    expect(names.filter((n) => n.startsWith('Bilan entreprise'))).toEqual([]);
    const text = flat(await readBack(join(s.dir, 'e33', grids[0])));
    for (const wanted of ['Grille certificative E33', 'E33.2', 'Le diagnostic est conduit avec méthode et la cause identifiée', '4 : Très satisfaisant', 'Grille de travail (brouillon)']) {
      expect(text).toContain(wanted);
    }
  });

  it('refuses the pré-convention of a company named without its address, and prints the other documents', () => {
    // A learner still looking for a company gets a pré-convention to fill by hand; a company named but half
    // entered would give a half-filled one, so it is refused (the stricter rule of the hardening branch).
    s.ok(['liaison', 'set', '--period', 'PFMP 2', '--learner', 'FAŸ Jean-Baptiste', 'entreprise.adresse=', 'entreprise.ville=']);
    try {
      const r = s.json(['print', 'tout', '--period', 'PFMP 2', '--learner', 'FAŸ Jean-Baptiste', '--out', 'fay']);
      expect(r.code).toBe(1);
      expect(r.data.failures).toEqual([
        {
          learner: expect.objectContaining({ lastName: 'FAŸ', firstName: 'Jean-Baptiste' }),
          document: 'preconvention',
          reason: 'fiche de liaison incomplète, il manque : adresse, ville',
        },
      ]);
      expect(r.data.files.map((f) => basename(f.path))).toEqual([
        'Attestation - PFMP 2 - Jean-Baptiste FAŸ.docx',
        'Attestation - PFMP 2 - Jean-Baptiste FAŸ.pdf',
        'Bilan attitudes - PFMP 2 - Jean-Baptiste FAŸ.docx',
        'Bilan attitudes - PFMP 2 - Jean-Baptiste FAŸ.pdf',
        'Bilan entreprise - PFMP 2 - Jean-Baptiste FAŸ.docx',
        'Bilan entreprise - PFMP 2 - Jean-Baptiste FAŸ.pdf',
      ]);
    } finally {
      s.ok(['liaison', 'set', '--period', 'PFMP 2', '--learner', 'FAŸ Jean-Baptiste', 'entreprise.adresse=5, rue Pierre-Curie', 'entreprise.ville=Saint-Étienne-du-Rouvray']);
    }
  });

  it('names homonyms apart, the same way for the period and for one learner, and makes any name safe', async () => {
    // A second Aline ACCARDO, and a name with characters no file system takes, its é decomposed.
    const objectives = `"${PFMP2_OBJECTIVES.join('\n')}"`;
    const row = (last: string, first: string, ine: string, birth: string) =>
      `PFMP 2;Période 2;2MSPC1;02/06/2025;27/06/2025;${last};${first};${ine};${birth};;Scolaire;${objectives};A1T1, A1T2, A2T1, A2T2;2025-06-27`;
    const annex = join(s.dir, 'homonymes.csv');
    writeFileSync(
      annex,
      [
        'Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Date de naissance;Courriel;Statut;Objectifs;Activités;Date des bilans',
        row('ACCARDO', 'Aline', '110480199ZZ', '03/05/2007'),
        row('DUPONT/MARTIN: "LE GRAND"', 'Zoe\u0301', '110480198YY', '03/05/2008'),
      ].join('\n'),
    );
    s.ok(['import', 'annexe', annex]);
    s.ok(['liaison', 'set', '--period', 'PFMP 2', '--learner', '110480199ZZ', 'entreprise.nom=Scierie Ségur', 'entreprise.adresse=2 chemin du Moulin', 'entreprise.codePostal=76190', 'entreprise.ville=Yvetot']);
    s.ok(['liaison', 'set', '--period', 'PFMP 2', '--learner', '110480198YY', 'entreprise.nom=Garage Ōno', 'entreprise.adresse=3 rue Haute', 'entreprise.codePostal=76000', 'entreprise.ville=Rouen']);

    const all = s.json(['print', 'preconventions', '--period', 'PFMP 2', '--format', 'docx', '--out', 'homonymes']);
    expect(all.code, all.stderr).toBe(0);
    const names = all.data.files.map((f) => basename(f.path));
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(names).toContain('Annexe PFMP 2 Aline ACCARDO.docx');
    expect(names).toContain('Annexe PFMP 2 Aline ACCARDO (2).docx');
    expect(names).toContain("Annexe PFMP 2 Zoé DUPONT-MARTIN - 'LE GRAND'.docx");
    for (const n of names) {
      expect(n).not.toMatch(FORBIDDEN);
      expect(n).toBe(n.normalize('NFC'));
    }
    const second = all.data.files.find((f) => basename(f.path) === 'Annexe PFMP 2 Aline ACCARDO (2).docx')!;
    expect(await readBack(second.path)).toContain('Scierie Ségur');
    const first = all.data.files.find((f) => basename(f.path) === 'Annexe PFMP 2 Aline ACCARDO.docx')!;
    expect(await readBack(first.path)).toContain('Papeteries de la Seine');
    expect(await readBack(all.data.files.find((f) => f.path.includes('DUPONT'))!.path)).toContain('DUPONT/MARTIN: "LE GRAND"');

    // Printing the second Aline alone keeps her "(2)": it never overwrites the first one's file.
    const one = s.json(['print', 'preconventions', '--period', 'PFMP 2', '--learner', '110480199ZZ', '--format', 'pdf', '--out', 'homonymes']);
    expect(one.data.files.map((f) => basename(f.path))).toEqual(['Annexe PFMP 2 Aline ACCARDO (2).pdf']);
    expect((await pdfText(readFileSync(one.data.files[0].path))).text).toContain('Scierie Ségur');
  });

  it('refuses unknown documents and formats as usage errors (exit 2)', () => {
    let r = s.run(['print', 'conventions', '--period', 'PFMP 2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('erreur : documents inconnus « conventions » : choisissez preconventions, attestations, grilles ou tout\n');
    r = s.run(['print', 'tout', '--period', 'PFMP 2', '--format', 'odt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('valeur « odt » invalide');
    // French and singular spellings are understood.
    r = s.run(['print', 'Pré-convention', '--period', 'PFMP 2', '--learner', 'MA Aldryk', '--format', 'pdf', '--out', 'x']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(s.dir, 'x'))).toEqual(['Annexe PFMP 2 Aldryk MA.pdf']);
  });

  it('warns when the school is not configured, and leaves its fields to complete', () => {
    s.ok(['config', 'unset', 'etablissement.uai']);
    const r = s.run(['print', 'attestations', '--period', 'PFMP 2', '--learner', 'MA Aldryk', '--format', 'docx', '--out', 'sans-uai']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'attention : établissement incomplet (etablissement.uai non renseigné) : ces champs sont laissés à compléter à la main (cpro config set etablissement.uai "…")\n',
    );
    s.ok(['config', 'set', 'etablissement.uai', SCHOOL.uai]);
  });
});

describe('cpro print: grids filled from recorded evaluations', () => {
  let s: ReturnType<typeof makeStore>;
  beforeAll(() => {
    s = makeStore();
  });
  afterAll(() => s.cleanup());

  it('prints the recorded bilan entreprise: ticked tasks, answers, stars, meeting date, comment', async () => {
    s.ok(['eval', 'import', join(FIXTURES, 'bilans-entreprise-pfmp2.csv'), '--period', 'PFMP 2']);
    const r = s.json(['print', 'grilles', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline', '--out', 'remplies']);
    expect(r.code, r.stderr).toBe(0);
    const docx = r.data.files.find((f) => f.document === 'bilan-entreprise' && f.format === 'docx')!;
    const text = await readBack(docx.path);
    expect(text).toContain('Bonne implication, doit gagner en autonomie sur les relevés.');
    expect(text).toContain('26 juin 2025');
    // Four tasks ticked and seven answers marked: one "X" cell each.
    expect(text.split('\n').filter((line) => line === 'X')).toHaveLength(4 + 7);
    const pdf = (await pdfText(readFileSync(r.data.files.find((f) => f.document === 'bilan-entreprise' && f.format === 'pdf')!.path))).text;
    expect(pdf).toContain('Bonne implication, doit gagner en autonomie sur les relevés.');
    expect(pdf).toContain('★★★☆');
    // An unrecorded learner still gets the blank grid for the visit.
    const blank = s.json(['print', 'grilles', '--period', 'PFMP 2', '--learner', 'DEGENDOUX Herbert', '--format', 'docx', '--out', 'remplies']);
    const blankText = await readBack(blank.data.files.find((f) => f.document === 'bilan-entreprise')!.path);
    expect(blankText.split('\n').filter((line) => line === 'X')).toHaveLength(0);
  });

  it('prints the recorded bilan des attitudes', async () => {
    s.ok(['eval', 'import', join(FIXTURES, 'attitudes-pfmp1.csv'), '--period', 'PFMP 1', '--type', 'attitudes']);
    const r = s.json(['print', 'grilles', '--period', 'PFMP 1', '--learner', 'ACCARDO Aline', '--format', 'pdf', '--out', 'attitudes']);
    expect(r.code, r.stderr).toBe(0);
    const text = (await pdfText(readFileSync(r.data.files[0].path))).text;
    expect(text).toContain('Première période sérieuse.');
    expect(text).toContain('7 février 2025');
  });
});

describe('cpro print: worker threads, terminal, LibreOffice', () => {
  let s: ReturnType<typeof makeStore>;
  beforeAll(() => {
    s = makeStore();
  });
  afterAll(() => s.cleanup());

  it('writes the same files, with the same content, when worker threads share the batch', async () => {
    const main = s.json(['print', 'tout', '--period', 'PFMP 2', '--out', 'seul'], { CPRO_PRINT_WORKERS: '0' });
    const threads = s.json(['print', 'tout', '--period', 'PFMP 2', '--out', 'fils'], { CPRO_PRINT_WORKERS: '2' });
    expect(threads.code, threads.stderr).toBe(0);
    const names = (r: typeof main) => r.data.files.map((f) => `${f.learner.id} ${f.document} ${f.format} ${basename(f.path)}`);
    expect(names(threads)).toEqual(names(main));
    // Nothing left behind: no temporary file.
    expect(readdirSync(join(s.dir, 'fils')).sort()).toEqual(threads.data.files.map((f) => basename(f.path)).sort());
    for (const [a, b] of main.data.files.map((f, i) => [f, threads.data.files[i]] as const).filter(([f]) => f.learner.lastName === 'NGUYỄN')) {
      expect(flat(await readBack(b.path))).toBe(flat(await readBack(a.path)));
    }
  });

  it('shows a progress bar on a terminal, then the summary', async (ctx) => {
    requireTool('tmux', ctx);
    const t = openTerminal(['--db', s.db, 'print', 'tout', '--period', 'PFMP 2', '--out', join(s.dir, 'tty')]);
    try {
      await t.waitFor(/Impression [█░]+ \d+\/60/, 15_000);
      expect(await t.exitCode(30_000)).toBe(0);
      expect(t.screen()).toContain('PFMP 2 (2MSPC1, Période 2) : 60 fichiers écrits dans');
    } finally {
      t.close();
    }
  });

  it('prints DOCX that LibreOffice opens and converts with their text intact', async (ctx) => {
    const soffice = requireTool('soffice', ctx);
    const r = s.json(['print', 'tout', '--period', 'PFMP 2', '--learner', 'NGUYỄN Thị Lan', '--format', 'docx', '--out', 'lo']);
    expect(r.code, r.stderr).toBe(0);
    const out = join(s.dir, 'lo-pdf');
    const conv = spawnSync(
      soffice,
      [`-env:UserInstallation=${pathToFileURL(join(s.dir, 'lo-profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', out, ...r.data.files.map((f) => f.path)],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(conv.status, conv.stderr).toBe(0);
    const pdfs = readdirSync(out).sort();
    expect(pdfs).toEqual(r.data.files.map((f) => basename(f.path).replace(/\.docx$/, '.pdf')).sort());
    for (const name of pdfs) {
      const text = (await pdfText(readFileSync(join(out, name)))).text;
      expect(text, name).toContain('NGUYỄN');
      expect(text, name).toContain('Fragrance Plus');
    }
    const annexe = (await pdfText(readFileSync(join(out, 'Annexe PFMP 2 Thị Lan NGUYỄN.pdf')))).text;
    for (const o of PFMP2_OBJECTIVES) expect(annexe).toContain(o);
  });
});
