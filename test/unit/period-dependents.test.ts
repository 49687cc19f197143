// What deleting a period takes with it, found from the schema's foreign keys (src/store/periods.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { planPeriodDeletion, deletePeriod } from '../../src/services/periods/period-changes.js';

let store: Store;
let periodId: number;
beforeEach(async () => {
  store = await openStore(':memory:');
  const classId = await store.classes.ensure('2MSPC1');
  periodId = await store.periods.insert(
    { name: 'PFMP 1', classId, kind: 'Période 1', start: '2025-01-13', end: '2025-02-07', bilanDate: '2025-02-07', referentiel: 'BACPRO-MSPC', objectives: [], tasks: [] },
    '2025-01-01T00:00:00Z',
  );
  for (const name of ['A', 'B', 'C']) {
    const id = await store.learners.insert({ ine: null, lastName: name, firstName: 'x', birthDate: null, email: null, status: 'Scolaire', classId, matchKey: name });
    await store.periods.assign(periodId, id);
  }
  // Tables as later migrations may add them: one cascading two levels down, one that keeps its rows (SET NULL),
  // one that would block the deletion.
  await store.db.exec(`
    CREATE TABLE test_journals (id INTEGER PRIMARY KEY, assignment_id INTEGER REFERENCES assignments(id) ON DELETE CASCADE);
    CREATE TABLE test_journal_notes (id INTEGER PRIMARY KEY, journal_id INTEGER REFERENCES test_journals(id) ON DELETE CASCADE);
    CREATE TABLE test_exports (id INTEGER PRIMARY KEY, period_id INTEGER REFERENCES periods(id) ON DELETE SET NULL);
    CREATE TABLE test_locks (id INTEGER PRIMARY KEY, period_id INTEGER REFERENCES periods(id));
    INSERT INTO test_journals (assignment_id) SELECT id FROM assignments;
    INSERT INTO test_journal_notes (journal_id) VALUES (1), (1), (2);
    INSERT INTO test_exports (period_id) VALUES (${periodId});
  `);
});
afterEach(() => store.close());

const find = async (table: string) => (await store.periods.dependents(periodId)).filter((d) => d.table === table);

describe('period dependents', () => {
  it('counts cascading rows at any depth, ignores SET NULL links, flags non-cascading ones', async () => {
    expect(await find('assignments')).toEqual([{ table: 'assignments', count: 3, blocking: false }]);
    expect(await find('liaison_sheets')).toEqual([{ table: 'liaison_sheets', count: 3, blocking: false }]);
    expect(await find('test_journals')).toEqual([{ table: 'test_journals', count: 3, blocking: false }]);
    expect(await find('test_journal_notes')).toEqual([{ table: 'test_journal_notes', count: 3, blocking: false }]);
    expect(await find('test_exports')).toEqual([]);
    expect(await find('test_locks')).toEqual([{ table: 'test_locks', count: 0, blocking: true }]);
  });

  it('lists what goes, deletes it all, and keeps the learners', async () => {
    const plan = await planPeriodDeletion(store, 'PFMP 1');
    expect(plan.items).toEqual([
      { what: "affectations d'apprenants (les apprenants restent enregistrés)", count: 3 },
      { what: 'fiches de liaison entreprise (aucune renseignée)', count: 3 },
      { what: 'lignes de « test_journals »', count: 3 },
      { what: 'lignes de « test_journal_notes »', count: 3 },
    ]);
    await deletePeriod(store, plan);
    expect(await store.periods.list()).toEqual([]);
    expect(await store.db.prepare('SELECT count(*) AS n FROM test_journal_notes').get()).toEqual({ n: 0 });
    expect(await store.learners.list()).toHaveLength(3);
  });

  it('refuses, before anything is deleted, when rows of a non-cascading table depend on the period', async () => {
    await store.db.exec(`INSERT INTO test_locks (period_id) VALUES (${periodId})`);
    await expect(planPeriodDeletion(store, 'PFMP 1')).rejects.toThrow(
      'suppression impossible : la période « PFMP 1 » a encore des données qui ne peuvent pas être supprimées avec elle : 1 ligne de « test_locks »',
    );
    expect(await store.periods.list()).toHaveLength(1);
  });
});
