// Evaluations through the built CLI: a whole period from one CSV, errors with their lines, encodings, round-trip,
// kind and lock rules, and the bilans personnels.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpro, cproJson, tempDir, FIXTURES } from '../helpers/cli.js';

interface Report {
  period: string;
  className: string;
  type: string;
  evaluations: { created: number; updated: number; unchanged: number };
  blank: number;
  changes: Array<{ line: number; learner: string; change: string; details: string[] }>;
  warnings: string[];
  errors: Array<{ line?: number; column?: string; message: string }>;
}
interface Shown {
  sections: Array<{
    type: string;
    available: boolean;
    reason: string | null;
    locked: boolean;
    evaluation: null | { tasksDone: string[]; levels: Record<string, string>; modes: Record<string, string>; engagement: number | null; meetingDate: string; comment: string | null };
  }>;
}

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'cpro.db');
  expect(cpro(['--db', db, 'import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')]).code).toBe(0);
});
afterEach(() => cleanup());

const BILANS = join(FIXTURES, 'bilans-entreprise-pfmp2.csv');
/** The référentiel's competencies and their detailed ones, with their titles. */
const referentielItems: Array<{ code: string; title: string }> = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'templates', 'referentiels', 'bac-pro-mspc.json'), 'utf8')) as {
    competencies: Array<{ code: string; title: string; details?: Array<{ code: string; title: string }> }>;
  }
).competencies.flatMap((c) => [c, ...(c.details ?? [])]);
const write = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const run = (...args: string[]) => cpro(['--db', db, ...args]);
const show = (learner: string, period = 'PFMP 2') => cproJson<Shown>(db, ['eval', 'show', '--period', period, '--learner', learner]).data;
const entreprise = (learner: string) => show(learner).sections.find((s) => s.type === 'entreprise')!;

/** A bilan intermédiaire for the class, as the teacher records it. */
function addBilanIntermediaire(className: string, iso: string): void {
  const r = run('bilans-intermediaires', 'add', '--class', className, '--date', iso);
  expect(r.code, r.stderr).toBe(0);
}

describe('cpro eval import', () => {
  it("records a whole period's bilans entreprise from one CSV, then finds nothing to change", () => {
    const first = cproJson<Report>(db, ['eval', 'import', BILANS, '--period', 'PFMP 2']);
    expect(first.code).toBe(0);
    expect(first.data).toMatchObject({ period: 'PFMP 2', className: '2MSPC1', type: 'entreprise', blank: 1, errors: [], warnings: [] });
    expect(first.data.evaluations).toEqual({ created: 7, updated: 0, unchanged: 0 });
    expect(first.data.changes.map((c) => `${c.line} ${c.learner}`)).toEqual([
      '2 ACCARDO Aline', '3 NGUYỄN Thị Lan', '5 ŒUVRAY Zoé', '6 FAŸ Jean-Baptiste',
      '7 JEAN-FRANÇOIS Célia-Tassadit', '8 BOULEAU Cédric', '9 MA Aldryk',
    ]);

    expect(entreprise('ACCARDO Aline').evaluation).toEqual({
      assignmentId: expect.any(Number),
      type: 'entreprise',
      tasksDone: ['A1T1', 'A1T2', 'A2T1', 'A2T2'],
      levels: { 'C1.1': '3', 'C1.2': '3', 'C2.1.1': '4', 'C2.1.2': '3', 'C2.2': '2', 'C2.3': 'NE', 'C3.2': '3' },
      modes: { 'C1.1': 'global', 'C2.1': 'detailed', 'C2.3': 'global' },
      engagement: 3,
      meetingDate: '2025-06-26',
      comment: 'Bonne implication, doit gagner en autonomie sur les relevés.',
      updatedAt: expect.any(String),
      // Entered by the teacher through `cpro eval import`, as against a tutor through the portal.
      provenance: { status: 'validated', enteredBy: 'enseignant', validatedBy: 'enseignant', validatedAt: expect.any(String), enteredAt: expect.any(String) },
    });
    // No INE: recognised by name; empty date: the period's last day; a multi-line comment kept.
    expect(entreprise('BOULEAU Cédric').evaluation).toMatchObject({ meetingDate: '2025-06-26', comment: null });
    expect(entreprise('ŒUVRAY Zoé').evaluation).toMatchObject({ meetingDate: '2025-06-27', engagement: 4 });
    expect(entreprise('NGUYEN Thi Lan').evaluation?.comment).toBe('Progrès nets en fin de période.\nRevoir la lecture de schémas.');
    expect(entreprise('DEGENDOUX Herbert').evaluation).toBeNull();

    const again = run('eval', 'import', BILANS, '--period', 'PFMP 2');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      'Aucun changement : les bilans entreprise de « PFMP 2 » (2MSPC1) étaient déjà à jour.\n' +
        '  0 créé, 0 mis à jour, 7 inchangés, 1 ligne vide ignorée\n',
    );
  });

  it('reads the same bilans in UTF-16LE with tabs and in Windows-1252 with commas', () => {
    const rows = [
      ['INE', 'Nom', 'Prénom', 'C1.1', 'C2.2', 'Tâches', 'Engagement', 'Commentaire'],
      ['110480125CC', 'ŒUVRAY', 'Zoé', '4', '3', 'A1T1 | A2T1', '4', 'Très bien ; à reprendre'],
      ['110480126DD', 'FAŸ', 'Jean-Baptiste', '2', 'NE', 'A1T1', '2', '« Absences »'],
      ['', 'JEAN-FRANÇOIS', 'Célia-Tassadit', '3', '', '', '3', ''],
    ];
    const csv = (sep: string) => rows.map((r) => r.map((c) => (/[;,\t]/.test(c) ? `"${c}"` : c)).join(sep)).join('\r\n');
    const cp1252 = (s: string) => Buffer.from([...s].map((ch) => ({ Œ: 0x8c, Ÿ: 0x9f, œ: 0x9c } as Record<string, number>)[ch] ?? ch.charCodeAt(0)));
    const latin = write('latin.csv', cp1252(csv(',')));
    const utf16 = write('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv('\t'), 'utf16le')]));
    const a = cproJson<Report>(db, ['eval', 'import', latin, '--period', 'PFMP 2']);
    expect(a.data.errors).toEqual([]);
    expect(a.data.evaluations).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const b = cproJson<Report>(db, ['eval', 'import', utf16, '--period', 'PFMP 2']);
    expect(b.data.evaluations).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(entreprise('FAŸ Jean-Baptiste').evaluation).toMatchObject({
      levels: { 'C1.1': '2', 'C2.2': 'NE' }, tasksDone: ['A1T1'], comment: '« Absences »',
    });
    expect(entreprise('ŒUVRAY Zoé').evaluation?.comment).toBe('Très bien ; à reprendre');
  });

  it('reports every error with its line and column, and writes nothing', () => {
    const bad = write('bad.csv', [
      'INE;Nom;Prénom;C1.1;C1.1.1;C2.2;Tâches;Engagement;Date de rencontre;Commentaire',
      '110480123AA;ACCARDO;Aline;3;;4;A1T1;3;26/06/2025;Très bien',
      ';ACCARDO;Aline;3;2;5;A1T1, Z9;6;31/02/2025;',
      ';DUPONT;Jean;3;;;;;;',
      '110480127EE;;;2;;3;;;01/05/2025;',
      '110480124BB;;;;;3;;;;',
    ].join('\n'));
    const r = run('eval', 'import', bad, '--period', 'PFMP 2');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'erreur : ligne 3, ACCARDO Aline, colonne « C2.2 » : réponse « 5 » invalide pour C2.2 (valeurs possibles : 4, 3, 2, 1, 0, NE ou vide)',
        "erreur : ligne 3, ACCARDO Aline, colonne « C1.1 » : C1.1 est évaluée à la fois globalement et par compétences détaillées (C1.1.1) : videz l'un ou l'autre",
        'erreur : ligne 3, ACCARDO Aline, colonne « Tâches » : code de tâche inconnu « Z9 » (référentiel BACPRO-MSPC)',
        'erreur : ligne 3, ACCARDO Aline, colonne « Engagement » : engagement « 6 » invalide (de 1 à 4 étoiles, ou vide)',
        'erreur : ligne 3, ACCARDO Aline, colonne « Date de rencontre » : date invalide « 31/02/2025 » (formats acceptés : jj/mm/aaaa ou aaaa-mm-jj)',
        'erreur : ligne 4, DUPONT Jean, colonne « Nom » : apprenant introuvable dans la période « PFMP 2 » (2MSPC1) : DUPONT Jean',
        'erreur : ligne 5, JEAN-FRANÇOIS Célia-Tassadit, colonne « Date de rencontre » : la date de rencontre (01/05/2025) précède le début de la période (02/06/2025)',
        "erreur : 7 erreurs : rien n'a été enregistré.",
        '',
      ].join('\n'),
    );
    // Line 2 and line 6 were valid, but nothing is written while an error remains.
    expect(entreprise('ACCARDO Aline').evaluation).toBeNull();
    expect(entreprise('NGUYEN Thi Lan').evaluation).toBeNull();
  });

  it('refuses unknown and misplaced columns by name, and a learner listed twice', () => {
    const header = write('header.csv', 'Nom;Prénom;C1.1;C9.9;AT1;Classe\nACCARDO;Aline;3;;;2MSPC1\n');
    const r = run('eval', 'import', header, '--period', 'PFMP 2', '--type', 'entreprise');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        'attention : colonne inconnue ignorée : « Classe »',
        'erreur : header.csv, colonne « AT1 » : en-tête : la colonne « AT1 » est une attitude : elle n\'a pas sa place dans un bilan entreprise',
        'erreur : header.csv, colonne « C9.9 » : en-tête : code « C9.9 » inconnu du référentiel BACPRO-MSPC (voir « cpro referentiel show »)',
        "erreur : 2 erreurs : rien n'a été enregistré.",
        '',
      ].join('\n'),
    );
    const twice = write('twice.csv', 'INE;Nom;Prénom;C1.1\n110480123AA;;;3\n;Accardo;aline;4\n');
    const t = run('eval', 'import', twice, '--period', 'PFMP 2');
    expect(t.stderr).toContain('erreur : ligne 3, ACCARDO Aline, colonne « Nom » : ACCARDO Aline figure déjà à la ligne 2\n');
  });

  it('keeps what absent columns hold, and lets --dry-run show the changes without writing them', () => {
    expect(run('eval', 'import', BILANS, '--period', 'PFMP 2').code).toBe(0);
    const partial = write('partial.csv', 'Nom;Prénom;C2.2;Commentaire\nACCARDO;Aline;3;\n');
    const dry = run('eval', 'import', partial, '--period', 'PFMP 2', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      "Simulation (--dry-run) : rien n'a été écrit. L'import des bilans entreprise de « PFMP 2 » (2MSPC1) ferait :\n" +
        '  0 créé, 1 mis à jour, 0 inchangé\n' +
        '  ACCARDO Aline (ligne 2) : C2.2 : 2 → 3, commentaire\n',
    );
    expect(entreprise('ACCARDO Aline').evaluation?.levels['C2.2']).toBe('2');
    expect(run('eval', 'import', partial, '--period', 'PFMP 2').code).toBe(0);
    expect(entreprise('ACCARDO Aline').evaluation).toMatchObject({
      levels: { 'C1.1': '3', 'C2.2': '3' },
      engagement: 3,
      comment: null,
      tasksDone: ['A1T1', 'A1T2', 'A2T1', 'A2T2'],
    });
  });
});

describe('cpro eval export', () => {
  it('writes UTF-8 with BOM and ";" that re-imports unchanged, including after an edit', () => {
    expect(run('eval', 'import', BILANS, '--period', 'PFMP 2').code).toBe(0);
    const out = join(dir, 'export.csv');
    const r = run('eval', 'export', '--period', 'PFMP 2', '--type', 'entreprise', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${out} : bilan entreprise de « PFMP 2 » (2MSPC1), 8 apprenants, 7 déjà évalués.\n`);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    // Each code with its title, so that the grid can be filled in a spreadsheet.
    const titled = (code: string) => {
      const c = referentielItems.find((i) => i.code === code)!;
      return `${code} ${c.title}`;
    };
    expect(lines[0]).toBe(
      ['INE', 'Nom', 'Prénom', ...['C1.1', 'C1.1.1', 'C1.1.2', 'C1.2', 'C2.1', 'C2.1.1', 'C2.1.2', 'C2.2', 'C2.3', 'C2.3.1', 'C2.3.2', 'C2.3.3', 'C3.1', 'C3.2'].map(titled),
        'Tâches', 'Engagement', 'Date de rencontre', 'Commentaire'].join(';'),
    );
    expect(lines[1]).toBe('110480123AA;ACCARDO;Aline;3;;;3;;4;3;2;NE;;;;;3;A1T1, A1T2, A2T1, A2T2;3;26/06/2025;Bonne implication, doit gagner en autonomie sur les relevés.');
    // Not evaluated yet: the tasks of his liaison sheet are pre-filled, and the row still imports as blank.
    expect(lines).toContain('110480130HH;DEGENDOUX;Herbert;;;;;;;;;;;;;;;A1T1, A1T2, A2T1, A2T2;;;');
    const again = run('eval', 'export', '--period', 'PFMP 2', '--type', 'entreprise', out);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`erreur : « ${out} » existe déjà (il peut contenir une grille remplie) : choisissez un autre nom, ou ajoutez --force pour le remplacer\n`);
    expect(run('eval', 'export', '--period', 'PFMP 2', '--type', 'entreprise', out, '--force').code).toBe(0);

    const back = cproJson<Report>(db, ['eval', 'import', out, '--period', 'PFMP 2']);
    expect(back.data.evaluations).toEqual({ created: 0, updated: 0, unchanged: 7 });
    expect(back.data.blank).toBe(1);

    // Edit in the exported file: one level and the comment of one learner.
    const text = bytes.toString('utf8');
    expect(text).toContain(';MA;Aldryk;3;;;2;3;;;3;1;;;;2;2;A1T1, A1T2, A2T2;3;27/06/2025;');
    writeFileSync(out, text.replace(';MA;Aldryk;3;;;2;3;;;3;1;', ';MA;Aldryk;3;;;2;3;;;3;2;'));
    const edited = cproJson<Report>(db, ['eval', 'import', out, '--period', 'PFMP 2']);
    expect(edited.data.evaluations).toEqual({ created: 0, updated: 1, unchanged: 6 });
    expect(edited.data.changes).toEqual([{ line: 7, learner: 'MA Aldryk', change: 'updated', details: ['C2.3 : 1 → 2'] }]);
  });

  it('neutralises a comment that a spreadsheet would take for a formula, and reads it back as it was', () => {
    const risky = write('risky.csv', 'INE;C1.1;Commentaire\n110480123AA;3;"=HYPERLINK(""x"")"\n110480125CC;4;- à revoir\n');
    expect(run('eval', 'import', risky, '--period', 'PFMP 2').code).toBe(0);
    const out = join(dir, 'risky-export.csv');
    expect(run('eval', 'export', '--period', 'PFMP 2', '--type', 'entreprise', out).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(';"\'=HYPERLINK(""x"")"\r\n');
    expect(text).toContain(";'- à revoir\r\n");
    const back = cproJson<Report>(db, ['eval', 'import', out, '--period', 'PFMP 2']);
    expect(back.data.evaluations).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(entreprise('ŒUVRAY Zoé').evaluation?.comment).toBe('- à revoir');
  });

  it('exports and re-imports the attitudes of a Période 1', () => {
    expect(run('eval', 'import', join(FIXTURES, 'attitudes-pfmp1.csv'), '--period', 'PFMP 1').code).toBe(0);
    const csv = run('eval', 'export', '--period', 'PFMP 1', '--type', 'attitudes');
    expect(csv.stdout.split('\r\n')[0]).toMatch(/^\ufeffINE;Nom;Prénom;AT1 \S.*;AT10 \S[^;]*;Date de rencontre;Commentaire$/);
    const back = cproJson<Report>(db, ['eval', 'import', write('at.csv', csv.stdout), '--period', 'PFMP 1']);
    expect(back.data).toMatchObject({ type: 'attitudes', evaluations: { created: 0, updated: 0, unchanged: 8 } });
  });
});

describe('rules', () => {
  it('refuses a bilan entreprise for a Période 1, saying why', () => {
    const message =
      "erreur : « PFMP 1 » (2MSPC1) n'a pas de bilan entreprise : une « Période 1 » est évaluée sur les seules " +
      "attitudes professionnelles ; seul le bilan des attitudes professionnelles (--type attitudes) s'y enregistre\n";
    const r = run('eval', 'import', BILANS, '--period', 'PFMP 1');
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: message });
    expect(run('eval', 'export', '--period', 'PFMP 1', '--type', 'entreprise').stderr).toBe(message);
    const shown = show('ACCARDO Aline', 'PFMP 1').sections[0];
    expect(shown).toMatchObject({ type: 'entreprise', available: false, evaluation: null });
    expect(shown.reason).toContain('seules attitudes professionnelles');
  });

  it('refuses the interactive grid without a terminal, pointing to eval import', () => {
    const r = run('eval', 'entreprise', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'erreur : « cpro eval entreprise » pose ses questions dans un terminal interactif, absent ici ; pour un script, ' +
        'utilisez « cpro eval import <fichier.csv> --period "PFMP 2" --type entreprise » (voir « cpro eval import --help »)\n',
    );
  });

  it('locks bilans whose meeting date is before the latest bilan intermédiaire, giving both dates', () => {
    expect(run('eval', 'import', BILANS, '--period', 'PFMP 2').code).toBe(0);
    addBilanIntermediaire('2MSPC1', '2025-06-27');
    // Unchanged rows pass: the import stays idempotent on a locked period.
    expect(run('eval', 'import', BILANS, '--period', 'PFMP 2').code).toBe(0);

    const change = write('change.csv', 'INE;C2.2\n110480123AA;3\n110480125CC;2\n');
    const r = run('eval', 'import', change, '--period', 'PFMP 2');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'erreur : ligne 2, ACCARDO Aline, colonne « Date de rencontre » : le bilan entreprise est verrouillé : sa date de ' +
        'rencontre (26/06/2025) est antérieure au dernier bilan intermédiaire de compétences de la classe (27/06/2025)\n' +
        "erreur : 1 erreur : rien n'a été enregistré.\n",
    );
    // ŒUVRAY's meeting was on 27/06, the day of the bilan intermédiaire: not locked, but nothing was written.
    expect(entreprise('ŒUVRAY Zoé').evaluation?.levels['C2.2']).toBe('3');
    expect(entreprise('ACCARDO Aline')).toMatchObject({ locked: true });

    const text = run('eval', 'show', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline', '--type', 'entreprise');
    expect(text.stdout).toContain(
      'Le bilan entreprise est verrouillé : sa date de rencontre (26/06/2025) est antérieure au dernier bilan ' +
        'intermédiaire de compétences de la classe (27/06/2025).',
    );
    // Nor may a new bilan be dated before it.
    const early = write('early.csv', 'INE;AT1;Date de rencontre\n110480123AA;3;20/06/2025\n');
    expect(run('eval', 'import', early, '--period', 'PFMP 2').stderr).toContain(
      'ACCARDO Aline, colonne « Date de rencontre » : la date de rencontre 20/06/2025 est antérieure au dernier bilan intermédiaire de compétences de la classe (27/06/2025)',
    );
  });
});

describe('cpro bilan-personnel', () => {
  const BP = join(FIXTURES, 'bilans-personnels-pfmp2.csv');

  it('imports, shows, and replaces on re-import', () => {
    const first = cproJson<{ bilans: Record<string, number> }>(db, ['bilan-personnel', 'import', BP, '--period', 'PFMP 2']);
    expect(first.code).toBe(0);
    expect(first.data.bilans).toEqual({ created: 4, updated: 0, unchanged: 0 });
    expect(cproJson<{ bilans: Record<string, number> }>(db, ['bilan-personnel', 'import', BP, '--period', 'PFMP 2']).data.bilans)
      .toEqual({ created: 0, updated: 0, unchanged: 4 });

    const shown = run('bilan-personnel', 'show', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline');
    expect(shown.code).toBe(0);
    expect(shown.stdout.split('\n').slice(0, 13).join('\n')).toBe(
      [
        "Bilan personnel de l'élève ACCARDO Aline — PFMP 2 (2MSPC1)",
        '',
        'Mes points forts',
        '  • Assiduité et ponctualité',
        '  • Hygiène et protection',
        '  • Communication',
        '',
        'Mes axes de progrès',
        '  • Autonomie',
        '  • Initiative',
        '',
        'Mes perspectives pour la prochaine PFMP',
        '  Intégrer un service de maintenance dans une entreprise industrielle.',
      ].join('\n'),
    );

    const again = write('bp.csv', 'INE;Points forts;Axes de progrès;Perspectives\n110480123AA;Initiative;;Passer en 1re MSPC.\n');
    expect(run('bilan-personnel', 'import', again, '--period', 'PFMP 2').code).toBe(0);
    const replaced = cproJson<{ bilan: { strengths: string[]; improvements: string[]; perspectives: string[] } }>(
      db, ['bilan-personnel', 'show', '--period', 'PFMP 2', '--learner', '110480123AA'],
    ).data.bilan;
    expect(replaced).toMatchObject({ strengths: ['Initiative'], improvements: [], perspectives: ['Passer en 1re MSPC.'] });
  });

  it('reports an unknown learner with its line', () => {
    const bad = write('bp.csv', 'Nom;Prénom;Points forts\nACCARDO;Aline;Rigueur\nMARTIN;Léa;Écoute\n');
    const r = run('bilan-personnel', 'import', bad, '--period', 'PFMP 2');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'erreur : ligne 3, MARTIN Léa, colonne « Nom » : apprenant introuvable dans la période « PFMP 2 » (2MSPC1) : MARTIN Léa\n' +
        "erreur : 1 erreur : rien n'a été enregistré.\n",
    );
  });
});
