// What spreadsheets do to CSV files: rows counted as Calc shows them, extra cells, dates and names as typed.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../src/importers/csv/parse.js';
import { decode } from '../../src/importers/csv/decode.js';
import { formatDataError } from '../../src/domain/errors.js';
import { parseSpreadsheetDate } from '../../src/domain/dates.js';
import { nameKey, namesPerson } from '../../src/domain/text.js';
import { mapHeader, rowGetter } from '../../src/importers/csv/header.js';
import { FIXTURES } from '../helpers/cli.js';

describe('spreadsheet rows', () => {
  it('numbers records as the spreadsheet does (header = row 1), apart from the file line after a multi-line cell', () => {
    const p = parseCsv('Nom;Objectifs\nA;"un\ndeux\ntrois"\nB;x\n', 'f');
    expect(p.header).toMatchObject({ line: 1, row: 1 });
    expect(p.records.map((r) => [r.row, r.line])).toEqual([[2, 2], [3, 5]]);
  });
  it('names the spreadsheet row, the learner and the file line when it differs', () => {
    expect(formatDataError({ row: 7, line: 17, learner: 'ACCARDO Aline', column: 'Activités', message: 'x' })).toBe(
      'ligne 7 du tableur (ligne 17 du fichier), ACCARDO Aline, colonne « Activités » : x',
    );
    expect(formatDataError({ row: 3, line: 3, learner: 'BA Awa', message: 'x' })).toBe('ligne 3, BA Awa : x');
  });
});

describe('spreadsheet dates', () => {
  it('reads 2-digit years as Calc does and says how a date was understood', () => {
    expect(parseSpreadsheetDate('09/11/26')).toEqual({ iso: '2026-11-09', understood: '09/11/2026' });
    expect(parseSpreadsheetDate('14/03/95')).toEqual({ iso: '1995-03-14', understood: '14/03/1995' });
    expect(parseSpreadsheetDate('9/11/2026')).toEqual({ iso: '2026-11-09', understood: '09/11/2026' });
    expect(parseSpreadsheetDate('09/11/2026')).toEqual({ iso: '2026-11-09' });
    expect(parseSpreadsheetDate('2026-11-09')).toEqual({ iso: '2026-11-09' });
    expect(parseSpreadsheetDate('31/02/26')).toBeNull();
  });
});

/** Every "Nom;Prénom" pair of the fixtures' CSV files. */
function fixtureNames(): Array<{ lastName: string; firstName: string }> {
  const out: Array<{ lastName: string; firstName: string }> = [];
  for (const f of readdirSync(FIXTURES).filter((n) => /\.(csv|txt)$/.test(n))) {
    const { text } = decode(readFileSync(join(FIXTURES, f)), f);
    const { header, records } = parseCsv(text, f);
    const map = mapHeader(header.cells, [
      { key: 'lastName', label: 'Nom', aliases: ["Nom de l'élève"] },
      { key: 'firstName', label: 'Prénom', aliases: ["Prénom de l'élève"] },
    ]);
    if (map.index.lastName === undefined || map.index.firstName === undefined) continue;
    const get = rowGetter(map);
    for (const r of records) if (get(r.cells, 'lastName')) out.push({ lastName: get(r.cells, 'lastName'), firstName: get(r.cells, 'firstName') });
  }
  return out;
}

const plain = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

describe('names as people type them', () => {
  const people = fixtureNames();
  it('finds the fixtures have names with accents and apostrophes or hyphens to test on', () => {
    expect(people.length).toBeGreaterThan(10);
    expect(people.some((p) => /['’\- ]/.test(p.lastName + p.firstName))).toBe(true);
    expect(people.some((p) => plain(p.lastName + p.firstName) !== p.lastName + p.firstName)).toBe(true);
  });
  it('matches every fixture name typed in lower case, without accents, apostrophes, hyphens or spaces, either order', () => {
    for (const p of people) {
      const typed = [
        `${p.lastName} ${p.firstName}`.toLowerCase(),
        plain(`${p.firstName} ${p.lastName}`).toLowerCase(),
        plain(`${p.lastName}${p.firstName}`).replace(/['’\- ]/g, '').toLowerCase(),
        `${p.lastName.replace(/['’-]/g, ' ')} ${p.firstName.replace(/-/g, ' ')}`,
      ];
      for (const t of typed) expect(namesPerson(t, p), `${t} → ${p.lastName} ${p.firstName}`).toBe(true);
    }
  });
  it('folds accents both ways and ignores punctuation', () => {
    expect(nameKey('ndiaye')).toBe(nameKey("N'DIAYE"));
    expect(nameKey('joao')).toBe(nameKey('JOÃO'));
    expect(nameKey('JOÃO')).toBe(nameKey('joão'));
    expect(nameKey('Jean Pierre')).toBe(nameKey('Jean-Pierre'));
    expect(namesPerson('ndiaye moussa', { lastName: "N'DIAYE", firstName: 'Moussa' })).toBe(true);
    expect(namesPerson('ndiaye', { lastName: "N'DIAYE", firstName: 'Moussa' })).toBe(false);
  });
});
