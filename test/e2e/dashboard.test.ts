// `cpro dashboard`: a learner with three periods, in the order of the meeting dates; text, colours, JSON, PDF.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { requireTool } from '../helpers/tools.js';
import { FIXTURES, cpro, cproJson, cproOnTerminal, tempDir } from '../helpers/cli.js';
import type { Dashboard } from '../../src/domain/dashboard.js';

let dir: string;
let db: string;
let cleanup: () => void;
const run = (...args: string[]) => cpro(['--db', db, ...args]);
const write = (name: string, content: string) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'cpro.db');
  // The third period's annex is imported first: its period is created before the others, yet its bilan,
  // met last, must come last.
  const annex3 = write(
    'annexe-1mspc1.csv',
    'Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Activités\n' +
      'PFMP 3;Autre;1MSPC1;03/11/2025;28/11/2025;ACCARDO;Aline;110480123AA;A1T1|A3T1|A3T2\n',
  );
  expect(run('import', 'annexe', annex3).code).toBe(0);
  expect(run('import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')).code).toBe(0);
  expect(run('eval', 'import', join(FIXTURES, 'attitudes-pfmp1.csv'), '--period', 'PFMP 1').code).toBe(0);
  expect(run('eval', 'import', join(FIXTURES, 'bilans-entreprise-pfmp2.csv'), '--period', 'PFMP 2').code).toBe(0);
  const e3 = write(
    'pfmp3.csv',
    'INE;Nom;Prénom;C1.1;C2.2;C2.3;C3.1;Engagement;Date de rencontre;Tâches\n110480123AA;ACCARDO;Aline;4;NE;3;2;4;01/12/2025;A1T1, A3T1\n',
  );
  expect(run('eval', 'import', e3, '--period', 'PFMP 3').code).toBe(0);
  const at3 = write('at3.csv', 'INE;AT1;AT4;AT7;Date de rencontre\n110480123AA;4;3;3;28/11/2025\n');
  expect(run('eval', 'import', at3, '--period', 'PFMP 3').code).toBe(0);
});
afterAll(() => cleanup());

describe('cpro dashboard', () => {
  it('orders every evaluation of the three periods by meeting date, with latest level and history', () => {
    const { code, data } = cproJson<Dashboard>(db, ['dashboard', '--learner', 'ACCARDO Aline']);
    expect(code).toBe(0);
    expect(data.evaluations.map((e) => [e.meetingDate, e.period, e.type])).toEqual([
      ['2025-02-07', 'PFMP 1', 'attitudes'],
      ['2025-06-26', 'PFMP 2', 'entreprise'],
      ['2025-11-28', 'PFMP 3', 'attitudes'],
      ['2025-12-01', 'PFMP 3', 'entreprise'],
    ]);
    const c = (code: string) => data.competencies.find((r) => r.code === code)!;
    expect(c('C2.2').history.map((h) => [h.period, h.level])).toEqual([['PFMP 2', '2'], ['PFMP 3', 'NE']]);
    expect(c('C2.2').latest).toMatchObject({ period: 'PFMP 2', level: '2' });
    expect(c('C2.3').history.map((h) => h.level)).toEqual(['NE', '3']);
    expect(c('C2.3').latest).toMatchObject({ period: 'PFMP 3', level: '3' });
    expect(c('C2.1.1').latest).toMatchObject({ level: '4', meetingDate: '2025-06-26' });
    expect(data.attitudes.find((r) => r.code === 'AT1')!.history.map((h) => `${h.period} ${h.level}`)).toEqual(['PFMP 1 4', 'PFMP 3 4']);
    expect(data.attitudes.find((r) => r.code === 'AT4')!.history.map((h) => h.level)).toEqual(['2', '3']);
    expect(data.engagement.map((e) => `${e.period} ${e.value}`)).toEqual(['PFMP 2 3', 'PFMP 3 4']);
    expect(data.periodsWithoutEvaluation).toEqual([]);
  });

  it('prints the chronology and the levels as a table, without colour when not on a terminal', () => {
    const r = run('dashboard', '--learner', '110480123AA');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 9).join('\n')).toBe(
      [
        "Tableau de bord d'Aline ACCARDO (2MSPC1)",
        '',
        "Évaluations, dans l'ordre chronologique des rencontres",
        'Rencontre   Période             Bilan                                 Engagement',
        '──────────  ──────────────────  ────────────────────────────────────  ──────────',
        '07/02/2025  PFMP 1 (Période 1)  bilan des attitudes professionnelles',
        '26/06/2025  PFMP 2 (Période 2)  bilan entreprise                      ★★★☆',
        '28/11/2025  PFMP 3 (Autre)      bilan des attitudes professionnelles',
        '01/12/2025  PFMP 3 (Autre)      bilan entreprise                      ★★★★',
      ].join('\n'),
    );
    expect(lines).toContain('Code      Compétence                                  PFMP 2 26/06/25  PFMP 3 01/12/25  Dernier');
    expect(lines).toContain('C2.2      Réaliser une intervention de maintenance …  2                NE               2');
    expect(lines).toContain('  C2.1.1  Choisir les outillages et les équipements…  4                ·                4');
    expect(lines).toContain('Engagement : PFMP 2 ★★★☆  →  PFMP 3 ★★★★');
  });

  const bold = (sgr: string, text: string) => `\x1b[1m\x1b[${sgr}m${text}\x1b[39m\x1b[22m`;
  const args = () => ['--db', db, 'dashboard', '--learner', '110480123AA'];

  it('colours each level on a 256-colour terminal; never with NO_COLOR nor TERM=dumb', (ctx) => {
    requireTool('script', ctx);
    const onTty = (env: Record<string, string | undefined>) => cproOnTerminal(args(), { env: { COLORTERM: undefined, ...env } }).stdout;
    const coloured = onTty({ NO_COLOR: undefined, TERM: 'xterm-256color' });
    expect(coloured).toContain(bold('33', '3')); // 3 yellow
    expect(coloured).toContain(bold('38;5;208', '2')); // 2 orange
    expect(coloured).toContain(bold('34', 'NE')); // NE blue
    expect(coloured).toContain(bold('32', '4')); // 4 green
    expect(coloured).toContain(bold('31', '1')); // 1 red (AT8 of PFMP 1)
    const basic = onTty({ NO_COLOR: undefined, TERM: 'xterm' });
    expect(basic).toContain(bold('33', '3'));
    expect(basic).toContain(bold('91', '2')); // no orange among 16 colours: bright red
    expect(onTty({ NO_COLOR: '1', TERM: 'xterm-256color' })).not.toMatch(/\x1b\[/);
    expect(onTty({ NO_COLOR: undefined, TERM: 'dumb' })).not.toMatch(/\x1b\[/);
  });

  it('colours a pipe only when FORCE_COLOR asks, at the level it gives; NO_COLOR still wins', () => {
    expect(cpro(args(), { env: { NO_COLOR: undefined } }).stdout).not.toMatch(/\x1b\[/);
    expect(cpro(args(), { env: { NO_COLOR: undefined, FORCE_COLOR: '2' } }).stdout).toContain(bold('38;5;208', '2'));
    expect(cpro(args(), { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }).stdout).toContain(bold('91', '2'));
    expect(cpro(args(), { env: { NO_COLOR: undefined, FORCE_COLOR: '0' } }).stdout).not.toMatch(/\x1b\[/);
    expect(cpro(args(), { env: { NO_COLOR: '1', FORCE_COLOR: '3' } }).stdout).not.toMatch(/\x1b\[/);
  });

  it('writes a PDF that reads back with the chronology and a chart per evaluated competency', async () => {
    const pdf = join(dir, 'tableau.pdf');
    const r = run('dashboard', '--learner', 'ACCARDO Aline', '--pdf', pdf);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`Tableau de bord écrit dans ${pdf}.\n`);
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = await pdfPages(bytes);
    const text = pages.join(' ');
    expect(pages[0]).toContain('Tableau de bord');
    expect(pages[0]).toContain('Aline ACCARDO — 2MSPC1');
    // The chronology table, in order.
    const order = ['07/02/2025 PFMP 1 (Période 1)', '26/06/2025 PFMP 2 (Période 2)', '28/11/2025 PFMP 3 (Autre)', '01/12/2025 PFMP 3 (Autre)']
      .map((s) => text.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('PFMP 2 — 26/06/2025 PFMP 3 — 01/12/2025');
    expect(text).toContain('Évolution des niveaux de compétence');
    // One chart per competency or sub-competency with at least one answer, each with its latest level.
    const charts = text.slice(text.indexOf('Évolution des niveaux de compétence'));
    expect(charts.match(/Dernier niveau : /g)).toHaveLength(8); // C1.1, C1.2, C2.1.1, C2.1.2, C2.2, C2.3, C3.1, C3.2
    expect(charts).toContain('C2.2 Réaliser une intervention de maintenance préventive Dernier niveau : 2');
    expect(charts).toContain('C2.3 Réaliser une intervention de maintenance corrective Dernier niveau : 3');
    expect(text).not.toContain('C3.1.1');
  });
});

/** The text of each page, items joined by spaces, whitespace collapsed. */
async function pdfPages(bytes: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, disableFontFace: true }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' ').replace(/\s+/g, ' ').trim());
  }
  await doc.destroy();
  return pages;
}
