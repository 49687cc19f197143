// Pure rules of period changes (src/domain/period-rules.ts).
import { describe, expect, it } from 'vitest';
import { bilanDateLockError, periodDateErrors } from '../../src/domain/period-rules.js';

describe('period changes', () => {
  it('refuses incoherent dates', () => {
    expect(periodDateErrors({ start: '2025-06-02', end: '2025-06-27', bilanDate: '2025-06-27' })).toEqual([]);
    expect(periodDateErrors({ start: '2025-06-02', end: '2025-05-27', bilanDate: '2025-05-01' })).toEqual([
      'la date de fin (27/05/2025) précède la date de début (02/06/2025)',
      'la date des bilans (01/05/2025) précède la date de début (02/06/2025)',
    ]);
  });
  it('refuses a bilan date that would lock the period at once', () => {
    expect(bilanDateLockError('2025-03-01', null)).toBeNull();
    expect(bilanDateLockError('2025-03-20', '2025-03-14')).toBeNull();
    expect(bilanDateLockError('2025-03-01', '2025-03-14')).toBe(
      'la nouvelle date des bilans (01/03/2025) serait antérieure au dernier bilan intermédiaire de compétences ' +
        'de la classe (14/03/2025) : la période deviendrait verrouillée',
    );
  });
});
