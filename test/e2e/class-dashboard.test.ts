// `cpro dashboard --period P`: the class's bilans at a glance, one row per learner, in text, JSON and PDF.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, cpro, cproJson, tempDir } from '../helpers/cli.js';
import { pdfText } from '../documents/readback.js';

let dir: string;
let db: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'cpro.db');
  expect(cpro(['--db', db, 'import', 'annexe', join(FIXTURES, 'annexe-2mspc1.csv')]).code).toBe(0);
  expect(cpro(['--db', db, 'eval', 'import', join(FIXTURES, 'bilans-entreprise-pfmp2.csv'), '--period', 'PFMP 2']).code).toBe(0);
});
afterEach(() => cleanup());

interface ClassJson {
  period: { name: string };
  competencyCodes: string[];
  rows: Array<{ learner: { lastName: string }; attitudes: unknown; competencies: Record<string, string> | null; engagement: number | null }>;
}

describe('cpro dashboard --period', () => {
  it('lists every learner of the period with their answers, and says which bilans are missing', async () => {
    const j = cproJson<ClassJson>(db, ['dashboard', '--period', 'PFMP 2']);
    expect(j.code).toBe(0);
    expect(j.data.rows).toHaveLength(8);
    expect(j.data.competencyCodes).toEqual(['C1.1', 'C1.2', 'C2.1', 'C2.2', 'C2.3', 'C3.1', 'C3.2']);
    const aline = j.data.rows.find((r) => r.learner.lastName === 'ACCARDO')!;
    // C2.1 was evaluated through its detailed competencies: both answers in one cell.
    expect(aline.competencies).toMatchObject({ 'C1.1': '3', 'C2.1': '4/3', 'C2.2': '2', 'C2.3': 'NE' });
    expect(aline.engagement).toBe(3);
    expect(j.data.rows.find((r) => r.learner.lastName === 'DEGENDOUX')!.competencies).toBeNull();

    const text = cpro(['--db', db, 'dashboard', '--period', 'PFMP 2']).stdout;
    expect(text).toContain('Tableau de bord — PFMP 2 (2MSPC1, Période 2)');
    expect(text).toMatch(/ACCARDO Aline\s+(\S+\s+)*3\s+3\s+4\/3\s+2\s+NE/);
    expect(text).toContain("8 apprenants n'ont pas tous leurs bilans");

    const pdf = join(dir, 'classe.pdf');
    const r = cpro(['--db', db, 'dashboard', '--period', 'PFMP 2', '--pdf', pdf]);
    expect(r.code, r.stderr).toBe(0);
    const printed = (await pdfText(readFileSync(pdf))).text.replace(/\s+/g, ' ');
    expect(printed).toContain('Tableau de bord — PFMP 2');
    expect(printed).toContain('ACCARDO Aline');
    expect(printed).toContain('4/3');

    const csv = join(dir, 'resultats.csv');
    expect(cpro(['--db', db, 'dashboard', '--period', 'PFMP 2', '--csv', csv]).code).toBe(0);
    const lines = readFileSync(csv, 'utf8').replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0]).toBe('Nom;Prénom;AT1;AT2;AT3;AT4;AT5;AT6;AT7;AT8;AT9;AT10;C1.1;C1.2;C2.1;C2.2;C2.3;C3.1;C3.2;Engagement;Bilan personnel');
    expect(lines[1]).toMatch(/^ACCARDO;Aline;;;;;;;;;;;3;3;4\/3;2;NE;;3;3;non$/);
    const again = cpro(['--db', db, 'dashboard', '--period', 'PFMP 2', '--csv', csv]);
    expect(again.code).toBe(1);
    expect(cpro(['--db', db, 'dashboard', '--period', 'PFMP 2', '--csv', csv, '--force']).code).toBe(0);
  });
});
