// Keeping periods right through the built CLI: edit, delete (confirmation on a terminal, --yes in scripts),
// bilans intermédiaires and the lock they put on earlier periods.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { cpro, cproJson, tempDir, FIXTURES } from '../helpers/cli.js';
import { openTerminal } from '../helpers/tmux.js';
import { requireTool } from '../helpers/tools.js';
import { sqlRow } from '../helpers/engine.js';

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'cpro.db');
  expect(run('import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')).code).toBe(0);
});
afterEach(() => cleanup());

const run = (...args: string[]) => cpro(['--db', db, ...args]);
const write = (name: string, content: string) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const periods = () =>
  cproJson<Array<{ id: number; name: string; start: string; end: string; bilanDate: string; kind: string; learners: number }>>(db, [
    'periods',
    'list',
  ]).data;
const count = (sql: string) => sqlRow<{ n: number }>(db, sql)!.n;

describe('cpro periods edit', () => {
  it('changes the parameters and says what changed', () => {
    const r = run('periods', 'edit', 'PFMP 2', '--name', 'PFMP 2 — juin', '--end', '04/07/2025', '--bilan-date', '2025-07-04', '--kind', 'autre');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'Période « PFMP 2 — juin » (2MSPC1) modifiée : nom (« PFMP 2 » → « PFMP 2 — juin »), type (Période 2 → Autre), ' +
        'fin (27/06/2025 → 04/07/2025), date des bilans (27/06/2025 → 04/07/2025).\n',
    );
    expect(periods()[1]).toMatchObject({ name: 'PFMP 2 — juin', kind: 'Autre', end: '2025-07-04', bilanDate: '2025-07-04', learners: 8 });
    expect(run('periods', 'edit', '2', '--kind', 'Autre').stdout).toBe(
      'Aucun changement : la période « PFMP 2 — juin » (2MSPC1) était déjà à jour.\n',
    );
  });

  it('refuses an invalid value as a usage error, and what contradicts the store all at once, changing nothing', () => {
    const before = periods();
    const date = run('periods', 'edit', 'PFMP 2', '--start', '31/06/2025', '--end', '01/05/2025');
    expect(date.code).toBe(2);
    expect(date.stderr).toBe("erreur : valeur « 31/06/2025 » invalide pour l'option « --start <date> ». Date attendue : jj/mm/aaaa ou aaaa-mm-jj, qui existe au calendrier.\n");
    const kind = run('periods', 'edit', 'PFMP 2', '--kind', 'stage');
    expect(kind.code).toBe(2);
    expect(kind.stderr).toBe(
      "erreur : valeur « stage » invalide pour l'option « --kind <type> ». Valeurs possibles : Période 1, Période 2, Autre, E31, E33.\n",
    );
    const r = run('periods', 'edit', 'PFMP 2', '--end', '01/05/2025', '--tasks', 'A1T1,B2', '--name', 'PFMP 1');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        'erreur : --name : la classe 2MSPC1 a déjà une période « PFMP 1 » (n° 1)',
        'erreur : --tasks : code de tâche inconnu « B2 » (référentiel BACPRO-MSPC ; voir « cpro referentiel show BACPRO-MSPC »)',
        'erreur : la date de fin (01/05/2025) précède la date de début (02/06/2025)',
        "erreur : 3 erreurs : la période n'a pas été modifiée.",
        '',
      ].join('\n'),
    );
    expect(periods()).toEqual(before);
    const none = run('periods', 'edit', 'PFMP 2');
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      'erreur : rien à modifier : indiquez au moins une option (--name, --start, --end, --bilan-date, --kind, --objectives-file, --tasks)\n',
    );
  });

  it('passes a new annex to the sheets that follow it and keeps individualised ones', () => {
    expect(run('liaison', 'set', '--period', 'PFMP 2', '--learner', 'ŒUVRAY Zoé', '--add-task', 'A4T1').code).toBe(0);
    const objectives = write('pfmp2.txt', "- Découvrir l'organisation d'un service maintenance\n- Participer à un dépannage\n");
    const r = run('periods', 'edit', 'PFMP 2', '--objectives-file', objectives, '--tasks', 'A1T1, A3T1');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'Période « PFMP 2 » (2MSPC1) modifiée : objectifs (2), tâches (A1T1, A3T1).\n' +
        "Fiches de liaison : 6 suivent l'annexe et sont à jour ; 2 individualisées sont conservées telles quelles.\n",
    );
    const show = (who: string) =>
      cproJson<{ objectives: { inherited: boolean; items: string[] }; tasks: { inherited: boolean; items: Array<{ code: string }> } }>(db, [
        'liaison', 'show', '--period', 'PFMP 2', '--learner', who,
      ]).data;
    const inherited = show('ACCARDO Aline');
    expect(inherited.objectives).toEqual({ inherited: true, items: ["Découvrir l'organisation d'un service maintenance", 'Participer à un dépannage'] });
    expect(inherited.tasks.items.map((t) => t.code)).toEqual(['A1T1', 'A3T1']);
    const own = show('ŒUVRAY Zoé');
    expect(own.tasks).toMatchObject({ inherited: false });
    expect(own.tasks.items.map((t) => t.code)).toEqual(['A1T1', 'A1T2', 'A2T1', 'A2T2', 'A4T1']);
    expect(own.objectives.inherited).toBe(true); // only the tasks were individualised: the objectives follow
    expect(own.objectives.items).toContain('Participer à un dépannage');
  });
});

describe('bilans intermédiaires and locked periods', () => {
  it('locks the periods whose bilan date is before the latest one, for edit and delete, saying why', () => {
    const add = run('bilans-intermediaires', 'add', '--class', '2mspc1', '--date', '14/03/2025');
    expect(add.code).toBe(0);
    expect(add.stdout).toBe(
      'Bilan intermédiaire du 14/03/2025 enregistré pour la classe 2MSPC1.\n' +
        'Désormais verrouillée (plus de modification ni de suppression) : « PFMP 1 » (bilans le 07/02/2025).\n',
    );
    expect(run('bilans-intermediaires', 'add', '--class', '2MSPC1', '--date', '2025-03-14').stdout).toBe(
      'Aucun changement : le bilan intermédiaire du 14/03/2025 de la classe 2MSPC1 était déjà enregistré.\n',
    );
    expect(run('bilans-intermediaires', 'list').stdout).toMatch(/^Classe\s+Date\s+Dernier\s+Périodes verrouillées\n.*\n2MSPC1\s+14\/03\/2025\s+oui\s+PFMP 1\n$/);

    const reason =
      'la période « PFMP 1 » est verrouillée : sa date des bilans (07/02/2025) est antérieure au dernier bilan ' +
      'intermédiaire de compétences de la classe (14/03/2025)';
    const edit = run('periods', 'edit', 'PFMP 1', '--end', '14/02/2025');
    expect(edit.code).toBe(1);
    expect(edit.stderr).toBe(`erreur : modification impossible : ${reason}\n`);
    const del = run('periods', 'delete', 'PFMP 1', '--yes');
    expect(del.code).toBe(1);
    expect(del.stderr).toBe(`erreur : suppression impossible : ${reason}\n`);
    expect(periods().map((p) => [p.name, p.end])).toEqual([
      ['PFMP 1', '2025-02-07'],
      ['PFMP 2', '2025-06-27'],
    ]);

    // PFMP 2 stays editable, but not into a locked state.
    const back = run('periods', 'edit', 'PFMP 2', '--start', '03/03/2025', '--bilan-date', '10/03/2025');
    expect(back.code).toBe(1);
    expect(back.stderr).toBe(
      'erreur : --bilan-date : la nouvelle date des bilans (10/03/2025) serait antérieure au dernier bilan intermédiaire ' +
        'de compétences de la classe (14/03/2025) : la période deviendrait verrouillée\n' +
        "erreur : 1 erreur : la période n'a pas été modifiée.\n",
    );

    // A bilan intermédiaire recorded by mistake can be removed: the period unlocks.
    expect(run('bilans-intermediaires', 'remove', '--class', '2MSPC1', '--date', '14/03/2025').stdout).toBe(
      'Bilan intermédiaire du 14/03/2025 retiré pour la classe 2MSPC1.\nDe nouveau modifiable : « PFMP 1 ».\n',
    );
    expect(run('periods', 'edit', 'PFMP 1', '--end', '14/02/2025').code).toBe(0);
  });

  it('refuses an unknown class or an invalid date', () => {
    expect(run('bilans-intermediaires', 'add', '--class', '3PRO', '--date', '14/03/2025').stderr).toBe(
      'erreur : classe inconnue : « 3PRO » (classes connues : 2MSPC1)\n',
    );
    const bad = run('bilans-intermediaires', 'add', '--class', '2MSPC1', '--date', '14/13/2025');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("erreur : valeur « 14/13/2025 » invalide pour l'option « --date <date> ». Date attendue : jj/mm/aaaa ou aaaa-mm-jj, qui existe au calendrier.\n");
    expect(cproJson<unknown[]>(db, ['bilans-intermediaires', 'list']).data).toEqual([]);
  });
});

describe('cpro periods delete', () => {
  it('refuses without a terminal and without --yes, saying what would go', () => {
    expect(run('liaison', 'set', '--period', 'PFMP 2', '--learner', '1', 'entreprise.nom=Fragrance Plus').code).toBe(0);
    const r = run('periods', 'delete', 'PFMP 2');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'La suppression de la période « PFMP 2 » (2MSPC1, du 02/06/2025 au 27/06/2025) effacera définitivement :\n' +
        "  - 8 affectations d'apprenants (les apprenants restent enregistrés)\n" +
        '  - 8 fiches de liaison entreprise (dont 2 renseignées ou individualisées)\n' +
        'erreur : suppression non confirmée : sans terminal interactif, ajoutez --yes pour confirmer\n',
    );
    expect(periods()).toHaveLength(2);
  });

  it('deletes with --yes, sheets included, learners kept', () => {
    const r = cproJson<{ deleted: { name: string }; removed: Array<{ what: string; count: number }> }>(db, ['periods', 'delete', 'PFMP 2', '--yes']);
    expect(r.code).toBe(0);
    expect(r.data.deleted.name).toBe('PFMP 2');
    expect(r.data.removed).toContainEqual({ what: 'fiches de liaison entreprise (dont 1 renseignée ou individualisée)', count: 8 });
    expect(periods().map((p) => p.name)).toEqual(['PFMP 1']);
    expect(count('SELECT count(*) AS n FROM liaison_sheets')).toBe(8);
    expect(count('SELECT count(*) AS n FROM learners')).toBe(8);
  });

  it('asks on a terminal: "Non" keeps the period, "Oui" deletes it', async (ctx) => {
    requireTool('tmux', ctx);
    const ask = async (choose: 'Non' | 'Oui') => {
      const t = openTerminal(['--db', db, 'periods', 'delete', 'PFMP 2']);
      try {
        await t.waitFor('? Supprimer définitivement ? (o/N)');
        expect(t.screen()).toContain('  - 8 fiches de liaison entreprise (dont 1 renseignée ou individualisée)');
        // Entrée is « non » (the default); « o » is « oui ».
        if (choose === 'Oui') t.type('o');
        t.send('Enter');
        return { code: await t.exitCode(), screen: t.screen() };
      } finally {
        t.close();
      }
    };
    const no = await ask('Non');
    expect(no.code).toBe(1);
    expect(no.screen).toContain("erreur : suppression abandonnée : rien n'a été supprimé");
    expect(periods()).toHaveLength(2);
    const yes = await ask('Oui');
    expect(yes.code).toBe(0);
    expect(yes.screen).toContain('Période « PFMP 2 » (2MSPC1) supprimée.');
    expect(periods().map((p) => p.name)).toEqual(['PFMP 1']);
  });
});
