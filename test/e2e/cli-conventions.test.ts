// What every command promises (README « Conventions »): a store is created only by a command that writes, a read
// command refuses a store that does not exist; an invalid option value is a usage error (exit 2).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempStore, type TempStore } from '../helpers/cli.js';
import { missingStoreError, noStoreLeftBehind, storeExists, storeLabel } from '../helpers/engine.js';

describe('a store that does not exist', () => {
  let s: TempStore;
  beforeAll(() => {
    s = tempStore('cpro-missing-');
  });
  afterAll(() => s.cleanup());

  it.each([
    [['periods', 'list']],
    [['learners', 'list']],
    [['referentiel', 'list']],
    [['config', 'list']],
    [['liaison', 'status', '--period', 'PFMP 1']],
    [['dashboard', '--learner', 'ACCARDO Aline']],
  ])('is refused by name by a read command: %j', (args) => {
    const missing = join(s.dir, 'mistyped.db');
    const r = s.run(['--db', missing, ...args]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(missingStoreError(missing));
    expect(r.stdout).toBe('');
    expect(storeExists(missing)).toBe(false);
  });

  it('is created by a command that writes, which says so the first time only', () => {
    const first = s.run(['import', 'annexe', fixture('annexe-2mspc1.csv')]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe(`Nouveau magasin de données créé : ${storeLabel(s.db)}\n`);
    expect(storeExists(s.db)).toBe(true);
    const again = s.run(['import', 'annexe', fixture('annexe-2mspc1.csv')]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe('');
    expect(s.json<unknown[]>(['periods', 'list']).data).toHaveLength(2);
  });

  it('is created silently with --quiet or --json', () => {
    for (const flag of ['--quiet', '--json']) {
      const db = join(s.dir, `new${flag}.db`);
      const r = s.run(['--db', db, 'config', 'set', 'etablissement.nom', 'Lycée Test', flag]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(storeExists(db)).toBe(true);
    }
  });

  it('is not left behind by a writing command that fails', () => {
    const db = join(s.dir, 'failed.db');
    const key = s.run(['--db', db, 'config', 'set', 'etablissement.inconnu', 'x']);
    expect(key.code).toBe(2);
    const annex = s.run(['--db', db, 'import', 'annexe', fixture('liaison-demo.csv')]);
    expect(annex.code).toBe(1);
    expect(annex.stderr).not.toContain('Nouveau magasin');
    expect(noStoreLeftBehind(db)).toBe(true);
  });

  it('is not created by a dry run, which plans against an empty store', () => {
    const db = join(s.dir, 'dry.db');
    const r = s.run(['--db', db, 'import', 'annexe', fixture('annexe-2mspc1.csv'), '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Apprenants    8 créés');
    expect(storeExists(db)).toBe(false);
  });
});

describe('an invalid option value', () => {
  let s: TempStore;
  beforeAll(() => {
    s = tempStore('cpro-options-');
    s.ok(['import', 'annexe', fixture('annexe-2mspc1.csv')]);
  });
  afterAll(() => s.cleanup());

  const annex = fixture('annexe-2mspc1.csv');
  it.each([
    ['a date that does not exist', ['bilans-intermediaires', 'add', '--class', '2MSPC1', '--date', '31/02/2025']],
    ['a date that is not one', ['bilans-intermediaires', 'remove', '--class', '2MSPC1', '--date', 'hier']],
    ['a purge date', ['purge', '--before', 'demain', '--dry-run']],
    ['a start date', ['periods', 'edit', 'PFMP 1', '--start', '2025-13-01']],
    ['an end date', ['periods', 'edit', 'PFMP 1', '--end', 'bientôt']],
    ['a bilan date', ['periods', 'edit', 'PFMP 1', '--bilan-date', '32/01/2025']],
    ['a period kind', ['periods', 'edit', 'PFMP 1', '--kind', 'Stage']],
    ['an evaluation type', ['eval', 'export', '--period', 'PFMP 2', '--type', 'oral']],
    ['an export format', ['export', '--period', 'PFMP 2', '--format', 'xls']],
    ['a print format', ['print', 'tout', '--period', 'PFMP 2', '--format', 'odt']],
    ['a kind of document', ['print', 'bulletins', '--period', 'PFMP 2']],
    ['a portfolio format', ['portfolio', 'export', '--period', 'PFMP 2', '--format', 'odt']],
    ['an encoding', ['import', 'annexe', annex, '--encoding', 'latin-9', '--dry-run']],
    ['a delimiter', ['import', 'annexe', annex, '--delimiter', 'abc', '--dry-run']],
  ])('exits 2 for %s, naming the value', (_, args) => {
    const r = s.run(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^erreur : /);
    const value = args[args.length - (args[args.length - 1] === '--dry-run' ? 2 : 1)];
    const named = args[1] === 'bulletins' ? 'bulletins' : value;
    expect(r.stderr).toContain(named);
    expect(r.stdout).toBe('');
  });
});
