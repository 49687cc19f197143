// French in messages: yes/no answers and the elision of « de » before a name.
import { describe, expect, it } from 'vitest';
import { deName, parseYesNo } from '../../src/domain/text.js';
import { parseFormatChoice } from '../../src/domain/print.js';

describe('parseYesNo', () => {
  it('accepts o, oui, n, non in any case, and the default on an empty answer', () => {
    expect(['o', 'O', 'oui', 'Oui', ' OUI '].map((a) => parseYesNo(a, false))).toEqual([true, true, true, true, true]);
    expect(['n', 'N', 'non', 'Non'].map((a) => parseYesNo(a, true))).toEqual([false, false, false, false]);
    expect(parseYesNo('', true)).toBe(true);
    expect(parseYesNo('', false)).toBe(false);
    expect(parseYesNo('peut-être', true)).toBeUndefined();
  });
});

describe('deName', () => {
  it('elides before a vowel sound, not before a Y followed by a vowel', () => {
    expect(deName('Paul')).toBe('de Paul');
    expect(deName('Inès')).toBe("d'Inès");
    expect(deName('Aline ACCARDO')).toBe("d'Aline ACCARDO");
    expect(deName('Yves')).toBe("d'Yves");
    expect(deName('Yanis')).toBe('de Yanis');
    expect(deName('Yasmine')).toBe('de Yasmine');
    expect(deName('Élodie')).toBe("d'Élodie");
  });
});

describe('parseFormatChoice', () => {
  it('takes « les deux » in French, and both from older scripts', () => {
    expect(['les-deux', 'les deux', 'LES_DEUX', 'both'].map(parseFormatChoice)).toEqual(['both', 'both', 'both', 'both']);
    expect(parseFormatChoice('PDF')).toBe('pdf');
    expect(parseFormatChoice('odt')).toBeNull();
  });
});
