// The portfolio typed on the portal: weeks from the period, org chart edits, and the file format's validation
// with each message placed on its form field.
import { describe, expect, it } from 'vitest';
import { annexTypeOf, uniqueFileName } from '../../src/domain/annex-files.js';
import { editOrg, initialDraft, orgInTreeOrder, orgMoveError, weeksOfPeriod, type DraftOrgNode } from '../../src/domain/portfolio-draft.js';
import { validateDraft } from '../../src/importers/portfolio-draft-check.js';

const learner = { ine: null, lastName: 'ACCARDO', firstName: 'Aline' };
const period = { start: '2025-03-05', end: '2025-03-21' };

describe('weeksOfPeriod', () => {
  it('cuts Monday-to-Friday weeks to the period, starting mid-week', () => {
    expect(weeksOfPeriod(period.start, period.end)).toEqual([
      { number: 1, from: '2025-03-05', to: '2025-03-07' },
      { number: 2, from: '2025-03-10', to: '2025-03-14' },
      { number: 3, from: '2025-03-17', to: '2025-03-21' },
    ]);
    // A period ending on a Sunday has no empty last week.
    expect(weeksOfPeriod('2025-06-02', '2025-06-08')).toEqual([{ number: 1, from: '2025-06-02', to: '2025-06-06' }]);
  });
});

describe('org chart edits', () => {
  const org: DraftOrgNode[] = [
    { id: '1', parent: '', role: 'Direction', names: '' },
    { id: '2', parent: '1', role: 'Production', names: '' },
    { id: '3', parent: '1', role: 'Maintenance', names: '' },
    { id: '4', parent: '3', role: 'Technicien', names: '' },
  ];
  it('adds under a node, moves a node up among its siblings, removes a node with what depends on it', () => {
    expect(editOrg(org, { kind: 'add', parent: '3' }).at(-1)).toEqual({ id: '5', parent: '3', role: '', names: '' });
    expect(orgInTreeOrder(editOrg(org, { kind: 'up', id: '3' })).map((n) => n.role)).toEqual(['Direction', 'Maintenance', 'Technicien', 'Production']);
    expect(editOrg(org, { kind: 'remove', id: '3' }).map((n) => n.id)).toEqual(['1', '2']);
  });
  it('refuses to attach a node under itself or its descendants', () => {
    expect(orgMoveError(org, '1', '4')).toContain('ne peut pas être rattachée');
    expect(orgMoveError(org, '4', '2')).toBeNull();
  });
});

describe('validateDraft', () => {
  it('places the file format’s messages on the form fields, and leaves out entries not started', () => {
    const d = initialDraft(null, { name: 'Usinage', address: null, postalCode: null, city: null, sector: null, phone: null }, period);
    expect(d.company.name).toBe('Usinage');
    expect(d.weeks).toHaveLength(3);
    // Empty weeks are not errors: the learner has not written them yet.
    expect(validateDraft(d, learner).errors).toEqual({});
    d.company.employees = 'douze';
    d.weeks[1].liked = 'Le tour';
    d.org.push({ id: '1', parent: '', role: '', names: 'Mme Leroy' });
    const v = validateDraft(d, learner);
    expect(v.content).toBeUndefined();
    expect(v.errors).toEqual({
      'entreprise.employees': '« nombre d\'employés » : attendu un nombre entier positif, trouvé « douze »',
      'semaine.1.activities': 'semaine 2 : « activités » manquant (ce que vous avez fait cette semaine)',
      'org.1.role': "organigramme : chaque case a besoin d'un « rôle » (par exemple « rôle: Responsable maintenance »)",
    });
  });

  it("applies a file's text rule to the draft: control characters and length, on their field, and no content", () => {
    const d = initialDraft(null, { name: 'Usinage', address: null, postalCode: null, city: null, sector: null, phone: null }, period);
    d.company.history = 'Fondée en 1982\u0007';
    d.weeks[0].activities = 'x'.repeat(10_001);
    const v = validateDraft(d, learner);
    expect(v.content).toBeUndefined();
    expect(v.errors).toEqual({
      'entreprise.history': 'texte refusé : caractère de contrôle interdit U+0007 en position 15',
      'semaine.0.activities': 'texte refusé : texte trop long (10001 caractères, 10000 au plus)',
    });
    d.company.history = 'Fondée en 1982';
    d.weeks[0].activities = 'Montage';
    expect(validateDraft(d, learner).content?.company.history).toBe('Fondée en 1982');
  });
});

describe('annexTypeOf', () => {
  it('reads the type from the first bytes, never from a name', () => {
    expect(annexTypeOf(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(annexTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(annexTypeOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(annexTypeOf(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(annexTypeOf(Buffer.from('%PD'))).toBeNull();
  });
});

describe('uniqueFileName', () => {
  it('numbers a taken name before its extension', () => {
    const taken = new Set(['photo.jpg']);
    expect(uniqueFileName('Photo.JPG', taken)).toBe('Photo (2).JPG');
    expect(uniqueFileName('photo.jpg', taken)).toBe('photo (3).jpg');
    expect(uniqueFileName('rapport', taken)).toBe('rapport');
  });
});
