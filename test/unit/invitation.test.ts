import { describe, expect, it } from 'vitest';
import { accessLink, invitationMessage, type InvitationView } from '../../src/mail/invitation.js';

const view: InvitationView = {
  role: 'tuteur de stage',
  tutor: { firstName: 'Paul', lastName: 'MARTIN' },
  learner: { firstName: 'Aline', lastName: 'ACCARDO' },
  className: '1MSPC',
  period: { name: 'PFMP 2', kind: 'Période 2', start: '2025-03-03', end: '2025-03-28' },
  company: 'Usinage <du> Nord & Fils',
  school: 'Lycée Jean Moulin',
  link: 'https://pfmp.lycee.example.fr/acces?jeton=abcDEF_123-xyz0000000000',
  expiresAt: '2025-08-28T09:00:00.000Z',
};

describe('invitation message', () => {
  it('builds the link from the portal address', () => {
    expect(accessLink('https://pfmp.example.fr/', 'abc_-1')).toBe('https://pfmp.example.fr/acces?jeton=abc_-1');
    expect(accessLink('https://pfmp.example.fr/portail', 'x')).toBe('https://pfmp.example.fr/portail/acces?jeton=x');
  });

  it('tells a tuteur de stage who, when, where, what the link allows, and until when', () => {
    const m = invitationMessage(view);
    expect(m.subject).toBe("Suivi de stage d'Aline ACCARDO (PFMP 2) : votre lien d'accès");
    expect(m.text).toContain('Bonjour Paul MARTIN,');
    expect(m.text).toContain("tuteur de stage d'Aline ACCARDO, élève de la classe 1MSPC du Lycée Jean Moulin");
    expect(m.text).toContain('« PFMP 2 » du 3 mars 2025 au 28 mars 2025 chez Usinage <du> Nord & Fils');
    expect(m.text).toContain('fiche de liaison entreprise');
    expect(m.text).toContain('portfolio');
    expect(m.text).toContain('bilan des compétences (bilan entreprise)');
    expect(m.text).toContain(`\n${view.link}\n`);
    expect(m.text).toContain("valable jusqu'au 28 août 2025");
  });

  it('escapes the HTML version and links the same address', () => {
    const m = invitationMessage(view);
    expect(m.html).toContain('Usinage &lt;du&gt; Nord &amp; Fils');
    expect(m.html).not.toContain('<du>');
    expect(m.html).toContain(`<a href="${view.link}">${view.link}</a>`);
    expect(m.html).toContain('<li>');
  });

  it("is worded for a maître d'apprentissage", () => {
    const m = invitationMessage({ ...view, role: "maître d'apprentissage", learner: { firstName: 'Inès', lastName: 'CHEVALIER' } });
    expect(m.subject).toBe("Suivi de l'apprentissage d'Inès CHEVALIER (PFMP 2) : votre lien d'accès");
    expect(m.text).toContain("Vous êtes le maître d'apprentissage d'Inès CHEVALIER, apprenti(e) en classe 1MSPC");
    expect(m.text).toContain("En tant que maître d'apprentissage");
    expect(m.text).toContain('journal de formation');
    expect(m.text).not.toContain('tuteur de stage');
    expect(m.text).not.toContain('PFMP)');
  });

  it('names the bilans of the kind of period', () => {
    expect(invitationMessage({ ...view, period: { ...view.period, kind: 'Période 1' } }).text).not.toContain('bilan entreprise');
    expect(invitationMessage({ ...view, period: { ...view.period, kind: 'E31' } }).text).toContain("grille d'évaluation de l'épreuve E31");
  });

  it('does without company and school', () => {
    const m = invitationMessage({ ...view, company: null, school: null });
    expect(m.text).toContain('au 28 mars 2025.');
    expect(m.text).toContain("L'équipe pédagogique\n");
  });
});

describe('invitation signature', () => {
  it("is signed with the teacher's name and contact, then the school and its phone", () => {
    const m = invitationMessage({
      ...view,
      schoolPhone: '02 35 00 00 00',
      teacher: { name: 'M. Yves Dupont', email: 'yves.dupont@ac-normandie.fr', phone: '06 11 22 33 44' },
    });
    expect(m.text).toContain(
      'Cordialement,\nM. Yves Dupont, enseignant référent\n06 11 22 33 44 — yves.dupont@ac-normandie.fr\nLycée Jean Moulin — 02 35 00 00 00\n',
    );
    expect(m.html).toContain('M. Yves Dupont, enseignant référent<br>06 11 22 33 44 — yves.dupont@ac-normandie.fr<br>');
  });
});
