// The limits of domain/limits.ts, the binary check of CSV decoding and the terminal filter of the IO layer.
import { describe, expect, it } from 'vitest';
import { FIELD_LIMITS, MAX_YAML_DEPTH, columnRule, textProblem, yamlDepthExceeds } from '../../src/domain/limits.js';
import { decode } from '../../src/importers/csv/decode.js';
import { terminalSafe } from '../../src/cli/io.js';

describe('textProblem', () => {
  it('accepts ordinary text, tabs, and line breaks where the field is multi-line', () => {
    expect(textProblem('Nguyễn Thị Lan', 'name')).toBeNull();
    expect(textProblem('a\tb', 'name')).toBeNull();
    expect(textProblem('ligne 1\nligne 2\r\nligne 3', 'comment')).toBeNull();
  });

  it('refuses C0 and C1 control characters, naming the character and where it is', () => {
    expect(textProblem('DUPONT\x1b]0;titre\x07', 'name')).toBe('caractère de contrôle interdit U+001B (échappement) en position 7');
    expect(textProblem('a\u0000b', 'comment')).toBe('caractère de contrôle interdit U+0000 (caractère nul) en position 2');
    expect(textProblem('a\u009bb', 'comment')).toBe('caractère de contrôle interdit U+009B en position 2');
    expect(textProblem('a\u007fb', 'other')).toMatch(/U\+007F/);
  });

  it('refuses a line break in a one-line field', () => {
    expect(textProblem('DUPONT\nMARTIN', 'name')).toBe('retour à la ligne interdit dans ce champ (sur une seule ligne)');
    expect(textProblem('45 rue du Port\n76000 Rouen', columnRule('companyAddress'))).toBeNull();
  });

  it('refuses a text longer than its limit, counting characters, not UTF-16 units', () => {
    expect(textProblem('A'.repeat(FIELD_LIMITS.name.max), 'name')).toBeNull();
    expect(textProblem('A'.repeat(10_000_000), 'name')).toBe('texte trop long (10000000 caractères, 100 au plus)');
    expect(textProblem('😀'.repeat(100), 'name')).toBeNull(); // 200 UTF-16 units, 100 characters
    expect(textProblem('😀'.repeat(101), 'name')).toBe('texte trop long (101 caractères, 100 au plus)');
  });

  it('gives each import column its rule', () => {
    expect(columnRule('lastName')).toBe(FIELD_LIMITS.name);
    expect(columnRule('comment')).toBe(FIELD_LIMITS.comment);
    expect(columnRule('code:C1.1')).toBe(FIELD_LIMITS.other);
  });
});

describe('yamlDepthExceeds', () => {
  it('stops at the first bracket past the limit, without parsing', () => {
    expect(yamlDepthExceeds('a: ' + '['.repeat(900_000) + ']'.repeat(900_000), MAX_YAML_DEPTH)).toEqual({ line: 1 });
    expect(yamlDepthExceeds('a: [[1, 2], {b: [3]}]\n', MAX_YAML_DEPTH)).toBeNull();
  });

  it('counts indentation levels too, and ignores brackets inside quotes and comments', () => {
    const deep = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}a:`).join('\n');
    expect(yamlDepthExceeds(deep, MAX_YAML_DEPTH)).toEqual({ line: 18 });
    expect(yamlDepthExceeds(`a: "${'['.repeat(50)}"\n# ${'{'.repeat(50)}\nb: l'[entreprise\n`, MAX_YAML_DEPTH)).toBeNull();
  });
});

describe('CSV binary check', () => {
  it('finds a NUL far past the first 4,096 characters, in UTF-16 too', () => {
    const text = 'Nom;Prénom\n' + 'DUPONT;Léa\n'.repeat(1000) + 'NUL\u0000;X\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(() => decode(utf16, 'a.csv')).toThrow("a.csv : fichier binaire, ce n'est pas un export CSV.");
    expect(() => decode(Buffer.from(text, 'utf8'), 'a.csv')).toThrow(/fichier binaire/);
  });

  it('leaves a single escape character to the cell check, which names its row', () => {
    expect(decode(Buffer.from('Nom\nDUPONT\x1b[2J\n', 'utf8'), 'a.csv').text).toContain('\x1b');
  });
});

describe('terminalSafe', () => {
  it('shows control characters and escape sequences from data as « � », keeping newlines and tabs', () => {
    expect(terminalSafe('EVIL\x1b]0;pwned\x07\x1b[2J\nsuite\tx', false)).toBe('EVIL\ufffd]0;pwned\ufffd\ufffd[2J\nsuite\tx');
  });

  it('keeps colour sequences only when colour is on', () => {
    expect(terminalSafe('\x1b[32mvert\x1b[39m', true)).toBe('\x1b[32mvert\x1b[39m');
    expect(terminalSafe('\x1b[32mvert\x1b[39m', false)).toBe('vert');
  });
});
