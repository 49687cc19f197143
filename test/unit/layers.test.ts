// The house kept as drawn: import directions (dependency-cruiser, .dependency-cruiser.cjs) and SQL only in
// src/store/. Each check is shown to fail on a planted violation, so that a passing run means something.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');

function depcruise(cwd: string): { code: number; output: string } {
  const r = spawnSync(DEPCRUISE, ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, output: r.stdout + r.stderr };
}

describe('import directions', () => {
  let copy: string;
  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'cpro-layers-'));
    for (const f of ['src', 'tsconfig.json', '.dependency-cruiser.cjs', 'package.json']) cpSync(join(ROOT, f), join(copy, f), { recursive: true });
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('are kept by the code: cli and web → services → importers, documents, mail, store → domain', () => {
    const r = depcruise(ROOT);
    expect(r.output).toContain('no dependency violations found');
    expect(r.code, r.output).toBe(0);
  });

  it('fail on a planted violation, naming each broken rule and the import', () => {
    writeFileSync(join(copy, 'src/domain/planted.ts'), "import { openStore } from '../store/store.js';\nexport const x = openStore;\n");
    writeFileSync(join(copy, 'src/cli/planted.ts'), "import { renderPdf } from '../documents/render/pdf.js';\nexport const y = renderPdf;\n");
    writeFileSync(join(copy, 'src/store/planted.ts'), "import { importAnnex } from '../services/periods/import-annex.js';\nexport const z = importAnnex;\n");
    const r = depcruise(copy);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('domain-is-pure: src/domain/planted.ts → src/store/store.ts');
    expect(r.output).toContain('interfaces-through-services: src/cli/planted.ts → src/documents/render/pdf.ts');
    expect(r.output).toContain('lower-layers-stay-apart: src/store/planted.ts → src/services/periods/import-annex.ts');
  });
});

/** SQL statements written in a string or template outside src/store/ (comments are not code). */
const SQL = /\b(SELECT\s[^'"`]*\bFROM\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|(CREATE|ALTER|DROP)\s+(TABLE|INDEX|VIEW)\s|PRAGMA\s+\w+)/i;
const STRING = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;
const DRIVER = /\.(prepare|pragma)\(/;

function sqlOutsideStore(files: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [path, text] of files) {
    if (path.startsWith('src/store/')) continue;
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const s of code.match(STRING) ?? []) if (SQL.test(s)) found.push(`${path}: ${s.slice(0, 60)}`);
    if (DRIVER.test(code)) found.push(`${path}: ${DRIVER.exec(code)![0]}`);
  }
  return found;
}

function sources(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) out.set(relative(ROOT, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('SQL', () => {
  it('is written only in src/store/', () => {
    const files = sources(join(ROOT, 'src'));
    expect(files.size).toBeGreaterThan(50);
    expect(sqlOutsideStore(files)).toEqual([]);
  });

  it('is found when planted in a service, a string or a template, or as a prepared statement', () => {
    const planted = new Map([
      ['src/services/a.ts', "const rows = db.all('SELECT id FROM learners');"],
      ['src/web/b.ts', 'const q = `DELETE FROM sessions WHERE id = ${id}`;'],
      ['src/cli/c.ts', 'store.db.prepare(query).run();'],
      ['src/store/d.ts', "db.prepare('SELECT 1 FROM x').get();"],
      ['src/domain/e.ts', "// SELECT the learners FROM the period: a comment\nconst t = 'Sélectionnez une période';"],
    ]);
    expect(sqlOutsideStore(planted)).toEqual([
      "src/services/a.ts: 'SELECT id FROM learners'",
      'src/web/b.ts: `DELETE FROM sessions WHERE id = ${id}`',
      'src/cli/c.ts: .prepare(',
    ]);
  });
});

describe('terminal output', () => {
  it('goes through IO (src/cli/io.ts): no direct process.stdout or process.stderr elsewhere', () => {
    const direct = [...sources(join(ROOT, 'src'))]
      .filter(([path, text]) => path !== 'src/cli/io.ts' && /process\.(stdout|stderr)\b/.test(text))
      .map(([path]) => path);
    expect(direct).toEqual([]);
  });
});

