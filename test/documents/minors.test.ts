import { describe, expect, it } from 'vitest';
import { isMinorOn, minorWorkingTimeRule } from '../../src/domain/minors.js';

describe('isMinorOn', () => {
  it('is true until the eve of the 18th birthday', () => {
    expect(isMinorOn('2007-01-13', '2025-01-12')).toBe(true);
    expect(isMinorOn('2007-01-13', '2025-01-13')).toBe(false);
    expect(isMinorOn('2007-01-13', '2025-01-14')).toBe(false);
  });

  it('handles a birthday on 29 February', () => {
    expect(isMinorOn('2008-02-29', '2026-02-28')).toBe(true);
    expect(isMinorOn('2008-02-29', '2026-03-01')).toBe(false);
  });

  it('is unknown without a birth date', () => {
    expect(isMinorOn(null, '2025-01-13')).toBeNull();
  });
});

describe('minorWorkingTimeRule', () => {
  it('states the limits by age', () => {
    expect(minorWorkingTimeRule(17)).toContain('8 h par jour et 35 h par semaine');
    expect(minorWorkingTimeRule(17)).toContain('entre 22 h et 6 h');
    expect(minorWorkingTimeRule(15)).toContain('7 h par jour et 35 h par semaine');
    expect(minorWorkingTimeRule(15)).toContain('entre 20 h et 6 h');
    expect(minorWorkingTimeRule(14)).toContain('7 h par jour et 30 h par semaine');
  });
});
