// Files cprosync writes (issue 19, "Files written where they should not be"): never through a symbolic link,
// never over an existing file without --force, links in a documents folder left out of a zip, system errors in French.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { cpro, tempDir, FIXTURES } from '../helpers/cli.js';

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('cpro-files-'));
  db = join(dir, 'cpro.db');
  expect(run('import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')).code).toBe(0);
});
afterEach(() => cleanup());

const run = (...args: string[]) => cpro(['--db', db, ...args], { cwd: dir, env: { CPRO_OUTBOX: join(dir, 'outbox') } });

/** A file another user would like overwritten, and a link to it where cprosync is asked to write. */
function linkedTarget(linkName: string): { target: string; link: string } {
  const target = join(dir, 'precieux.txt');
  writeFileSync(target, 'ne pas écraser\n');
  const link = join(dir, linkName);
  symlinkSync(target, link);
  return { target, link };
}

describe('writing through a symbolic link', () => {
  it('eval export refuses a link at the output path and leaves its target unchanged', () => {
    const { target, link } = linkedTarget('bilans.csv');
    const r = run('eval', 'export', '--period', 'PFMP 1', '--type', 'attitudes', link);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `erreur : « ${link} » est un lien symbolique : cprosync n'écrit pas à travers un lien, donnez le chemin d'un vrai fichier\n`,
    );
    expect(readFileSync(target, 'utf8')).toBe('ne pas écraser\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('dashboard --pdf refuses a link at the output path', () => {
    const { target, link } = linkedTarget('tableau.pdf');
    const r = run('dashboard', '--learner', 'ACCARDO Aline', '--pdf', link);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('est un lien symbolique');
    expect(readFileSync(target, 'utf8')).toBe('ne pas écraser\n');
  });

  it('export json and backup refuse a link, even with --force', () => {
    const { target, link } = linkedTarget('export.json');
    const r = run('export', '--period', 'PFMP 1', '--format', 'json', '--out', link, '--force');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('est un lien symbolique');
    const b = run('backup', link, '--force');
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('est un lien symbolique');
    expect(readFileSync(target, 'utf8')).toBe('ne pas écraser\n');
  });

  it('print refuses a document path that is a link, writes the others, and leaves the link target unchanged', () => {
    for (const annex of ['annexe-1mspc-pronote.txt', 'annexe-tmspc-windows1252.csv']) expect(run('import', 'annexe', join(FIXTURES, annex)).code).toBe(0);
    expect(run('liaison', 'import', join(FIXTURES, 'liaison-demo.csv')).code).toBe(0);
    const folder = join(dir, 'visite');
    mkdirSync(folder);
    const target = join(dir, 'precieux.txt');
    writeFileSync(target, 'ne pas écraser\n');
    symlinkSync(target, join(folder, 'Annexe PFMP 1 Aline ACCARDO.docx'));
    const r = run('print', 'preconventions', '--period', 'PFMP 1', '--format', 'docx', '--out', folder);
    expect(r.stdout + r.stderr).toContain(`ACCARDO Aline — « ${join(folder, 'Annexe PFMP 1 Aline ACCARDO.docx')} » est un lien symbolique`);
    expect(readFileSync(target, 'utf8')).toBe('ne pas écraser\n');
    const files = readdirSync(folder);
    expect(files.filter((f) => f.endsWith('.docx')).length).toBeGreaterThanOrEqual(6);
    expect(files.filter((f) => f.startsWith('.'))).toEqual([]);
    expect(statSync(join(folder, 'Annexe PFMP 1 Zoé ŒUVRAY.docx')).mode & 0o777).toBe(0o600);
  });
});

describe('existing files', () => {
  it('export json and eval export refuse an existing file without --force, and replace it with --force', () => {
    const out = join(dir, 'export.json');
    writeFileSync(out, 'ancien');
    const r = run('export', '--period', 'PFMP 1', '--format', 'json', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`erreur : « ${out} » existe déjà : choisissez un autre nom, ou --force pour le remplacer\n`);
    expect(readFileSync(out, 'utf8')).toBe('ancien');
    expect(run('export', '--period', 'PFMP 1', '--format', 'json', '--out', out, '--force').code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).learners).toHaveLength(8);

    const csv = join(dir, 'bilans.csv');
    writeFileSync(csv, 'ancien');
    const e = run('eval', 'export', '--period', 'PFMP 1', '--type', 'attitudes', csv);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('existe déjà');
    expect(readFileSync(csv, 'utf8')).toBe('ancien');
    expect(run('eval', 'export', '--period', 'PFMP 1', '--type', 'attitudes', csv, '--force').code).toBe(0);
    expect(statSync(csv).mode & 0o777).toBe(0o600);
  });

  it('a system error is a French message, not an internal error', () => {
    writeFileSync(join(dir, 'fichier'), 'x');
    const out = join(dir, 'fichier', 'bilans.csv'); // a file used as a folder
    const r = run('eval', 'export', '--period', 'PFMP 1', '--type', 'attitudes', out);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('erreur interne');
    expect(r.stderr).toMatch(/^erreur : impossible de [^\n]*« [^\n]*fichier[^\n]* » : [^\n]+ \((ENOTDIR|EEXIST)\)\.\n$/);
  });
});

describe('export --format zip', () => {
  it('archives only regular files: links (to the store, to the outbox, in a loop) are reported and skipped', async () => {
    const docs = join(dir, 'documents', 'PFMP 1');
    mkdirSync(docs, { recursive: true });
    writeFileSync(join(docs, 'convention.pdf'), '%PDF-1.4');
    symlinkSync(db, join(docs, 'magasin.db'));
    mkdirSync(join(dir, 'outbox'));
    writeFileSync(join(dir, 'outbox', 'Invitation.eml'), 'https://portail.example/acces?t=secret');
    symlinkSync(join(dir, 'outbox'), join(docs, 'boite'));
    symlinkSync(join(docs, 'boucle'), join(docs, 'boucle'));
    const r = run('export', '--period', 'PFMP 1', '--format', 'zip', '--out', 'x.zip');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('ELOOP');
    for (const name of ['magasin.db', 'boite', 'boucle']) {
      expect(r.stderr).toContain(`attention : « ${join(docs, name)} » n'est pas un fichier ordinaire (lien symbolique ?) : laissé hors du zip`);
    }
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'x.zip')));
    const names = Object.keys(zip.files);
    expect(names).toContain('documents/PFMP 1/convention.pdf');
    expect(names.filter((n) => n.startsWith('documents/'))).toEqual(['documents/PFMP 1/convention.pdf']);
    expect(r.stdout).toContain('Documents imprimés ajoutés : 1');
    const again = run('export', '--period', 'PFMP 1', '--format', 'zip', '--out', 'x.zip');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('existe déjà');
    expect(existsSync(join(dir, 'x.zip'))).toBe(true);
  });
});
