// Pure rules of src/domain: dates, text keys, validation, period kinds, locks, référentiel cells.
import { describe, expect, it } from 'vitest';
import { ageOn, frenchDate, parseDate } from '../../src/domain/dates.js';
import { headerKey, matchKey } from '../../src/domain/text.js';
import { isValidEmail, isValidPostalCode, normalisePhone, parseStatus } from '../../src/domain/validation.js';
import { hasBilanEntreprise, noBilanEntrepriseReason, parsePeriodKind } from '../../src/domain/period-kinds.js';
import { isLocked, periodLockReason } from '../../src/domain/locks.js';
import { splitObjectives, splitTaskCodes } from '../../src/domain/referentiel.js';

describe('dates', () => {
  it('parses the three accepted forms and refuses impossible dates', () => {
    expect(parseDate('13/01/2025')).toBe('2025-01-13');
    expect(parseDate('3/2/2025')).toBe('2025-02-03');
    expect(parseDate('2025-02-28')).toBe('2025-02-28');
    expect(parseDate('29/02/2024')).toBe('2024-02-29');
    expect(parseDate('31/02/2025')).toBeNull();
    expect(parseDate('29/02/2025')).toBeNull();
    expect(parseDate('2025-13-01')).toBeNull();
    expect(parseDate('13-01-2025')).toBeNull();
    expect(parseDate('')).toBeNull();
  });
  it('prints French dates', () => {
    expect(frenchDate('2025-01-13')).toBe('13 janvier 2025');
    expect(frenchDate('2025-08-01')).toBe('1er août 2025');
  });
  it('computes ages on a date', () => {
    expect(ageOn('2009-03-12', '2027-03-11')).toBe(17);
    expect(ageOn('2009-03-12', '2027-03-12')).toBe(18);
  });
});

describe('text keys', () => {
  it('makes one column of DATE DEBUT, Date de début and date_debut', () => {
    expect(headerKey('DATE DEBUT')).toBe(headerKey('Date de début'));
    expect(headerKey('date_debut')).toBe(headerKey('Date de début'));
    expect(headerKey('Type de période')).toBe(headerKey('TYPE_PERIODE'));
    expect(headerKey('Nom')).not.toBe(headerKey('Nom tuteur'));
  });
  it('ignores case and accents when matching names', () => {
    expect(matchKey('ŒUVRAY')).toBe(matchKey('oeuvray'));
    expect(matchKey('Jean-François')).toBe(matchKey('JEAN FRANCOIS'));
    expect(matchKey('TRẦN Văn Đức')).toBe(matchKey('tran van duc'));
  });
});

describe('validation', () => {
  it('checks e-mails, postal codes and statuses', () => {
    expect(isValidEmail('julien.boisseau@fragrance.fr')).toBe(true);
    expect(isValidEmail('julien.boisseau@fragrance')).toBe(false);
    expect(isValidEmail('a b@c.fr')).toBe(false);
    expect(isValidPostalCode('76000')).toBe(true);
    expect(isValidPostalCode('7600')).toBe(false);
    expect(isValidPostalCode('00100')).toBe(false);
    expect(parseStatus('apprentie')).toBe('Apprenti');
    expect(parseStatus('SCOLAIRE')).toBe('Scolaire');
    expect(parseStatus('stagiaire')).toBeNull();
  });
  it('normalises French phone numbers', () => {
    expect(normalisePhone('0232123456')).toBe('02 32 12 34 56');
    expect(normalisePhone('+33 6 12 34 56 78')).toBe('06 12 34 56 78');
    expect(normalisePhone('02.32.12.34.56')).toBe('02 32 12 34 56');
    expect(normalisePhone('0033 2 32 12 34 56')).toBe('02 32 12 34 56');
    expect(normalisePhone('12345')).toBeNull();
    expect(normalisePhone('+44 20 7946 0958')).toBeNull();
  });
});

describe('period kinds', () => {
  it('matches kinds ignoring case and accents', () => {
    expect(parsePeriodKind('periode 2')).toBe('Période 2');
    expect(parsePeriodKind('PÉRIODE-1')).toBe('Période 1');
    expect(parsePeriodKind('e31')).toBe('E31');
    expect(parsePeriodKind('autre')).toBe('Autre');
    expect(parsePeriodKind('Période 3')).toBeNull();
  });
  it('knows which kinds have a bilan entreprise, and says why not', () => {
    expect(hasBilanEntreprise('Période 2')).toBe(true);
    expect(hasBilanEntreprise('Autre')).toBe(true);
    expect(hasBilanEntreprise('Période 1')).toBe(false);
    expect(noBilanEntrepriseReason('E33')).toContain('épreuve');
    expect(noBilanEntrepriseReason('Période 1')).toContain('attitudes');
    expect(noBilanEntrepriseReason('Autre')).toBeNull();
  });
});

describe('locks', () => {
  it('locks a date before the latest bilan intermédiaire', () => {
    expect(isLocked('2025-02-07', '2025-03-01')).toBe(true);
    expect(isLocked('2025-03-01', '2025-03-01')).toBe(false);
    expect(isLocked('2025-02-07', null)).toBe(false);
    expect(periodLockReason('PFMP 1', '2025-02-07', '2025-03-01')).toContain('07/02/2025');
  });
});

describe('annex cells', () => {
  it('splits objectives on line breaks or " | "', () => {
    expect(splitObjectives('Un\nDeux | Trois\r\n\n')).toEqual(['Un', 'Deux', 'Trois']);
    expect(splitObjectives('Lire un schéma|plan')).toEqual(['Lire un schéma|plan']);
  });
  it('splits task codes on | , ;', () => {
    expect(splitTaskCodes('a1t1 | A2T1,A3T2;a4t1')).toEqual(['A1T1', 'A2T1', 'A3T2', 'A4T1']);
  });
});
