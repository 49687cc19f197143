// Pure rules of the fiche de liaison (src/domain/liaison.ts).
import { describe, expect, it } from 'vitest';
import {
  applyLiaisonEdit,
  changeLabels,
  completeness,
  deName,
  findLiaisonField,
  normaliseFieldValue,
  orderTasks,
  ownObjectivesOrInherited,
  ownTasksOrInherited,
  parseObjectivesText,
  splitKeyValue,
  type LiaisonField,
} from '../../src/domain/liaison.js';
import type { LiaisonSheet } from '../../src/domain/model.js';
import type { Referentiel } from '../../src/domain/referentiel.js';

const ref: Referentiel = {
  code: 'TEST',
  diploma: 'Diplôme de test',
  blocks: [
    { code: 'A1', title: 'Bloc 1', tasks: [{ code: 'A1T1', title: 't11' }, { code: 'A1T2', title: 't12' }] },
    { code: 'A2', title: 'Bloc 2', tasks: [{ code: 'A2T1', title: 't21' }, { code: 'A2T2', title: 't22' }] },
  ],
  competencies: [{ code: 'C1', title: 'c1' }],
  attitudes: [{ code: 'AT1', title: 'a1' }],
};
const annex = { objectives: ['Observer', 'Participer'], tasks: ['A1T1', 'A2T1'] };
const empty: LiaisonSheet = {
  assignmentId: 1,
  periodId: 1,
  learnerId: 1,
  company: { name: null, address: null, postalCode: null, city: null, sector: null, phone: null, siret: null, signatory: null },
  tutor: { lastName: null, firstName: null, phone: null, email: null, role: null },
  ownObjectives: null,
  ownTasks: null,
  updatedAt: null,
};
const field = (key: string): LiaisonField => findLiaisonField(key)!;

describe('liaison keys', () => {
  it('finds the thirteen keys ignoring case, accents and punctuation', () => {
    expect(field('entreprise.codePostal').field).toBe('postalCode');
    expect(field('ENTREPRISE.CODE_POSTAL').field).toBe('postalCode');
    expect(field('tuteur.prénom')).toMatchObject({ section: 'tutor', field: 'firstName' });
    expect(field('Entreprise.SIRET')).toMatchObject({ section: 'company', field: 'siret' });
    expect(findLiaisonField('entreprise.naf')).toBeUndefined();
  });
  it('checks a SIRET by its Luhn key and stores its 14 digits', () => {
    expect(normaliseFieldValue(field('entreprise.siret'), '732 829 320 00074')).toEqual({ value: '73282932000074' });
    expect(normaliseFieldValue(field('entreprise.siret'), '732 829 320 00075')).toHaveProperty('error');
    expect(normaliseFieldValue(field('entreprise.siret'), '7328293')).toHaveProperty('error');
  });
  it('splits clé=valeur at the first "=" only', () => {
    expect(splitKeyValue('entreprise.nom=A=B')).toEqual({ key: 'entreprise.nom', value: 'A=B' });
    expect(splitKeyValue('tuteur.nom=')).toEqual({ key: 'tuteur.nom', value: '' });
    expect(splitKeyValue('tuteur.nom')).toBeNull();
    expect(splitKeyValue('=x')).toBeNull();
  });
});

describe('liaison values', () => {
  it('normalises French phone numbers and refuses others', () => {
    expect(normaliseFieldValue(field('tuteur.telephone'), '+33 2 32 10 20 30')).toEqual({ value: '02 32 10 20 30' });
    expect(normaliseFieldValue(field('entreprise.telephone'), '02.32.10.20.30')).toEqual({ value: '02 32 10 20 30' });
    expect(normaliseFieldValue(field('entreprise.telephone'), '0033612345678')).toEqual({ value: '06 12 34 56 78' });
    expect(normaliseFieldValue(field('tuteur.telephone'), '12345')).toEqual({
      error: 'numéro de téléphone invalide « 12345 » : 10 chiffres commençant par 0 (ex. 02 32 12 34 56) ou +33…',
    });
  });
  it('checks postal codes (5 digits, spaces tolerated) and e-mails (stored in lower case)', () => {
    expect(normaliseFieldValue(field('entreprise.codePostal'), '76 000')).toEqual({ value: '76000' });
    expect(normaliseFieldValue(field('entreprise.codePostal'), '7600')).toEqual({
      error: 'code postal invalide « 7600 » : 5 chiffres (ex. 76000)',
    });
    expect(normaliseFieldValue(field('tuteur.courriel'), ' Julien.Boisseau@Fragrance.fr ')).toEqual({
      value: 'julien.boisseau@fragrance.fr',
    });
    expect(normaliseFieldValue(field('tuteur.courriel'), 'julien@')).toEqual({
      error: 'adresse électronique invalide « julien@ » (ex. prenom.nom@entreprise.fr)',
    });
  });
  it('cleans text, clears on an empty value, refuses overlong text', () => {
    expect(normaliseFieldValue(field('entreprise.nom'), '  Fragrance   Plus ')).toEqual({ value: 'Fragrance Plus' });
    expect(normaliseFieldValue(field('entreprise.nom'), '   ')).toEqual({ value: null });
    expect(normaliseFieldValue(field('tuteur.courriel'), '')).toEqual({ value: null });
    expect(normaliseFieldValue(field('entreprise.adresse'), 'x'.repeat(201))).toEqual({
      error: 'texte trop long (201 caractères, 200 au plus)',
    });
  });
});

describe('individualisation', () => {
  it('keeps lists equal to the annex as inherited (null), tasks in any order, objectives exactly', () => {
    expect(ownTasksOrInherited(['A2T1', 'A1T1'], annex.tasks)).toBeNull();
    expect(ownTasksOrInherited(['A1T1'], annex.tasks)).toEqual(['A1T1']);
    expect(ownObjectivesOrInherited(['Observer', 'Participer'], annex.objectives)).toBeNull();
    expect(ownObjectivesOrInherited(['Participer', 'Observer'], annex.objectives)).toEqual(['Participer', 'Observer']);
  });
  it('orders task codes as the référentiel does, unknown ones last', () => {
    expect(orderTasks(ref, ['A2T2', 'ZZ', 'A1T1', 'A2T2'])).toEqual(['A1T1', 'A2T2', 'ZZ']);
  });
  it('adds and removes tasks from the inherited list and individualises the sheet', () => {
    const r = applyLiaisonEdit(empty, annex, ref, { addTasks: ['A2T2'], removeTasks: ['A1T1'] });
    expect(r.errors).toEqual([]);
    expect(r.sheet.ownTasks).toEqual(['A2T1', 'A2T2']);
    expect(r.sheet.ownObjectives).toBeNull();
    expect(changeLabels(empty, r.sheet)).toEqual(['tâches (individualisées)']);
  });
  it('goes back to inherited when the tasks become the annex tasks again', () => {
    const own = { ...empty, ownTasks: ['A1T1', 'A2T1', 'A2T2'] };
    const r = applyLiaisonEdit(own, annex, ref, { removeTasks: ['A2T2'] });
    expect(r.sheet.ownTasks).toBeNull();
    expect(changeLabels(own, r.sheet)).toEqual(["tâches (celles de l'annexe)"]);
  });
  it('refuses unknown codes and contradictory options, and warns on no-ops', () => {
    const r = applyLiaisonEdit(empty, annex, ref, { addTasks: ['A9T9', 'A1T1', 'A2T2'], removeTasks: ['A2T2', 'A1T2'] });
    expect(r.errors).toEqual([
      '--add-task : code de tâche inconnu « A9T9 » (référentiel TEST ; voir « cpro referentiel show TEST »)',
      '--add-task et --remove-task : la tâche « A2T2 » est à la fois ajoutée et retirée',
    ]);
    expect(r.warnings).toEqual(['la tâche « A1T1 » figurait déjà dans la fiche', 'la tâche « A1T2 » ne figurait pas dans la fiche']);
  });
  it('collects every invalid field with its key, and refuses a key given twice', () => {
    const r = applyLiaisonEdit(empty, annex, ref, {
      fields: [
        { field: field('entreprise.codePostal'), raw: '123' },
        { field: field('tuteur.courriel'), raw: 'x@' },
        { field: field('tuteur.nom'), raw: 'A' },
        { field: field('tuteur.nom'), raw: 'B' },
      ],
    });
    expect(r.errors).toEqual([
      'entreprise.codePostal : code postal invalide « 123 » : 5 chiffres (ex. 76000)',
      'tuteur.courriel : adresse électronique invalide « x@ » (ex. prenom.nom@entreprise.fr)',
      'tuteur.nom : clé donnée plusieurs fois',
    ]);
  });
  it('replaces and resets objectives', () => {
    const r = applyLiaisonEdit(empty, annex, ref, { objectives: ['Diagnostiquer'] });
    expect(r.sheet.ownObjectives).toEqual(['Diagnostiquer']);
    const back = applyLiaisonEdit(r.sheet, annex, ref, { resetObjectives: true, resetTasks: true });
    expect(back.sheet.ownObjectives).toBeNull();
    expect(applyLiaisonEdit(empty, annex, ref, { objectives: [] }).errors).toEqual([
      'objectifs : la liste est vide (au moins un objectif)',
    ]);
  });
  it('reads objectives files: one per line, bullets, blank lines and comments ignored', () => {
    expect(parseObjectivesText('\uFEFF# PFMP 2\n- Observer\r\n\n* Participer  à la  maintenance\n2. Rendre compte\n')).toEqual([
      'Observer',
      'Participer à la maintenance',
      'Rendre compte',
    ]);
  });
});

describe('completeness', () => {
  it('lists what the company and the tutor still lack', () => {
    const c = completeness({
      ...empty,
      company: { ...empty.company, name: 'Fragrance Plus', city: 'Rouen' },
      tutor: { ...empty.tutor, lastName: 'BOISSEAU', email: 'pas-un-courriel' },
    });
    expect(c).toEqual({
      companyMissing: ['adresse', 'code postal'],
      tutorMissing: ['prénom du tuteur', 'courriel du tuteur valide'],
      companyFilled: false,
      tutorComplete: false,
    });
  });
  it('elides "de" before a vowel or a mute h', () => {
    expect(deName('Aline ACCARDO')).toBe("d'Aline ACCARDO");
    expect(deName('Herbert DEGENDOUX')).toBe("d'Herbert DEGENDOUX");
    expect(deName('Zoé ŒUVRAY')).toBe('de Zoé ŒUVRAY');
  });
});
