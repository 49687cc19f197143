// The portal's view helpers: a textarea shows all of its text on a phone instead of a two-line window.
import { describe, expect, it } from 'vitest';
import { viewHelpers } from '../../src/web/view-helpers.js';

describe('viewHelpers.rows', () => {
  it('keeps the minimum for an empty or short value', () => {
    expect(viewHelpers.rows('', 2)).toBe(2);
    expect(viewHelpers.rows(null, 4)).toBe(4);
    expect(viewHelpers.rows('Gérard Dubois', 2)).toBe(2);
  });
  it('gives one row per line, long lines counted as they wrap at a phone width, plus one to type in', () => {
    expect(viewHelpers.rows('Paul Martin\nInès Haddad\nLéa Morel', 2)).toBe(4);
    expect(viewHelpers.rows('x'.repeat(70), 2)).toBe(4);
  });
  it('stops at 15 rows: beyond, the box scrolls', () => {
    expect(viewHelpers.rows('ligne\n'.repeat(40), 2)).toBe(15);
  });
});
