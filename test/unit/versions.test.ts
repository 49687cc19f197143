// No lost update: the version columns (migration 010), the repositories' checked writes, the services' conflicts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/store.js';
import { importAnnex } from '../../src/services/periods/import-annex.js';
import { locatePlacement, saveEvaluation, versionOf } from '../../src/services/evaluations/evaluations.js';
import { locateSheet, saveSheetEdit } from '../../src/services/liaison/liaison.js';
import { findLiaisonField } from '../../src/domain/liaison.js';
import { ConflictError, conflictMessage, frenchInstant } from '../../src/domain/errors.js';
import { fieldDifferences, readVersionField } from '../../src/domain/portal.js';
import type { EvaluationContent } from '../../src/domain/evaluation.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
let store: Store;
beforeEach(async () => {
  store = await openStore(':memory:');
  const r = await importAnnex(store, join(FIXTURES, 'annexe-2mspc1.csv'));
  expect(r.errors).toEqual([]);
});
afterEach(() => store.close());

const bilan = (over: Partial<EvaluationContent> = {}): EvaluationContent => ({
  tasksDone: [], levels: { 'C1.1': '3' }, modes: {}, engagement: 3, meetingDate: '2025-06-20', comment: null, ...over,
});
const city = (value: string) => ({ fields: [{ field: findLiaisonField('entreprise.ville')!, raw: value }] });

describe('the messages', () => {
  it('says what changed, by whom and when (in France), and that nothing was written', () => {
    expect(frenchInstant('2026-03-12T13:05:00Z')).toBe('le 12 mars 2026 à 14 h 05');
    expect(conflictMessage({ label: 'le bilan entreprise de Léa MARTIN (PFMP 2)', feminine: false }, { at: '2026-03-12T13:05:00Z', by: 'enseignant' })).toBe(
      "Le bilan entreprise de Léa MARTIN (PFMP 2) a été modifié par l'enseignant le 12 mars 2026 à 14 h 05 depuis que vous l'avez ouvert : rien n'a été enregistré.",
    );
    expect(conflictMessage({ label: 'la fiche de liaison de Léa MARTIN (PFMP 2)', feminine: true }, { at: null, by: null })).toBe(
      "La fiche de liaison de Léa MARTIN (PFMP 2) a été modifiée par quelqu'un d'autre depuis que vous l'avez ouverte : rien n'a été enregistré.",
    );
    expect(conflictMessage({ label: "l'attestation", feminine: true }, { at: null, by: null, deleted: true })).toBe(
      "L'attestation a été supprimée depuis que vous l'avez ouverte : rien n'a été enregistré.",
    );
    const e = new ConflictError({ label: 'le bilan', feminine: false }, { at: null, by: 'tuteur' }, 'Relancez la commande.');
    expect(e.message).toBe("Le bilan a été modifié par le tuteur (portail) depuis que vous l'avez ouvert : rien n'a été enregistré. Relancez la commande.");
  });

  it('reads the hidden version field and lists only the fields that differ', () => {
    expect(readVersionField({ version: '3' })).toBe(3);
    expect(readVersionField({ version: ['1', '2'] })).toBe(2);
    expect(readVersionField({ version: 'x' })).toBeUndefined();
    expect(readVersionField({})).toBeUndefined();
    expect(fieldDifferences([{ label: 'a', saved: 'x ', typed: 'x' }, { label: 'b', saved: 'y', typed: 'z' }])).toEqual([{ label: 'b', saved: 'y', typed: 'z' }]);
  });
});

describe('liaison sheets', () => {
  it('expose their version, add one at each write, and refuse a write from an older version', async () => {
    const l = await locateSheet(store, 'PFMP 2', 'ACCARDO Aline');
    expect(l.sheet.version).toBe(1);
    expect(await store.sheets.save({ ...l.sheet, company: { ...l.sheet.company, city: 'Eu' } }, '2026-03-12T10:00:00Z', 1)).toBe(true);
    expect((await store.sheets.get(l.sheet.assignmentId))!.version).toBe(2);
    expect(await store.sheets.save({ ...l.sheet, company: { ...l.sheet.company, city: 'Dieppe' } }, '2026-03-12T10:01:00Z', 1)).toBe(false);
    expect((await store.sheets.get(l.sheet.assignmentId))!.company.city).toBe('Eu');
    // Without an expected version (a batch that reads and writes in one transaction): written, one more.
    expect(await store.sheets.save({ ...l.sheet, company: { ...l.sheet.company, city: 'Rouen' } }, '2026-03-12T10:02:00Z')).toBe(true);
    expect((await store.sheets.get(l.sheet.assignmentId))!.version).toBe(3);
  });

  it('an edit prepared from an older read is refused with a conflict, the newer save kept', async () => {
    const stale = await locateSheet(store, 'PFMP 2', 'ACCARDO Aline');
    const fresh = await locateSheet(store, 'PFMP 2', 'ACCARDO Aline');
    await saveSheetEdit(store, fresh, city('Rouen'), new Date('2026-03-12T13:05:00Z'));
    const err = await saveSheetEdit(store, stale, city('Dieppe')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toBe(
      "La fiche de liaison d'Aline ACCARDO (PFMP 2) a été modifiée par quelqu'un d'autre le 12 mars 2026 à 14 h 05 depuis que vous " +
        "l'avez ouverte : rien n'a été enregistré. Relancez la commande pour repartir de ce qui est enregistré.",
    );
    const now = (await locateSheet(store, 'PFMP 2', 'ACCARDO Aline')).sheet;
    expect([now.company.city, now.version]).toEqual(['Rouen', 2]);
  });
});

describe('evaluations', () => {
  it('expose their version and refuse a save from an older one, saying who saved it and when', async () => {
    const p = await locatePlacement(store, 'PFMP 2', 'ACCARDO Aline');
    const read = versionOf(await store.evaluations.get(p.assignmentId, 'entreprise'));
    expect(read).toBe(0);
    // The tutor's draft, then the teacher working from what they read before it.
    await saveEvaluation(store, p, 'entreprise', bilan(), new Date('2026-03-12T13:05:00Z'), { status: 'draft', enteredBy: 'tuteur' }, read);
    expect((await store.evaluations.get(p.assignmentId, 'entreprise'))!.version).toBe(1);
    const err = await saveEvaluation(store, p, 'entreprise', bilan({ comment: 'Bien' }), new Date(), undefined, read).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toBe(
      "Le bilan entreprise d'Aline ACCARDO (PFMP 2) a été modifié par le tuteur (portail) le 12 mars 2026 à 14 h 05 depuis que vous " +
        "l'avez ouvert : rien n'a été enregistré. Relancez la commande pour repartir de ce qui est enregistré.",
    );
    const kept = (await store.evaluations.get(p.assignmentId, 'entreprise'))!;
    expect([kept.comment, kept.provenance?.status, kept.version]).toEqual([null, 'draft', 1]);
    // From the version now read, the save goes through, one version more.
    await saveEvaluation(store, p, 'entreprise', bilan({ comment: 'Bien' }), new Date(), undefined, 1);
    expect((await store.evaluations.get(p.assignmentId, 'entreprise'))!.version).toBe(2);
  });

  it('check the version in the write itself: a changed or deleted row is not written', async () => {
    const p = await locatePlacement(store, 'PFMP 2', 'ACCARDO Aline');
    const at = '2026-03-12T10:00:00Z';
    expect(await store.evaluations.save(p.assignmentId, 'attitudes', bilan({ engagement: null }), at, undefined, 0)).toBe(true);
    expect(await store.evaluations.save(p.assignmentId, 'attitudes', bilan({ engagement: null }), at, undefined, 0)).toBe(false);
    expect(await store.evaluations.save(p.assignmentId, 'attitudes', bilan({ engagement: null, comment: 'x' }), at, undefined, 1)).toBe(true);
    expect((await store.evaluations.get(p.assignmentId, 'attitudes'))!).toMatchObject({ comment: 'x', version: 2 });
    await store.evaluations.delete(p.assignmentId, 'attitudes');
    expect(await store.evaluations.save(p.assignmentId, 'attitudes', bilan({ engagement: null }), at, undefined, 2)).toBe(false);
    expect(await store.evaluations.get(p.assignmentId, 'attitudes')).toBeUndefined();
  });

  it('do the same for certificative grids, bilans personnels and attestations', async () => {
    const p = await locatePlacement(store, 'PFMP 2', 'ACCARDO Aline');
    const at = '2026-03-12T10:00:00Z';
    const grid = bilan({ levels: {}, engagement: null });
    expect(await store.evaluations.save(p.assignmentId, 'E33', grid, at, undefined, 0)).toBe(true);
    expect(await store.evaluations.save(p.assignmentId, 'E33', grid, at)).toBe(true);
    expect((await store.evaluations.get(p.assignmentId, 'E33'))!.version).toBe(2);
    expect(await store.evaluations.save(p.assignmentId, 'E33', grid, at, undefined, 1)).toBe(false);

    const content = { strengths: ['Ponctuel'], improvements: [], perspectives: [] };
    expect(await store.evaluations.saveBilanPersonnel(p.assignmentId, content, at, 0)).toBe(true);
    expect(await store.evaluations.saveBilanPersonnel(p.assignmentId, { ...content, strengths: ['Autre'] }, at, 0)).toBe(false);
    expect(await store.evaluations.getBilanPersonnel(p.assignmentId)).toMatchObject({ strengths: ['Ponctuel'], version: 1 });
    expect(await store.evaluations.saveBilanPersonnel(p.assignmentId, { ...content, strengths: ['Autre'] }, at, 1)).toBe(true);
    expect((await store.evaluations.bilansPersonnelsInPeriod(p.period.id))[0].version).toBe(2);

    const entries = { representative: 'Mme Roy', headOffice: null, hours: 140, gratification: 'néant', place: 'Eu' };
    expect(await store.portal.saveAttestation(p.assignmentId, entries, at, 0)).toBe(true);
    expect(await store.portal.saveAttestation(p.assignmentId, { ...entries, hours: 70 }, at, 0)).toBe(false);
    expect(await store.portal.saveAttestation(p.assignmentId, { ...entries, hours: 70 }, at, 1)).toBe(true);
    expect(await store.portal.attestation(p.assignmentId)).toMatchObject({ hours: 70, version: 2 });
  });
});
