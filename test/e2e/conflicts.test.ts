// No lost update between two teachers: an interactive edit (minutes long) saved after someone else changed the same
// record is refused with a French conflict message, exit 1, and the other change is kept. Runs on both engines.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, cpro, cproJson, tempDir } from '../helpers/cli.js';
import { answerPrompt, openTerminal, type Terminal } from '../helpers/tmux.js';
import { requireTool } from '../helpers/tools.js';

let dir: string;
let db: string;
let cleanup: () => void;
let term: Terminal | undefined;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'cpro.db');
  expect(cpro(['--db', db, 'import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')]).code).toBe(0);
});
afterEach(() => {
  term?.close();
  term = undefined;
  cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a stale interactive save', () => {
  it('cpro liaison edit: refused when another teacher changed the sheet meanwhile', async (ctx) => {
    requireTool('tmux', ctx);
    const t = (term = openTerminal(['--db', db, 'liaison', 'edit', '--period', 'PFMP 1', '--learner', 'MA Aldryk']));
    const answer = (prompt: string, text: string | null) => answerPrompt(t, prompt, text);
    await t.waitFor('? Raison sociale');
    // The other teacher, while this one answers the questions.
    const other = cpro(['--db', db, 'liaison', 'set', '--period', 'PFMP 1', '--learner', 'MA Aldryk', 'entreprise.ville=Rouen']);
    expect(other.code).toBe(0);
    await answer('Raison sociale', 'Verrerie du Bresle');
    for (const q of ['Adresse', 'Code postal', 'Ville', "Secteur d'activité", 'Téléphone', 'SIRET', 'Signataire']) await answer(q, null);
    await t.waitFor('Tuteur');
    for (const q of ['Nom', 'Prénom', 'Téléphone', 'Courriel', 'Fonction']) await answer(q, null);
    await t.waitFor('? Tâches confiées');
    t.send('Enter');
    await t.waitFor('? Objectifs de formation');
    t.send('Enter');
    await t.waitFor('? Enregistrer ces modifications ?');
    t.send('Enter');
    expect(await t.exitCode()).toBe(1);
    expect(t.screen()).toMatch(
      /erreur : La fiche de liaison d'Aldryk MA \(PFMP 1\) a été modifiée par quelqu'un d'autre le \d{1,2}(er)? \S+ \d{4} à \d\d h \d\d depuis que vous l'avez ouverte : rien n'a été enregistré\. Relancez la commande pour repartir de ce qui est enregistré\./,
    );
    const v = cproJson<{ company: { name: string | null; city: string | null } }>(db, ['liaison', 'show', '--period', 'PFMP 1', '--learner', 'MA Aldryk']).data;
    expect(v.company).toMatchObject({ name: null, city: 'Rouen' });
  });

  it('cpro eval attitudes: refused when the bilan was imported again meanwhile, even with every answer kept', async (ctx) => {
    requireTool('tmux', ctx);
    expect(cpro(['--db', db, 'eval', 'import', join(FIXTURES, 'attitudes-pfmp1.csv'), '--period', 'PFMP 1']).code).toBe(0);
    const t = (term = openTerminal(['--db', db, 'eval', 'attitudes', '--period', 'PFMP 1', '--learner', 'ACCARDO Aline']));
    await t.waitFor(/^\? AT1 /m);
    // The other teacher imports a corrected file for the class.
    const csv = readFileSync(join(FIXTURES, 'attitudes-pfmp1.csv'), 'utf8').replace('Première période sérieuse.', 'Corrigé par un collègue.');
    writeFileSync(join(dir, 'attitudes.csv'), csv);
    expect(cpro(['--db', db, 'eval', 'import', join(dir, 'attitudes.csv'), '--period', 'PFMP 1']).code).toBe(0);
    // Every question kept as proposed (what was recorded when the session started): Enter until the command ends.
    for (let i = 0; i < 40 && !/\[exit \d+\]/.test(t.screen()); i++) {
      t.send('Enter');
      await sleep(200);
    }
    expect(await t.exitCode()).toBe(1);
    expect(t.screen()).toMatch(
      /erreur : Le bilan des attitudes professionnelles d'Aline ACCARDO \(PFMP 1\) a été modifié par l'enseignant le .+ depuis que vous l'avez ouvert : rien n'a été enregistré\./,
    );
    type Shown = { sections: Array<{ evaluation: { comment: string | null } }> };
    const shown = cproJson<Shown>(db, ['eval', 'show', '--period', 'PFMP 1', '--learner', 'ACCARDO Aline', '--type', 'attitudes']).data;
    expect(shown.sections[0].evaluation.comment).toBe('Corrigé par un collègue.');
  });
});
