import { describe, expect, it } from 'vitest';
import { checkTutor, frenchDay, ofName, tutorRole, tutorState, type AccessFacts } from '../../src/domain/tutor-state.js';

const tutor = { lastName: 'MARTIN', firstName: 'Paul', email: 'paul.martin@usine.example.fr' };
const now = new Date('2025-03-10T10:00:00Z');
const token = {
  issuedAt: '2025-03-01T09:00:00.000Z', expiresAt: '2025-08-28T09:00:00.000Z', revokedAt: null, supersededAt: null,
  delivery: 'smtp' as const,
};
const sent = { attemptedAt: '2025-03-01T09:00:00.000Z', sentAt: '2025-03-01T09:00:00.000Z', failedReason: null };
const facts = (f: Partial<AccessFacts>): AccessFacts => ({ tutor, accountEmail: null, latestToken: null, latestAttempt: null, ...f });

describe('tutor role', () => {
  it('is tuteur de stage for pupils, maître d’apprentissage for apprentices', () => {
    expect(tutorRole('Scolaire')).toBe('tuteur de stage');
    expect(tutorRole('Apprenti')).toBe("maître d'apprentissage");
  });
});

describe('tutor completeness (nom, prénom, valid courriel)', () => {
  it('accepts a complete tutor, trimmed', () => {
    expect(checkTutor({ lastName: ' MARTIN ', firstName: 'Paul', email: ' paul@x.fr ' })).toEqual({
      complete: true, identity: { lastName: 'MARTIN', firstName: 'Paul', email: 'paul@x.fr' },
    });
  });
  it('says what is missing, in French', () => {
    const c = checkTutor({ lastName: 'MARTIN', firstName: null, email: '' });
    expect(c).toMatchObject({ complete: false, empty: false, reason: 'prénom et courriel manquants' });
    expect(checkTutor({ lastName: null, firstName: null, email: null })).toMatchObject({ complete: false, empty: true });
    expect(checkTutor({ lastName: 'A', firstName: 'B', email: 'pas-un-courriel' })).toMatchObject({
      complete: false, reason: 'courriel invalide « pas-un-courriel »',
    });
    expect(checkTutor({ lastName: null, firstName: 'B', email: 'x@' })).toMatchObject({
      reason: 'nom manquant ; courriel invalide « x@ »',
    });
  });
});

describe('tutor access state', () => {
  it('sans tuteur / à inviter', () => {
    expect(tutorState(facts({ tutor: { lastName: null, firstName: null, email: null } }), now)).toMatchObject({ code: 'no-tutor', label: 'sans tuteur' });
    expect(tutorState(facts({ tutor: { ...tutor, email: null } }), now)).toMatchObject({
      code: 'no-tutor', label: 'sans tuteur (courriel manquant)',
    });
    expect(tutorState(facts({}), now)).toMatchObject({ code: 'to-invite', label: 'à inviter' });
  });

  it('invité le …, expire le …', () => {
    const s = tutorState(facts({ accountEmail: tutor.email, latestToken: token, latestAttempt: sent }), now);
    expect(s).toMatchObject({ code: 'invited', label: 'invité le 1er mars 2025, expire le 28 août 2025', delivery: 'smtp' });
  });

  it('outbox copies say they were not sent', () => {
    const s = tutorState(facts({ accountEmail: tutor.email, latestToken: { ...token, delivery: 'outbox' }, latestAttempt: sent }), now);
    expect(s.label).toBe('préparé le 1er mars 2025 (outbox, non envoyé), expire le 28 août 2025');
  });

  it('expiré, révoqué', () => {
    expect(tutorState(facts({ accountEmail: tutor.email, latestToken: token, latestAttempt: sent }), new Date('2025-08-28T09:00:00Z')))
      .toMatchObject({ code: 'expired', label: 'expiré le 28 août 2025' });
    expect(tutorState(facts({ accountEmail: tutor.email, latestToken: { ...token, revokedAt: '2025-03-05T08:00:00.000Z' }, latestAttempt: sent }), now))
      .toMatchObject({ code: 'revoked', label: 'révoqué le 5 mars 2025' });
  });

  it("échec d'envoi, unless a valid link remains (then it is a note)", () => {
    const failed = { attemptedAt: '2025-03-02T09:00:00.000Z', sentAt: null, failedReason: 'adresse refusée par le serveur (550)' };
    expect(tutorState(facts({ latestAttempt: failed }), now)).toMatchObject({ code: 'failed', label: "échec d'envoi : adresse refusée par le serveur (550)" });
    const s = tutorState(facts({ accountEmail: tutor.email, latestToken: token, latestAttempt: failed }), now);
    expect(s.code).toBe('invited');
    expect(s.label).toContain("dernier envoi en échec : adresse refusée par le serveur (550)");
  });

  it('a new tutor on the sheet must be invited', () => {
    const s = tutorState(facts({ accountEmail: 'ancien@usine.example.fr', latestToken: token, latestAttempt: sent }), now);
    expect(s).toMatchObject({ code: 'to-invite', tutorChanged: true });
    // A change of case is the same mailbox.
    expect(tutorState(facts({ accountEmail: tutor.email.toUpperCase(), latestToken: token, latestAttempt: sent }), now).code).toBe('invited');
  });
});

describe('French wording helpers', () => {
  it('dates an instant by its day in France', () => {
    expect(frenchDay('2025-03-01T23:30:00Z')).toBe('2025-03-02');
    expect(frenchDay('2025-07-01T21:59:00Z')).toBe('2025-07-01');
  });
  it('elides "de" before a vowel', () => {
    expect(ofName('Inès CHEVALIER')).toBe("d'Inès CHEVALIER");
    expect(ofName('Paul MARTIN')).toBe('de Paul MARTIN');
  });
});
