import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allocationFor, inForce, levelFromClassName, parseLevel, parseScales, type Scales } from '../../src/domain/allocation.js';

const shipped = parseScales(JSON.parse(readFileSync(new URL('../../templates/baremes/pfmp.json', import.meta.url), 'utf8')));
const scales = shipped.scales as Scales;
const scale = inForce(scales.allocation, '2025-11-03');

describe('allocation PFMP', () => {
  it('the shipped scales are valid', () => {
    expect(shipped.errors).toEqual([]);
    expect(inForce(scales.gratification, '2025-06-01')?.hourlyMinimum).toBe(4.35);
    expect(inForce(scales.gratification, '2026-03-01')?.hourlyMinimum).toBe(4.5);
    expect(inForce(scales.allocation, '2023-06-01')).toBeUndefined();
  });

  it.each([
    ['2de', 10],
    ['1re', 15],
    ['Tle', 20],
    ['CAP1', 10],
    ['CAP2', 15],
  ] as const)('level %s: %d € a day done', (level, rate) => {
    expect(allocationFor({ status: 'Scolaire', level, days: 9.5, previous: 0, scale })).toMatchObject({ rate, amount: 9.5 * rate, capped: false });
  });

  it('the annual cap: 6 weeks in 2de (300 €), what is left of it after earlier periods', () => {
    const r = allocationFor({ status: 'Scolaire', level: '2de', days: 20, previous: 150, scale });
    expect(r).toMatchObject({ cap: 300, amount: 150, total: 300, capped: true });
    expect(allocationFor({ status: 'Scolaire', level: 'Tle', days: 10, previous: 800, scale })).toMatchObject({ cap: 800, amount: 0, capped: true });
  });

  it('an apprentice is excluded', () => {
    expect(allocationFor({ status: 'Apprenti', level: '1re', days: 10, previous: 0, scale })).toEqual({ reason: 'apprentice' });
  });

  it('an unknown level is refused, never guessed', () => {
    expect(levelFromClassName('MSPC-A')).toBeNull();
    expect(allocationFor({ status: 'Scolaire', level: levelFromClassName('MSPC-A'), days: 10, previous: 0, scale })).toEqual({ reason: 'unknown-level' });
  });

  it('levels come from the class name (2, 1, T) or from what the user typed', () => {
    expect(levelFromClassName('2MSPC1')).toBe('2de');
    expect(levelFromClassName('1MSPC')).toBe('1re');
    expect(levelFromClassName('TMSPC')).toBe('Tle');
    expect(parseLevel('terminale')).toBe('Tle');
    expect(parseLevel('cap2')).toBe('CAP2');
    expect(parseLevel('3e')).toBeNull();
  });

  it('a scales file with mistakes is refused with every mistake', () => {
    const r = parseScales({ allocation: [{ depuis: '2027', tauxJournalier: { '4e': 3, '2de': -1 } }], gratification: 'x' });
    expect(r.scales).toBeUndefined();
    expect(r.errors).toEqual([
      'allocation[0].depuis : date AAAA-MM-JJ attendue',
      'allocation[0].tauxJournalier : niveau inconnu « 4e » (2de, 1re, Tle, CAP1, CAP2)',
      'allocation[0].tauxJournalier.2de : nombre positif attendu',
      '« gratification » : liste attendue',
    ]);
  });
});
