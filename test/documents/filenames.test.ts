import { describe, expect, it } from 'vitest';
import { documentBaseName, MAX_BASE_BYTES, MAX_BASE_NAME, safeFileName, uniqueName } from '../../src/domain/filenames.js';

describe('documentBaseName', () => {
  it('follows the user guide wording for each document', () => {
    expect(documentBaseName('preconvention', 'PFMP 2', 'Thị Ánh', 'Nguyễn')).toBe('Annexe PFMP 2 Thị Ánh Nguyễn');
    expect(documentBaseName('attestation', 'PFMP 2', 'Zoé', 'Œuvray')).toBe('Attestation - PFMP 2 - Zoé Œuvray');
    expect(documentBaseName('bilan-attitudes', 'PFMP 2', 'Léa', 'Faÿ')).toBe('Bilan attitudes - PFMP 2 - Léa Faÿ');
    expect(documentBaseName('bilan-entreprise', 'PFMP 2', 'Léa', 'Faÿ')).toBe('Bilan entreprise - PFMP 2 - Léa Faÿ');
  });

  it('makes a period name with a slash or a colon safe', () => {
    expect(documentBaseName('attestation', 'PFMP 1/2 : janvier', 'Léa', 'Faÿ')).toBe(
      'Attestation - PFMP 1-2 - janvier - Léa Faÿ',
    );
  });
});

describe('safeFileName', () => {
  it('removes or replaces the characters Windows refuses', () => {
    const s = safeFileName('a/b\\c:d*e?f"g<h>i|j');
    expect(s).not.toMatch(/[/\\:*?"<>|]/);
    expect(s).toBe("a-b-c - def'ghi-j");
  });

  it('drops control characters and collapses spaces', () => {
    expect(safeFileName('Léa\tFaÿ\n\u0000 x\u007f')).toBe('Léa Faÿ x');
  });

  it('returns NFC', () => {
    const decomposed = 'He\u0301le\u0300ne';
    expect(safeFileName(decomposed)).toBe('Hélène');
    expect(safeFileName(decomposed)).toBe(safeFileName(decomposed).normalize('NFC'));
  });

  it('trims leading and trailing dots and spaces', () => {
    expect(safeFileName('  ..Annexe P1...  ')).toBe('Annexe P1');
  });

  it('avoids Windows device names, even with an extension', () => {
    expect(safeFileName('CON')).toBe('_CON');
    expect(safeFileName('nul.txt')).toBe('_nul.txt');
    expect(safeFileName('Com1')).toBe('_Com1');
    expect(safeFileName('Console')).toBe('Console');
  });

  it('never returns an empty name', () => {
    expect(safeFileName('???')).toBe('document');
    expect(safeFileName('')).toBe('document');
  });

  it('limits the length without splitting a character or ending on a space', () => {
    const long = `Annexe ${'Nguyễn '.repeat(40)}`;
    const s = safeFileName(long);
    expect(Array.from(s).length).toBeLessThanOrEqual(MAX_BASE_NAME);
    expect(s).not.toMatch(/[\s.]$/);
    expect(s.normalize('NFC')).toBe(s);
    expect(Array.from(safeFileName('😀'.repeat(200), 10))).toHaveLength(10);
  });
});

describe('uniqueName', () => {
  it('adds (2), (3)… to a taken name, ignoring case, and records the name given', () => {
    const taken = new Set<string>();
    expect(uniqueName('Annexe P1 Léa Faÿ', taken)).toBe('Annexe P1 Léa Faÿ');
    expect(uniqueName('Annexe P1 Léa Faÿ', taken)).toBe('Annexe P1 Léa Faÿ (2)');
    expect(uniqueName('ANNEXE P1 LÉA FAŸ', taken)).toBe('ANNEXE P1 LÉA FAŸ (3)');
    expect(taken.size).toBe(3);
  });

  it('compares composed and decomposed names as equal', () => {
    const taken = new Set(['Hélène']);
    expect(uniqueName('He\u0301le\u0300ne', taken)).toBe('He\u0301le\u0300ne (2)');
  });
});

describe('names cut by bytes', () => {
  it('keeps a name of 4-byte characters under the 255-byte limit of Linux and macOS, whole characters only', () => {
    const name = documentBaseName('attestation', 'PFMP 1', '𠀀'.repeat(60), '𩸽'.repeat(60));
    expect(Buffer.byteLength(name, 'utf8')).toBeLessThanOrEqual(MAX_BASE_BYTES);
    expect(name).not.toContain('\uFFFD');
    expect(Buffer.from(name, 'utf8').toString('utf8')).toBe(name);
    const file = `${uniqueName(name, new Set([name]))}.docx`;
    expect(Buffer.byteLength(file, 'utf8')).toBeLessThanOrEqual(255);
  });

  it('keeps two learners whose cut names meet apart', () => {
    const taken = new Set<string>();
    const a = uniqueName(documentBaseName('attestation', 'PFMP 1', '𠀀'.repeat(80), 'A'), taken);
    const b = uniqueName(documentBaseName('attestation', 'PFMP 1', '𠀀'.repeat(80), 'B'), taken);
    expect(a).not.toBe(b);
    expect(b).toBe(`${a} (2)`);
  });
});
