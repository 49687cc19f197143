// `cpro eval entreprise` driven through a real terminal (tmux): a bilan imported from CSV, corrected interactively.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, cpro, cproJson, tempDir } from '../helpers/cli.js';
import { openTerminal, type Terminal } from '../helpers/tmux.js';
import { requireTool } from '../helpers/tools.js';
import { openTestStore } from '../helpers/engine.js';

let dir: string;
let db: string;
let cleanup: () => void;
let term: Terminal | undefined;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'cpro.db');
});
afterEach(() => {
  term?.close();
  cleanup();
});

type Shown = { sections: Array<{ evaluation: Record<string, unknown> }> };
const recorded = () =>
  cproJson<Shown>(db, ['eval', 'show', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline', '--type', 'entreprise']).data.sections[0].evaluation;

describe('cpro eval entreprise in a terminal', () => {
  it('corrects one bilan of a period entered from CSV, pre-filled with what is recorded', async (ctx) => {
    requireTool('tmux', ctx);
    expect(cpro(['--db', db, 'import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')]).code).toBe(0);
    expect(cpro(['--db', db, 'eval', 'import', join(FIXTURES, 'bilans-entreprise-pfmp2.csv'), '--period', 'PFMP 2']).code).toBe(0);
    const before = recorded();

    const t = (term = openTerminal(['--db', db, 'eval', 'entreprise', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline']));
    /**
     * Waits for a question to be the one asked, then answers it with keys. The whole line is matched: a level
     * question ("C1.1  Analyser…") is a prefix of the mode question before it ("C1.1  Analyser… — évaluation").
     */
    const asked = (question: string) => new RegExp(`^\\? ${question.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm');
    const answer = async (question: string, ...keys: string[]) => {
      await t.waitFor(asked(question));
      t.send(...keys);
    };

    // Tasks recorded from the CSV come ticked, the ones entrusted by the liaison sheet are marked; Enter keeps them.
    const tasks = await t.waitFor('? Tâches mises en œuvre sur la période');
    expect(tasks).toMatch(/◉ A1T1 .*\(confiée\)/);
    expect(tasks).toMatch(/◯ A1T3 /);
    t.send('Enter');
    await answer("C1.1  Analyser le fonctionnement d'un système de production — évaluation", 'Enter');
    await answer("C1.1  Analyser le fonctionnement d'un système de production", 'Enter');
    await answer("C1.2  Collecter les informations nécessaires à l'intervention", 'Enter');
    // C2.1 was evaluated through its sub-competencies: that mode is proposed.
    expect(await t.waitFor('? C2.1  Préparer une intervention de maintenance — évaluation')).toMatch(
      /❯ par compétences détaillées \(C2\.1\.1, C2\.1\.2\)/,
    );
    t.send('Enter');
    await answer('  C2.1.1  Choisir les outillages et les équipements de protection', 'Enter');
    await answer('  C2.1.2  Identifier les risques et les mesures de prévention', 'Enter');
    // C2.2 was 2 (orange): one step up gives 3.
    expect(await t.waitFor('? C2.2  Réaliser une intervention de maintenance préventive')).toMatch(/❯ 2 +orange/);
    t.send('Up', 'Enter');
    await answer('C2.3  Réaliser une intervention de maintenance corrective — évaluation', 'Enter');
    await answer('C2.3  Réaliser une intervention de maintenance corrective', 'Enter');
    // C3.1 has no answer: the cursor is on level 4, « - » keeps it unanswered.
    await answer('C3.1  Proposer une amélioration', '-', 'Enter');
    await answer('C3.2  Communiquer et rendre compte de son intervention', 'Enter');
    expect(await t.waitFor("? Engagement de l'apprenant sur la période")).toMatch(/❯ ★★★☆ +3\/4/);
    t.send('Enter');
    expect(await t.waitFor('? Date de la rencontre (jj/mm/aaaa)')).toContain('26/06/2025');
    t.send('Enter');
    await t.waitFor("? Commentaire (« - » pour l'effacer) Bonne implication");
    t.send('C-u');
    t.type('Relevés faits seule en fin de période.');
    t.send('Enter');
    expect(await t.waitFor('? Enregistrer ?')).toContain('Modifications : C2.2 : 2 → 3, commentaire.');
    t.send('Enter');
    expect(await t.exitCode()).toBe(0);
    expect(t.screen()).toContain('Bilan entreprise mis à jour : C2.2 : 2 → 3, commentaire.');

    expect(recorded()).toEqual({
      ...before,
      levels: { ...(before.levels as object), 'C2.2': '3' },
      comment: 'Relevés faits seule en fin de période.',
      updatedAt: expect.any(String),
      // Amended by the teacher: entered again now, still validated as before.
      provenance: { ...(before.provenance as object), enteredBy: 'enseignant', enteredAt: expect.any(String) },
    });
  });

  it('picks a level by its digit, the cursor starting on the first level, and asks « (O/n) »', async (ctx) => {
    requireTool('tmux', ctx);
    expect(cpro(['--db', db, 'import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')]).code).toBe(0);
    const t = (term = openTerminal(['--db', db, 'eval', 'attitudes', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline']));
    const first = await t.waitFor(/^\? AT1 /m);
    // Nothing recorded: the cursor is on level 4, not on « sans réponse ».
    expect(first).toMatch(/❯ 4 +vert/);
    t.send('3'); // level 3, although it is the second line
    expect(await t.waitFor(/❯ 3 +jaune/)).toContain('4 3 2 1 0 : ce niveau');
    t.send('Enter');
    expect(await t.waitFor(/^✔ AT1 .* 3$/m)).toBeTruthy();
    // The other attitudes: « n » is « non évaluable », « - » no answer.
    for (let i = 2; ; i++) {
      const s = await t.waitFor(new RegExp(`^\\? (AT${i} |Date de la rencontre)`, 'm'));
      if (/Date de la rencontre/.test(s.split('\n').filter((l) => l.startsWith('?')).pop() ?? '')) break;
      t.send(i === 2 ? 'n' : '-', 'Enter');
    }
    t.send('Enter');
    await t.waitFor("? Commentaire");
    t.send('Enter');
    await t.waitFor('? Enregistrer ? (O/n)');
    t.type('non');
    t.send('Enter');
    expect(await t.exitCode()).toBe(0);
    expect(t.screen()).toContain("Rien n'a été enregistré.");
  });

  it('refuses a locked bilan before asking anything', async (ctx) => {
    requireTool('tmux', ctx);
    expect(cpro(['--db', db, 'import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')]).code).toBe(0);
    expect(cpro(['--db', db, 'eval', 'import', join(FIXTURES, 'bilans-entreprise-pfmp2.csv'), '--period', 'PFMP 2']).code).toBe(0);
    const added = cpro(['--db', db, 'bilans-intermediaires', 'add', '--class', '2MSPC1', '--date', '01/09/2025']);
    if (added.code !== 0) {
      const store = await openTestStore(db);
      await store.bilansIntermediaires.add((await store.classes.find('2MSPC1'))!.id, '2025-09-01');
      await store.close();
    }
    const t = (term = openTerminal(['--db', db, 'eval', 'entreprise', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline']));
    expect(await t.exitCode()).toBe(1);
    expect(t.screen()).toContain(
      'erreur : Aline ACCARDO, « PFMP 2 » : le bilan entreprise est verrouillé : sa date de rencontre (26/06/2025) est ' +
        'antérieure au dernier bilan intermédiaire de compétences de la classe (01/09/2025)',
    );
  });

  it('fills an E33 certificative grid on its exam scale', async (ctx) => {
    requireTool('tmux', ctx);
    const annex =
      'Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;Statut\nE33 TMSPC;E33;TMSPC;05/01/2026;30/01/2026;DURAND;Léa;Scolaire\n';
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'annexe.csv'), annex);
    expect(cpro(['--db', db, 'import', 'annexe', join(dir, 'annexe.csv')]).code).toBe(0);
    const t = (term = openTerminal(['--db', db, 'eval', 'E33', '--period', 'E33 TMSPC', '--learner', 'DURAND Léa']));
    const first = await t.waitFor('? E33.1  Le dysfonctionnement est constaté et ses symptômes décrits');
    expect(first).toContain('Critères — E33 — Intervention de maintenance corrective');
    expect(first).toMatch(/4 +Très satisfaisant/);
    expect(first).not.toMatch(/0 +gris/);
    t.send('Up', 'Up', 'Up', 'Up', 'Up', 'Enter'); // from « sans réponse » up to 4
    for (const q of [
      'E33.2  Le diagnostic est conduit avec méthode et la cause identifiée',
      'E33.3  La réparation ou le dépannage est réalisé en sécurité',
      'E33.4  Le bon fonctionnement est vérifié et le système remis en service',
      'E33.5  Une amélioration est proposée et argumentée',
      "E33.6  La communication avec l'équipe et le compte rendu sont adaptés",
    ]) {
      await t.waitFor(`? ${q}`);
      t.send('Enter');
    }
    expect(await t.waitFor('? Date de la rencontre (jj/mm/aaaa)')).toContain('30/01/2026');
    t.send('Enter');
    await t.waitFor("? Commentaire (« - » pour l'effacer)");
    t.type('Diagnostic sûr.');
    t.send('Enter');
    await t.waitFor('? Enregistrer ?');
    t.send('Enter');
    expect(await t.exitCode()).toBe(0);
    expect(t.screen()).toContain('Grille certificative E33 enregistrée.');
    const shown = cproJson<Shown>(db, ['eval', 'show', '--period', 'E33 TMSPC', '--learner', 'DURAND Léa', '--type', 'E33']).data;
    expect(shown.sections[0].evaluation).toMatchObject({ levels: { 'E33.1': '4' }, comment: 'Diagnostic sûr.', meetingDate: '2026-01-30' });
  });
});
