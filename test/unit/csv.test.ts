// The CSV front: encoding and delimiter detection.
import { describe, expect, it } from 'vitest';
import { decode, decodeWindows1252 } from '../../src/importers/csv/decode.js';
import { detectDelimiter, parseCsv } from '../../src/importers/csv/parse.js';

describe('decode', () => {
  it('detects UTF-8 with and without BOM, UTF-16LE with BOM and Windows-1252', () => {
    expect(decode(Buffer.from('\ufeffÉlève', 'utf8'), 'f')).toEqual({ text: 'Élève', encoding: 'utf-8' });
    expect(decode(Buffer.from('Élève', 'utf8'), 'f')).toEqual({ text: 'Élève', encoding: 'utf-8' });
    expect(decode(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Nguyễn', 'utf16le')]), 'f')).toEqual({ text: 'Nguyễn', encoding: 'utf-16le' });
    expect(decode(Buffer.from([0x8c, 0x75, 0x76, 0x72, 0x61, 0x79, 0x20, 0x80]), 'f')).toEqual({ text: 'Œuvray €', encoding: 'windows-1252' });
  });
  it('maps the 0x80–0x9F range of Windows-1252', () => {
    expect(decodeWindows1252(Buffer.from([0x9c, 0x9f, 0x92, 0xe9]))).toBe('œŸ’é');
  });
  it('refuses binary content', () => {
    expect(() => decode(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1]), 'x.zip')).toThrow(/binaire/);
  });
  it('NFC-normalises decomposed text', () => {
    expect(decode(Buffer.from('E\u0301le\u0300ve', 'utf8'), 'f').text).toBe('Élève');
  });
});

describe('parse', () => {
  it('detects the delimiter of the header line, ignoring quoted ones', () => {
    expect(detectDelimiter('a;b;c\n1,2;3')).toBe(';');
    expect(detectDelimiter('"a;b",c,d\n')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
  });
  it('gives each record the line where it starts, counting multi-line cells and blank lines', () => {
    const p = parseCsv('h1;h2\r\n"a\r\nb";c\r\n\r\n;\r\nd;e\r\n', 'f');
    expect(p.header.line).toBe(1);
    expect(p.records.map((r) => [r.line, r.cells])).toEqual([
      [2, ['a\nb', 'c']],
      [6, ['d', 'e']],
    ]);
  });
});

describe('parseRecords', () => {
  it('handles quotes, doubled quotes, delimiters and line breaks inside cells, and ragged rows', () => {
    const p = parseCsv('a;b;c\n"x;y";"say ""hi""";\n"multi\nline\ncell";2\nlast;"q"tail;x"y\nend;', 'f', ';');
    expect(p.records).toEqual([
      { line: 2, row: 2, cells: ['x;y', 'say "hi"', ''] },
      { line: 3, row: 3, cells: ['multi\nline\ncell', '2'] },
      { line: 6, row: 4, cells: ['last', 'qtail', 'x"y'] },
      { line: 7, row: 5, cells: ['end', ''] },
    ]);
  });
  it('reports an unterminated quote with the line where the record starts', () => {
    expect(() => parseCsv('a;b\n1;2\n3;"open\n\n', 'f.csv')).toThrow('f.csv, ligne 3 : guillemet ouvrant sans guillemet fermant.');
  });
});

describe('decode edge cases', () => {
  it('ignores a trailing Ctrl-Z end-of-file mark', () => {
    expect(decode(Buffer.from('a;b\n1;2\n\x1a', 'latin1'), 'f').text).toBe('a;b\n1;2\n');
  });
  it('refuses an --encoding that contradicts the BOM, saying which one the file has', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a;b', 'utf8')]);
    expect(() => decode(bom, 'f.csv', 'windows-1252')).toThrow('f.csv : le fichier commence par la marque d\'un fichier utf-8 (BOM)');
    expect(decode(bom, 'f.csv', 'utf-8').text).toBe('a;b');
  });
});
