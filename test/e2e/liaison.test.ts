// Liaison sheets through the built CLI, as a teacher fills them: set, the interactive editor in a real terminal,
// a bulk CSV; individualised sheets surviving an annex change; invalid values refused with nothing written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { sqlRow } from '../helpers/engine.js';
import { cpro, cproJson, tempDir, FIXTURES } from '../helpers/cli.js';
import { answerPrompt, openTerminal } from '../helpers/tmux.js';
import { requireTool } from '../helpers/tools.js';

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'cpro.db');
});
afterEach(() => cleanup());

const run = (...args: string[]) => cpro(['--db', db, ...args]);
const fixture = (f: string) => join(FIXTURES, f);
const write = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const importAnnexes = (...files: string[]) => {
  for (const f of files) expect(run('import', 'annexe', fixture(f)).code).toBe(0);
};

interface SheetRow {
  company_name: string | null;
  company_postal_code: string | null;
  company_phone: string | null;
  tutor_email: string | null;
  tutor_phone: string | null;
  objectives: string | null;
  tasks: string | null;
  updated_at: string | null;
}
/** The stored sheet, read straight from the store. */
function storedSheet(periodName: string, lastName: string): SheetRow {
  return sqlRow<SheetRow>(
    db,
    `SELECT s.* FROM liaison_sheets s JOIN assignments a ON a.id = s.assignment_id
     JOIN periods p ON p.id = a.period_id JOIN learners l ON l.id = a.learner_id
     WHERE p.name = ? AND l.last_name = ?`,
    [periodName, lastName],
  )!;
}

interface View {
  company: Record<string, string | null>;
  tutor: Record<string, string | null>;
  objectives: { inherited: boolean; items: string[] };
  tasks: { inherited: boolean; items: Array<{ code: string; title: string }> };
  individualised: boolean;
  missing: string[];
}
const view = (period: string, learner: string) => cproJson<View>(db, ['liaison', 'show', '--period', period, '--learner', learner]).data;

describe('cpro liaison show', () => {
  it('shows an empty sheet with the annex objectives and tasks, and what is missing', () => {
    importAnnexes('annexe-2mspc1.csv');
    const r = run('liaison', 'show', '--period', 'PFMP 1', '--learner', 'accardo aline');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'Fiche de liaison entreprise — Aline ACCARDO (2MSPC1)',
        'Période : PFMP 1 — du 13 janvier 2025 au 7 février 2025',
        '',
        "Entreprise d'accueil",
        '  Raison sociale      —',
        '  Adresse             —',
        '  Code postal         —',
        '  Ville               —',
        "  Secteur d'activité  —",
        '  Téléphone           —',
        '  SIRET               —',
        '  Signataire          —',
        '',
        'Tuteur',
        '  Nom                 —',
        '  Prénom              —',
        '  Téléphone           —',
        '  Courriel            —',
        '  Fonction            —',
        '',
        "Objectifs de formation (ceux de l'annexe) :",
        "  - Découvrir le monde de l'entreprise",
        '  - Observer les métiers de la maintenance',
        '  - Adopter une attitude professionnelle',
        '',
        "Tâches confiées (celles de l'annexe) :",
        "  A1T1  Prendre connaissance de la demande d'intervention et du dossier technique",
        "  A1T3  Sécuriser la zone et consigner l'installation",
        '',
        'À compléter : raison sociale, adresse, code postal, ville, nom du tuteur, prénom du tuteur, courriel du tuteur',
        '',
      ].join('\n'),
    );
  });

  it('finds the learner by id, INE or name ignoring case and accents, and lists homonyms', () => {
    importAnnexes('annexe-2mspc1.csv');
    for (const who of ['5', '110480127EE', 'jean-francois celia-tassadit', 'Célia-Tassadit JEAN-FRANÇOIS']) {
      expect(cproJson<{ learner: { id: number } }>(db, ['liaison', 'show', '--period', 'PFMP 2', '--learner', who]).data.learner.id).toBe(5);
    }
    const homonyms = write(
      'homonymes.csv',
      'Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;Date de naissance\n' +
        'PFMP A;Période 1;2MSPC2;13/01/2025;07/02/2025;MARTIN;Léa;01/02/2009\n' +
        'PFMP A;Période 1;2MSPC2;13/01/2025;07/02/2025;MARTIN;Léa;03/04/2010\n',
    );
    expect(run('import', 'annexe', homonyms).code).toBe(0);
    const r = run('liaison', 'show', '--period', 'PFMP A', '--learner', 'martin lea');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "erreur : plusieurs apprenants correspondent à « martin lea » dans cette période ; précisez l'identifiant ou l'INE :\n" +
        '  9  MARTIN Léa (2MSPC2, né(e) le 2009-02-01)\n' +
        '  10  MARTIN Léa (2MSPC2, né(e) le 2010-04-03)\n',
    );
    expect(run('liaison', 'show', '--period', 'PFMP 1', '--learner', 'DUPONT').stderr).toBe(
      'erreur : apprenant introuvable dans cette période : « DUPONT » (voir « cpro learners list »)\n',
    );
  });
});

describe('cpro liaison set and reset', () => {
  it('fills a sheet, storing normalised values', () => {
    importAnnexes('annexe-2mspc1.csv');
    const r = run(
      'liaison', 'set', '--period', 'PFMP 1', '--learner', 'ACCARDO Aline',
      'entreprise.nom=Fragrance Plus', 'entreprise.adresse=45, rue du Bois noir', 'entreprise.codePostal=76 000',
      'entreprise.ville=Rouen', 'entreprise.telephone=+33 2 32 10 20 30', 'tuteur.nom=BOISSEAU', 'tuteur.prenom=Julien',
      'tuteur.telephone=06.12.34.56.78', 'tuteur.courriel=Julien.Boisseau@Fragrance-Plus.example',
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      "Fiche de liaison d'Aline ACCARDO (PFMP 1) mise à jour : raison sociale, adresse, code postal, ville, " +
        "téléphone de l'entreprise, nom du tuteur, prénom du tuteur, téléphone du tuteur, courriel du tuteur.\n",
    );
    expect(storedSheet('PFMP 1', 'ACCARDO')).toMatchObject({
      company_name: 'Fragrance Plus',
      company_postal_code: '76000',
      company_phone: '02 32 10 20 30',
      tutor_phone: '06 12 34 56 78',
      tutor_email: 'julien.boisseau@fragrance-plus.example',
      objectives: null,
      tasks: null,
    });
    const v = view('PFMP 1', '1');
    expect(v.missing).toEqual([]);
    expect(v.individualised).toBe(false);

    const again = run('liaison', 'set', '--period', 'PFMP 1', '--learner', '1', 'entreprise.ville=Rouen');
    expect(again.stdout).toBe("Aucun changement : la fiche de liaison d'Aline ACCARDO (PFMP 1) était déjà à jour.\n");
    // An empty value clears a field.
    expect(run('liaison', 'set', '--period', 'PFMP 1', '--learner', '1', 'tuteur.telephone=').stdout).toBe(
      "Fiche de liaison d'Aline ACCARDO (PFMP 1) mise à jour : téléphone du tuteur.\n",
    );
    expect(storedSheet('PFMP 1', 'ACCARDO').tutor_phone).toBeNull();
  });

  it('refuses every invalid value at once and writes nothing', () => {
    importAnnexes('annexe-2mspc1.csv');
    const r = run(
      'liaison', 'set', '--period', 'PFMP 1', '--learner', 'ACCARDO Aline', 'entreprise.nom=Fragrance Plus',
      'entreprise.codePostal=7600', 'tuteur.courriel=julien@', 'tuteur.telephone=12 34', '--add-task', 'A9T9',
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'erreur : entreprise.codePostal : code postal invalide « 7600 » : 5 chiffres (ex. 76000)',
        'erreur : tuteur.courriel : adresse électronique invalide « julien@ » (ex. prenom.nom@entreprise.fr)',
        'erreur : tuteur.telephone : numéro de téléphone invalide « 12 34 » : 10 chiffres commençant par 0 (ex. 02 32 12 34 56) ou +33…',
        'erreur : --add-task : code de tâche inconnu « A9T9 » (référentiel BACPRO-MSPC ; voir « cpro referentiel show BACPRO-MSPC »)',
        "erreur : 4 erreurs : rien n'a été enregistré.",
        '',
      ].join('\n'),
    );
    expect(storedSheet('PFMP 1', 'ACCARDO')).toMatchObject({ company_name: null, updated_at: null });
  });

  it('treats unknown keys and malformed arguments as usage errors (exit 2)', () => {
    importAnnexes('annexe-2mspc1.csv');
    const unknown = run('liaison', 'set', '--period', 'PFMP 1', '--learner', '1', 'entreprise.naf=123');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'erreur : clé inconnue « entreprise.naf » ; clés possibles : entreprise.nom, entreprise.adresse, entreprise.codePostal, ' +
        'entreprise.ville, entreprise.secteur, entreprise.telephone, entreprise.siret, entreprise.signataire, tuteur.nom, tuteur.prenom, tuteur.telephone, tuteur.courriel, ' +
        'tuteur.fonction\n',
    );
    expect(run('liaison', 'set', '--period', 'PFMP 1', '--learner', '1', 'Rouen').stderr).toBe(
      'erreur : argument « Rouen » : attendu clé=valeur, par exemple entreprise.ville=Rouen\n',
    );
    const nothing = run('liaison', 'set', '--period', 'PFMP 1', '--learner', '1');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/^erreur : rien à modifier/);
  });

  it('individualises tasks and objectives, then resets them to the annex', () => {
    importAnnexes('annexe-2mspc1.csv');
    const add = run('liaison', 'set', '--period', 'PFMP 2', '--learner', 'ŒUVRAY Zoé', '--add-task', 'a3t1', '--remove-task', 'A2T2');
    expect(add.stdout).toBe('Fiche de liaison de Zoé ŒUVRAY (PFMP 2) mise à jour : tâches (individualisées).\n');
    expect(view('PFMP 2', '3').tasks).toEqual({
      inherited: false,
      items: [
        { code: 'A1T1', title: "Prendre connaissance de la demande d'intervention et du dossier technique" },
        { code: 'A1T2', title: 'Préparer les outillages, les pièces de rechange et les consommables' },
        { code: 'A2T1', title: 'Réaliser les opérations de maintenance préventive systématique' },
        { code: 'A3T1', title: 'Diagnostiquer une défaillance et en rechercher les causes' },
      ],
    });
    const file = write('objectifs.txt', '# Zoé\n- Diagnostiquer une panne simple\n- Rendre compte à son tuteur\n');
    expect(run('liaison', 'set', '--period', 'PFMP 2', '--learner', '3', '--objectives-file', file).stdout).toBe(
      'Fiche de liaison de Zoé ŒUVRAY (PFMP 2) mise à jour : objectifs (individualisés).\n',
    );
    expect(JSON.parse(storedSheet('PFMP 2', 'ŒUVRAY').objectives!)).toEqual(['Diagnostiquer une panne simple', 'Rendre compte à son tuteur']);
    const show = run('liaison', 'show', '--period', 'PFMP 2', '--learner', '3').stdout;
    expect(show).toContain('Objectifs de formation (individualisés) :\n  - Diagnostiquer une panne simple\n');
    expect(show).toContain('Tâches confiées (individualisées) :\n');

    expect(run('liaison', 'reset', '--period', 'PFMP 2', '--learner', '3', '--tasks').stdout).toBe(
      "Fiche de liaison de Zoé ŒUVRAY (PFMP 2) mise à jour : tâches (celles de l'annexe).\n",
    );
    expect(run('liaison', 'reset', '--period', 'PFMP 2', '--learner', '3').stdout).toBe(
      "Fiche de liaison de Zoé ŒUVRAY (PFMP 2) mise à jour : objectifs (ceux de l'annexe).\n",
    );
    expect(storedSheet('PFMP 2', 'ŒUVRAY')).toMatchObject({ objectives: null, tasks: null });
  });
});

describe('annex changes and individualised sheets', () => {
  it('a re-imported annex reaches inherited sheets and leaves individualised ones alone', () => {
    importAnnexes('annexe-2mspc1.csv');
    const own = write('zoe.txt', 'Diagnostiquer une panne simple\n');
    expect(run('liaison', 'set', '--period', 'PFMP 2', '--learner', 'ŒUVRAY Zoé', '--objectives-file', own).code).toBe(0);

    const changed = readFileSync(fixture('annexe-2mspc1.csv'), 'utf8').replaceAll(
      'Participer à des opérations de maintenance préventive',
      'Participer à des opérations de maintenance corrective',
    );
    const r = run('import', 'annexe', write('annexe-modifiee.csv', changed));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Périodes      0 créée, 1 mise à jour, 1 inchangée');

    expect(view('PFMP 2', 'ACCARDO Aline').objectives).toEqual({
      inherited: true,
      items: [
        "Découvrir l'organisation d'un service maintenance",
        "Respecter les règles d'hygiène et de sécurité",
        'Participer à des opérations de maintenance corrective',
      ],
    });
    expect(view('PFMP 2', 'ŒUVRAY Zoé').objectives).toEqual({ inherited: false, items: ['Diagnostiquer une panne simple'] });
    // Individualised by the annex itself (its own row differs): kept too.
    expect(view('PFMP 2', 'JEAN-FRANÇOIS Célia-Tassadit').objectives.items).toContain('Consolider la lecture de schémas électriques');
  });
});

describe('cpro liaison import', () => {
  interface Report {
    sheets: { updated: number; unchanged: number };
    changes: Array<{ line: number; learner: string; filled: string[]; replaced: string[] }>;
    warnings: string[];
    errors: Array<{ line?: number; column?: string; message: string }>;
  }
  const all = ['annexe-2mspc1.csv', 'annexe-1mspc-pronote.txt', 'annexe-tmspc-windows1252.csv'];

  it('fills the demo sheets from the fixture, idempotently, after a dry run that writes nothing', () => {
    importAnnexes(...all);
    const dry = run('liaison', 'import', fixture('liaison-demo.csv'), '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout.split('\n').slice(0, 3)).toEqual([
      "Simulation (--dry-run) : rien n'a été écrit. L'import ferait :",
      '  Fiches de liaison  17 mises à jour, 0 inchangée',
      '    ligne 2  ACCARDO Aline (PFMP 1) : 11 champs renseignés',
    ]);
    expect(storedSheet('PFMP 1', 'ACCARDO').company_name).toBeNull();

    const first = cproJson<Report>(db, ['liaison', 'import', fixture('liaison-demo.csv')]);
    expect(first.code).toBe(0);
    expect(first.data.sheets).toEqual({ updated: 17, unchanged: 0 });
    expect(first.data.errors).toEqual([]);
    expect(storedSheet('PFMP 1', 'ACCARDO')).toMatchObject({ company_name: 'Fragrance Plus', company_phone: '02 32 10 20 30' });
    expect(storedSheet('PFMP 1', 'BOULEAU').company_name).toBe('Métallerie Cauchoise'); // no INE: found by name
    expect(storedSheet('PFMP E33', 'GARÇON').tutor_email).toBe('karim.fournier@cartonnages-normands.example');

    const second = run('liaison', 'import', fixture('liaison-demo.csv'));
    expect(second.stdout).toBe('Aucun changement : les fiches étaient déjà à jour.\n  Fiches de liaison  0 mise à jour, 17 inchangées\n');
  });

  it('accepts another encoding, delimiter and header spelling, and says which fields it replaces', () => {
    importAnnexes('annexe-2mspc1.csv');
    expect(run('liaison', 'set', '--period', 'PFMP 1', '--learner', 'MA Aldryk', 'entreprise.nom=Ancienne raison').code).toBe(0);
    const csv =
      'PERIODE,NOM,PRENOM,"Raison sociale / Nom de l\'entreprise",CP,Commune,Nom du tuteur,Prénom du tuteur,Tél. du tuteur,Courriel du tuteur\r\n' +
      'PFMP 1,MA,Aldryk,Établissements Lefèvre,76 100,Rouen,LEFÈVRE,Joël,02 35 00 00 01,joel.lefevre@lefevre.example\r\n';
    const file = write('entreprises.csv', Buffer.from(csv, 'latin1'));
    const r = run('liaison', 'import', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'Import terminé :\n  Fiches de liaison  1 mise à jour, 0 inchangée\n' +
        '    ligne 2  MA Aldryk (PFMP 1) : 6 champs renseignés ; remplacé : raison sociale\n',
    );
    expect(view('PFMP 1', 'MA Aldryk')).toMatchObject({
      company: { name: 'Établissements Lefèvre', postalCode: '76100', city: 'Rouen' },
      tutor: { lastName: 'LEFÈVRE', firstName: 'Joël', phone: '02 35 00 00 01', email: 'joel.lefevre@lefevre.example' },
    });
  });

  it('reports every error with its line and column, and writes nothing', () => {
    importAnnexes('annexe-2mspc1.csv');
    const csv = [
      'Période;Nom;Prénom;Raison sociale;Code postal;Courriel tuteur;Téléphone tuteur;Remarque',
      'PFMP 1;ACCARDO;Aline;Fragrance Plus;760;julien@;0102;x',
      'PFMP 9;MA;Aldryk;Ailleurs;76000;;;',
      'PFMP 1;DUPONT;Jean;Ailleurs;76000;;;',
      'PFMP 1;accardo;ALINE;Encore;76000;;;',
      'PFMP 1;;;Personne;76000;;;',
      'PFMP 1;MA;Aldryk;Valide;76000;;;',
    ].join('\n');
    const r = run('liaison', 'import', write('erreurs.csv', csv));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'attention : colonne inconnue ignorée : « Remarque »',
        'erreur : ligne 2, ACCARDO Aline, colonne « Code postal » : code postal invalide « 760 » : 5 chiffres (ex. 76000)',
        'erreur : ligne 2, ACCARDO Aline, colonne « Téléphone tuteur » : numéro de téléphone invalide « 0102 » : 10 chiffres commençant par 0 (ex. 02 32 12 34 56) ou +33…',
        'erreur : ligne 2, ACCARDO Aline, colonne « Courriel tuteur » : adresse électronique invalide « julien@ » (ex. prenom.nom@entreprise.fr)',
        'erreur : ligne 3, MA Aldryk, colonne « Période » : période introuvable « PFMP 9 » (voir « cpro periods list »)',
        'erreur : ligne 4, DUPONT Jean, colonne « Nom » : apprenant introuvable dans la période « PFMP 1 » (2MSPC1) : DUPONT Jean',
        "erreur : ligne 5, accardo ALINE, colonne « Nom » : la fiche d'Aline ACCARDO pour « PFMP 1 » figure déjà à la ligne 2",
        "erreur : ligne 6, colonne « Nom » : apprenant non identifié : indiquez l'INE, ou le nom et le prénom",
        "erreur : 7 erreurs : rien n'a été enregistré.",
        '',
      ].join('\n'),
    );
    expect(storedSheet('PFMP 1', 'MA').company_name).toBeNull();
    const json = cproJson<Report>(db, ['liaison', 'import', join(dir, 'erreurs.csv')]);
    expect(json.code).toBe(1);
    expect(json.data.errors[0]).toEqual({ line: 2, row: 2, learner: 'ACCARDO Aline', column: 'Code postal', message: 'code postal invalide « 760 » : 5 chiffres (ex. 76000)' });
    expect(json.data.sheets).toEqual({ updated: 0, unchanged: 0 });
  });

  it('refuses a file without learner or sheet columns', () => {
    importAnnexes('annexe-2mspc1.csv');
    const r = run('liaison', 'import', write('vide.csv', 'Période;Ville\nPFMP 1;Rouen\n'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'erreur : vide.csv : en-tête : colonnes « INE » ou « Nom » et « Prénom » absentes : impossible de reconnaître les apprenants\n' +
        "erreur : 1 erreur : rien n'a été enregistré.\n",
    );
  });
});

describe('cpro liaison status', () => {
  it("is the teacher's to-do list for a period", () => {
    importAnnexes('annexe-2mspc1.csv');
    expect(run('liaison', 'import', fixture('liaison-demo.csv')).code).toBe(1); // other classes' periods are unknown here
    const only2de = readFileSync(fixture('liaison-demo.csv'), 'utf8').split(/\r?\n/).filter((l, i) => i === 0 || l.startsWith('PFMP 1;'));
    expect(run('liaison', 'import', write('2de.csv', only2de.join('\n'))).code).toBe(0);
    const r = run('liaison', 'status', '--period', 'PFMP 1');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Fiches de liaison — PFMP 1 (2MSPC1) : 6 prêtes sur 8');
    expect(lines.find((l) => l.includes('ACCARDO'))).toMatch(/^1\s+ACCARDO Aline\s+Fragrance Plus\s+Julien BOISSEAU\s+selon l'annexe\s+oui\s+—$/);
    expect(lines.find((l) => l.includes('MA Aldryk'))).toMatch(
      /^7\s+MA Aldryk\s+à compléter : raison sociale, adresse, code postal, ville\s+à compléter : nom, prénom, courriel\s+selon l'annexe\s+non\s+—$/,
    );
    expect(lines.find((l) => l.includes('NGUYỄN'))).toMatch(/Papeteries de la Seine\s+à compléter : courriel\s+selon l'annexe\s+non\s+—$/);
    expect(r.stdout).toContain(
      'À faire : 1 fiche sans entreprise complète, 2 sans tuteur complet (nom, prénom, courriel valide). ' +
        'Compléter avec « cpro liaison set », « cpro liaison edit » ou « cpro liaison import ».',
    );
    const j = cproJson<{ ready: number; total: number; sheets: Array<Record<string, unknown>> }>(db, ['liaison', 'status', '--period', 'PFMP 2']);
    expect(j.data).toMatchObject({ ready: 0, total: 8 });
    expect(j.data.sheets.find((s) => (s.learner as { lastName: string }).lastName === 'JEAN-FRANÇOIS')).toMatchObject({
      individualised: true,
      companyFilled: false,
      tutorMissing: ['nom du tuteur', 'prénom du tuteur', 'courriel du tuteur'],
    });
  });
});

describe('cpro liaison edit', () => {
  it('refuses to start without a terminal and points to set', () => {
    importAnnexes('annexe-2mspc1.csv');
    const r = run('liaison', 'edit', '--period', 'PFMP 1', '--learner', 'MA Aldryk');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'erreur : « cpro liaison edit » pose ses questions dans un terminal interactif, absent ici ; utilisez ' +
        '« cpro liaison set --period "PFMP 1" --learner "MA Aldryk" clé=valeur… » (voir « cpro liaison set --help »)\n',
    );
  });

  it('fills a sheet through a real terminal, refusing an invalid value in place', async (ctx) => {
    requireTool('tmux', ctx);
    importAnnexes('annexe-2mspc1.csv');
    expect(run('liaison', 'set', '--period', 'PFMP 1', '--learner', 'MA Aldryk', 'entreprise.ville=Rouen').code).toBe(0);
    const t = openTerminal(['--db', db, 'liaison', 'edit', '--period', 'PFMP 1', '--learner', 'MA Aldryk']);
    try {
      const answer = (prompt: string, text: string | null) => answerPrompt(t, prompt, text);
      await t.waitFor("Fiche de liaison d'Aldryk MA — PFMP 1 (2MSPC1)");
      await answer('Raison sociale', 'Verrerie du Bresle');
      await answer('Adresse', '1, route de la Vallée');
      await answer('Code postal', '7626');
      await t.waitFor('> code postal invalide « 7626 » : 5 chiffres (ex. 76000)');
      t.send('C-u');
      t.type('76260');
      t.send('Enter');
      await answer('Ville', 'Eu'); // pre-filled with "Rouen": replaced
      await answer("Secteur d'activité", null);
      await answer('Téléphone', '02.35.86.40.50');
      await answer('SIRET', '732 829 320 00075');
      await t.waitFor('> SIRET invalide « 732 829 320 00075 »');
      t.send('C-u');
      t.type('732 829 320 00074');
      t.send('Enter');
      await answer('Signataire', 'Mme Anne Roy, directrice');
      await t.waitFor('Tuteur');
      await answer('Nom', 'PETIT');
      await answer('Prénom', 'Grégory');
      await answer('Téléphone', null);
      await answer('Courriel', 'Gregory.Petit@verrerie-bresle.example');
      await answer('Fonction', 'Responsable maintenance');
      // Tasks: A1T1 and A1T3 come ticked from the annex; tick A2T1 (fourth line) too.
      await t.waitFor("? Tâches confiées (actuellement celles de l'annexe)");
      t.send('Down', 'Down', 'Down', 'Space');
      await t.waitFor(/◉ A2T1/);
      t.send('Enter');
      await t.waitFor("? Objectifs de formation (3, ceux de l'annexe)");
      t.send('Enter'); // les garder
      await t.waitFor('? Enregistrer ces modifications ?');
      expect(t.screen()).toContain(
        "Modifications : raison sociale, adresse, code postal, ville, téléphone de l'entreprise, SIRET, signataire de la convention (nom et qualité), nom du tuteur, prénom du tuteur, " +
          'courriel du tuteur, fonction du tuteur, tâches (individualisées).',
      );
      t.send('Enter'); // Oui, enregistrer
      expect(await t.exitCode()).toBe(0);
      expect(t.screen()).toContain("Fiche de liaison d'Aldryk MA (PFMP 1) mise à jour : raison sociale");
    } finally {
      t.close();
    }
    const v = view('PFMP 1', 'MA Aldryk');
    expect(v.company).toEqual({
      name: 'Verrerie du Bresle',
      address: '1, route de la Vallée',
      postalCode: '76260',
      city: 'Eu',
      sector: null,
      phone: '02 35 86 40 50',
      siret: '73282932000074',
      signatory: 'Mme Anne Roy, directrice',
    });
    expect(v.tutor).toEqual({
      lastName: 'PETIT',
      firstName: 'Grégory',
      phone: null,
      email: 'gregory.petit@verrerie-bresle.example',
      role: 'Responsable maintenance',
    });
    expect(v.tasks.items.map((x) => x.code)).toEqual(['A1T1', 'A1T3', 'A2T1']);
    expect(v.objectives.inherited).toBe(true);
  });

  it("individualises the objectives in the teacher's text editor", async (ctx) => {
    requireTool('tmux', ctx);
    importAnnexes('annexe-2mspc1.csv');
    // A stand-in for $EDITOR: writes the new objectives into the file it is given.
    const editor = write('editeur.sh', '#!/bin/sh\nprintf -- "- Diagnostiquer une panne simple\\n\\n- Rendre compte au tuteur\\n" > "$1"\n');
    chmodSync(editor, 0o755);
    const t = openTerminal(['--db', db, 'liaison', 'edit', '--period', 'PFMP 2', '--learner', 'FAŸ Jean-Baptiste'], {
      EDITOR: editor,
      VISUAL: editor,
    });
    try {
      for (const prompt of ['Raison sociale', 'Adresse', 'Code postal', 'Ville', "Secteur d'activité", 'Téléphone', 'SIRET', 'Signataire']) {
        await t.waitFor(`? ${prompt}`);
        t.send('Enter');
      }
      for (const prompt of ['Nom', 'Prénom', 'Téléphone', 'Courriel', 'Fonction']) {
        await t.waitFor(new RegExp(`\\? ${prompt}(?! du)`));
        t.send('Enter');
      }
      await t.waitFor('? Tâches confiées');
      t.send('Enter');
      await t.waitFor("? Objectifs de formation (3, ceux de l'annexe)");
      t.send('Down');
      await t.waitFor('❯ les modifier');
      t.send('Enter');
      await t.waitFor('Modifications : objectifs (individualisés).');
      t.send('Enter');
      expect(await t.exitCode()).toBe(0);
    } finally {
      t.close();
    }
    expect(view('PFMP 2', 'FAŸ Jean-Baptiste').objectives).toEqual({
      inherited: false,
      items: ['Diagnostiquer une panne simple', 'Rendre compte au tuteur'],
    });
  });

  it('asks the objectives line by line when there is no $EDITOR nor nano, and confirms in French', async (ctx) => {
    requireTool('tmux', ctx);
    importAnnexes('annexe-2mspc1.csv');
    // A PATH with what starts the terminal (tmux, and sleep that keeps it open) and nothing else: no nano.
    const onlyTmux = join(dir, 'bin');
    mkdirSync(onlyTmux);
    for (const tool of ['tmux', 'sleep']) symlinkSync(execFileSync('which', [tool], { encoding: 'utf8' }).trim(), join(onlyTmux, tool));
    const t = openTerminal(['--db', db, 'liaison', 'edit', '--period', 'PFMP 2', '--learner', 'FAŸ Jean-Baptiste'], {
      EDITOR: '',
      VISUAL: '',
      PATH: onlyTmux,
    });
    try {
      for (const prompt of ['Raison sociale', 'Adresse', 'Code postal', 'Ville', "Secteur d'activité", 'Téléphone', 'SIRET', 'Signataire']) {
        await t.waitFor(`? ${prompt}`);
        t.send('Enter');
      }
      for (const prompt of ['Nom', 'Prénom', 'Téléphone', 'Courriel', 'Fonction']) {
        await t.waitFor(new RegExp(`\\? ${prompt}(?! du)`));
        t.send('Enter');
      }
      await t.waitFor('? Tâches confiées');
      t.send('Enter');
      await t.waitFor("? Objectifs de formation (3, ceux de l'annexe)");
      t.send('Down', 'Enter');
      await t.waitFor("pas d'éditeur de texte ($EDITOR), saisie ligne par ligne");
      await t.waitFor(/\? Ligne 1 \S/);
      t.send('Enter'); // keeps the first objective
      await t.waitFor(/✔ Ligne 1 \S/);
      await t.waitFor(/\? Ligne 2 \S/);
      t.send('C-u');
      t.type('-'); // removes the second
      t.send('Enter');
      await t.waitFor(/✔ Ligne 2 -/);
      await t.waitFor(/\? Ligne 2 \S/);
      t.send('Enter'); // keeps the third, now second
      await t.waitFor(/✔ Ligne 2 (?!-)\S/);
      await t.waitFor('? Ligne 3 (vide pour terminer)');
      t.type('Rendre compte au tuteur');
      t.send('Enter');
      await t.waitFor('? Ligne 4 (vide pour terminer)');
      t.send('Enter');
      expect(await t.waitFor('? Enregistrer ces modifications ? (O/n)')).toContain('Modifications : objectifs (individualisés).');
      t.type('x');
      t.send('Enter');
      await t.waitFor('« x » : répondez o (oui) ou n (non)');
      t.type('o');
      t.send('Enter');
      expect(await t.exitCode()).toBe(0);
      expect(t.screen()).toContain('✔ Enregistrer ces modifications ? Oui');
      expect(t.screen()).not.toMatch(/\bYes\b/);
    } finally {
      t.close();
    }
    const objectives = view('PFMP 2', 'FAŸ Jean-Baptiste').objectives as { inherited: boolean; items: string[] };
    expect(objectives.inherited).toBe(false);
    expect(objectives.items).toHaveLength(3);
    expect(objectives.items[2]).toBe('Rendre compte au tuteur');
  });

  it('writes nothing when the teacher presses Ctrl+C', async (ctx) => {
    requireTool('tmux', ctx);
    importAnnexes('annexe-2mspc1.csv');
    const t = openTerminal(['--db', db, 'liaison', 'edit', '--period', 'PFMP 1', '--learner', '1']);
    try {
      await t.waitFor('? Raison sociale');
      t.type('Fragrance Plus');
      t.send('Enter');
      await t.waitFor('? Adresse');
      t.send('C-c');
      expect(await t.exitCode()).toBe(1);
      expect(t.screen()).toContain("erreur : saisie interrompue : rien n'a été enregistré");
    } finally {
      t.close();
    }
    expect(storedSheet('PFMP 1', 'ACCARDO')).toMatchObject({ company_name: null, updated_at: null });
  });
});
