// Rules of the tutors' portal: bilan state labels, session limits, the attestation and bilan forms, the portal address.
import { describe, expect, it } from 'vitest';
import {
  bilanStateLabel,
  fieldOfMessage,
  portalUrlWarning,
  readAttestationForm,
  sessionAlive,
} from '../../src/domain/portal.js';

describe('bilanStateLabel', () => {
  it('says what the teacher needs: to fill, draft, validated by whom and when', () => {
    expect(bilanStateLabel(null)).toBe('à remplir');
    expect(bilanStateLabel({ status: 'draft', validatedAt: null, validatedBy: null, enteredBy: 'tuteur', enteredAt: '2025-03-27T10:00:00Z' })).toBe('brouillon (27 mars 2025)');
    expect(bilanStateLabel({ status: 'validated', validatedAt: '2025-03-28T10:00:00Z', validatedBy: 'tuteur', enteredBy: 'tuteur', enteredAt: '2025-03-28T10:00:00Z' })).toBe(
      'validé le 28 mars 2025 par le tuteur',
    );
    expect(bilanStateLabel({ status: 'validated', validatedAt: '2025-03-28T22:30:00Z', validatedBy: 'enseignant', enteredBy: 'enseignant', enteredAt: null })).toBe(
      "validé le 28 mars 2025 par l'enseignant",
    );
    expect(bilanStateLabel({ status: 'validated', validatedAt: '2025-03-28T10:00:00Z', validatedBy: 'tuteur', enteredBy: 'enseignant', enteredAt: '2025-04-02T10:00:00Z' })).toBe(
      "validé le 28 mars 2025 par le tuteur, complété par l'enseignant",
    );
  });
});

describe('sessionAlive', () => {
  const limits = { idleMinutes: 30, maxHours: 2 };
  const s = { createdAt: '2025-03-01T10:00:00Z', lastSeenAt: '2025-03-01T11:00:00Z', endedAt: null };
  it('ends a session idle for too long, too old, or signed out', () => {
    expect(sessionAlive(s, new Date('2025-03-01T11:29:00Z'), limits)).toBe(true);
    expect(sessionAlive(s, new Date('2025-03-01T11:30:00Z'), limits)).toBe(false);
    expect(sessionAlive({ ...s, lastSeenAt: '2025-03-01T11:55:00Z' }, new Date('2025-03-01T12:00:00Z'), limits)).toBe(false);
    expect(sessionAlive({ ...s, endedAt: '2025-03-01T11:01:00Z' }, new Date('2025-03-01T11:02:00Z'), limits)).toBe(false);
  });
});

describe('readAttestationForm', () => {
  it('reads a complete statement, control characters removed', () => {
    const r = readAttestationForm({ representative: ' Mme Dupont\u0007, directrice ', hours: '140', gratification: 'néant', place: 'Rouen', headOffice: '' });
    expect(r.errors).toEqual({});
    expect(r.entries).toEqual({ representative: 'Mme Dupont , directrice', headOffice: null, hours: 140, gratification: 'néant', place: 'Rouen' });
  });
  it('gives one French error per field', () => {
    const r = readAttestationForm({ representative: '', hours: '12,5', gratification: '', place: '' });
    expect(r.entries).toBeNull();
    expect(Object.keys(r.errors).sort()).toEqual(['gratification', 'hours', 'place', 'representative']);
    expect(r.errors.hours).toContain("nombre entier d'heures");
  });
});

describe('fieldOfMessage', () => {
  it('places a rule message beside its field', () => {
    expect(fieldOfMessage('la date de rencontre (02/01/2025) précède le début de la période (03/03/2025)', [])).toBe('meetingDate');
    expect(fieldOfMessage("C2.1 est évaluée à la fois globalement et par compétences détaillées (C2.1.1) : choisissez l'un des deux", ['C2', 'C2.1'])).toBe('niveau:C2.1');
    expect(fieldOfMessage('autre chose', ['C1.1'])).toBe('');
  });
});

describe('portalUrlWarning', () => {
  it('warns about links to this machine or in plain http, not about a public https address', () => {
    expect(portalUrlWarning('http://localhost:8080')).toContain('cette machine');
    expect(portalUrlWarning('https://127.0.0.1')).toContain('cette machine');
    expect(portalUrlWarning('http://pfmp.lycee.example.fr')).toContain('en http');
    expect(portalUrlWarning('https://pfmp.lycee.example.fr')).toBeNull();
  });
});
