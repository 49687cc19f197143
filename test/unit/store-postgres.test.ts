// The repositories on both engines: the same calls on a SQLite file and on a PostgreSQL database (at
// CPRO_TEST_PG_URL, in a schema of the run's own database, dropped afterwards) give the same results, in the same order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pgStoreUrl } from '../helpers/engine.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { PortfolioContent } from '../../src/domain/portfolio.js';
import type { LiaisonSheet } from '../../src/domain/model.js';

const PG_URL = process.env.CPRO_TEST_PG_URL;
const ON_CI = process.env.CI === 'true';

type Engine = 'sqlite' | 'postgres';
/** What each engine answered, step by step, compared at the end. */
const answers: Record<Engine, Record<string, unknown>> = { sqlite: {}, postgres: {} };

const AT = '2025-03-01T10:00:00.000Z';
const content = (title: string) => ({ company: { name: title }, orgChart: [], weeks: [], activities: [], annexes: [] }) as unknown as PortfolioContent;

function suite(engine: Engine) {
  let store: Store;
  let cleanup: () => Promise<void>;
  const got = answers[engine];
  const ids = { classA: 0, classB: 0, p1: 0, p2: 0, l1: 0, l2: 0, l3: 0, a11: 0, a12: 0, a21: 0 };

  beforeAll(async () => {
    if (engine === 'postgres') {
      // A schema of this run's database (test/pg-setup.ts creates it, and drops it after the run).
      store = await openStore(pgStoreUrl(join(tmpdir(), `store-postgres-${randomBytes(6).toString('hex')}`)), { poolSize: 4 });
      cleanup = () => store.close();
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'cpro-store-'));
      store = await openStore(join(dir, 'store.db'));
      cleanup = async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      };
    }
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it('classes: ensure, case-insensitive find, level, list by name', async () => {
    ids.classB = await store.classes.ensure('2MSPC2');
    ids.classA = await store.classes.ensure('1MSPC');
    expect(await store.classes.ensure('2mspc2')).toBe(ids.classB);
    expect((await store.classes.find('1mspc'))?.id).toBe(ids.classA);
    expect(await store.classes.find('nope')).toBeUndefined();
    // ASCII letters only are folded, as SQLite's NOCASE does, whatever the server's locale.
    const accented = await store.classes.ensure('ÉLEC 1');
    expect(await store.classes.ensure('ÉLEC 1')).toBe(accented);
    expect((await store.classes.find('Élec 1'))?.id).toBe(accented);
    expect(await store.classes.find('élec 1')).toBeUndefined();
    await store.classes.setLevel(ids.classA, '1re');
    got.classes = await store.classes.list();
    expect((got.classes as Array<{ name: string }>).map((c) => c.name)).toEqual(['1MSPC', '2MSPC2', 'ÉLEC 1']);
    got.classGet = await store.classes.get(ids.classA);
  });

  it('config and référentiels: upsert, ordered listing', async () => {
    await store.config.set('b.key', '1');
    await store.config.set('a.key', '2');
    await store.config.set('b.key', '3');
    await store.config.unset('zz');
    expect(await store.config.get('b.key')).toBe('3');
    expect(await store.config.get('missing')).toBeUndefined();
    got.config = await store.config.all();
    expect(Object.keys(got.config as object)).toEqual(['a.key', 'b.key']);
    await store.referentiels.put('REF-B', { n: 1 }, AT);
    await store.referentiels.put('REF-A', { n: 2 }, AT);
    await store.referentiels.put('REF-B', { n: 3 }, AT);
    got.referentiels = await store.referentiels.all();
    expect(await store.referentiels.get('REF-B')).toEqual({ n: 3 });
    expect(await store.referentiels.get('none')).toBeUndefined();
  });

  it('learners and periods: insert, read back, order, case-insensitive period names', async () => {
    const learner = (lastName: string, firstName: string, classId: number, ine: string | null) => ({
      ine, lastName, firstName, birthDate: '2008-01-02', email: null, status: 'Scolaire' as const, classId,
      matchKey: `${lastName}|${firstName}`.toLowerCase(),
    });
    ids.l1 = await store.learners.insert(learner('Zola', 'Émile', ids.classB, '123456789AB'));
    ids.l2 = await store.learners.insert(learner('Aubert', 'Léa', ids.classB, null));
    ids.l3 = await store.learners.insert(learner('Martin', 'Paul', ids.classA, null));
    await store.learners.update(ids.l2, { ...learner('Aubert', 'Léa', ids.classB, null), email: 'lea@example.org' });
    expect((await store.learners.byIne('123456789AB'))?.id).toBe(ids.l1);
    expect((await store.learners.byMatchKey('aubert|léa')).map((l) => l.id)).toEqual([ids.l2]);
    got.learners = await store.learners.list();
    got.withKeys = await store.learners.withMatchKeys();
    got.learnerGet = await store.learners.get(ids.l2);

    const period = (name: string, classId: number, start: string, end: string) => ({
      name, classId, kind: 'Période 1' as const, start, end, bilanDate: end, referentiel: 'BACPRO-MSPC',
      objectives: ['Obj 1', 'Obj 2'], tasks: ['T1'],
    });
    ids.p1 = await store.periods.insert(period('PFMP 1', ids.classB, '2024-01-08', '2024-02-02'), AT);
    ids.p2 = await store.periods.insert(period('PFMP 2', ids.classB, '2025-05-05', '2025-06-06'), AT);
    await store.periods.update(ids.p2, { ...period('PFMP 2', ids.classB, '2025-05-05', '2025-06-06'), tasks: ['T1', 'T2'] });
    ids.a11 = await store.periods.assign(ids.p1, ids.l1);
    ids.a12 = await store.periods.assign(ids.p1, ids.l2, { objectives: ['Own'] }, AT);
    ids.a21 = await store.periods.assign(ids.p2, ids.l2);
    expect(await store.periods.learnerCount(ids.p1)).toBe(2);
    expect(await store.periods.assignmentId(ids.p1, ids.l2)).toBe(ids.a12);
    expect(await store.periods.assignmentId(ids.p2, ids.l1)).toBeUndefined();
    expect((await store.periods.byName('pfmp 1')).map((p) => p.id)).toEqual([ids.p1]);
    expect((await store.periods.find('PFMP 2', ids.classB))?.tasks).toEqual(['T1', 'T2']);
    got.periods = await store.periods.list();
    got.periodGet = await store.periods.get(ids.p1);
    got.assignments = await store.periods.assignments(ids.p1);
    got.inPeriod = await store.learners.inPeriod(ids.p1);
    got.inClass = await store.learners.inClass(ids.classB);
    expect((got.inPeriod as Array<{ lastName: string }>).map((l) => l.lastName)).toEqual(['Aubert', 'Zola']);
  });

  it('liaison sheets and bilans intermédiaires', async () => {
    const sheet = (await store.sheets.get(ids.a12))!;
    expect(sheet.ownObjectives).toEqual(['Own']);
    const edited: LiaisonSheet = {
      ...sheet,
      company: { ...sheet.company, name: 'Atelier', siret: '12345678900011', postalCode: '75001' },
      tutor: { ...sheet.tutor, lastName: 'Durand', firstName: 'Jo', email: 'jo@example.org' },
    };
    await store.sheets.save(edited, AT);
    got.sheets = await store.sheets.inPeriod(ids.p1);
    expect((await store.sheets.get(ids.a12))?.company.name).toBe('Atelier');

    expect(await store.bilansIntermediaires.add(ids.classB, '2024-12-01')).toBe(true);
    expect(await store.bilansIntermediaires.add(ids.classB, '2024-12-01')).toBe(false);
    expect(await store.bilansIntermediaires.add(ids.classA, '2024-11-01')).toBe(true);
    expect(await store.bilansIntermediaires.add(ids.classB, '2024-10-01')).toBe(true);
    expect(await store.bilansIntermediaires.latest(ids.classB)).toBe('2024-12-01');
    expect(await store.bilansIntermediaires.latest(9999)).toBeNull();
    expect(await store.bilansIntermediaires.remove(ids.classB, '2024-10-01')).toBe(true);
    expect(await store.bilansIntermediaires.remove(ids.classB, '2024-10-01')).toBe(false);
    got.bilansIntermediaires = await store.bilansIntermediaires.list();
  });

  it('tutors and portal: invitations, tokens, sessions, attestation', async () => {
    const sent = (hash: string, email: string) => ({
      assignmentId: ids.a12, role: 'tuteur de stage' as const, tutor: { lastName: 'Durand', firstName: 'Jo', email },
      tokenHash: hash, delivery: 'outbox' as const, attemptedAt: AT, issuedAt: AT, expiresAt: '2025-06-01T00:00:00.000Z', messageId: null,
    });
    await store.tutors.recordSent(sent('h1', 'jo@example.org'));
    await store.tutors.recordSent(sent('h2', 'jo2@example.org'));
    await store.tutors.recordSent({ ...sent('h3', 'lea@example.org'), audience: 'apprenant', role: 'apprenant' });
    await store.tutors.recordFailure({ assignmentId: ids.a11, email: 'x@example.org', delivery: 'smtp', attemptedAt: AT, reason: 'refusé' });
    const account = (await store.tutors.account(ids.a12))!;
    expect(account.email).toBe('jo2@example.org');
    got.account = account;
    got.learnerAccount = await store.tutors.account(ids.a12, 'apprenant');
    got.latestToken = await store.tutors.latestToken(account.id);
    got.latestAttempt = await store.tutors.latestAttempt(ids.a11);
    got.byHash = await store.tutors.byHash('h1');
    expect(await store.tutors.byHash('none')).toBeUndefined();

    const token = (await store.tutors.byHash('h2'))!;
    await store.portal.openSession('s1', token.token.id, account.id, AT);
    await store.portal.openSession('s2', token.token.id, account.id, AT);
    const session = (await store.portal.session('s1'))!;
    await store.portal.touch(session, '2025-03-02T10:00:00.000Z');
    got.session = await store.portal.session('s1');
    await store.portal.endSession('s2', AT);
    expect(await store.portal.purgeSessions('2025-03-01T12:00:00.000Z')).toBe(1);
    expect(await store.portal.session('s2')).toBeUndefined();
    expect(await store.portal.lastVisit(ids.a12)).toBe('2025-03-02T10:00:00.000Z');
    await store.portal.saveAttestation(ids.a12, { representative: 'M. X', headOffice: null, hours: 140, gratification: 'néant', place: 'Paris' }, AT);
    await store.portal.saveAttestation(ids.a12, { representative: 'M. Y', headOffice: null, hours: 150, gratification: 'néant', place: 'Paris' }, AT);
    got.attestation = await store.portal.attestation(ids.a12);
    expect(await store.tutors.revoke(ids.a12, AT)).toBe(1);
    expect(await store.tutors.revoke(ids.a11, AT)).toBe(0);
  });

  it('portfolios and the learner space', async () => {
    const pid = await store.portfolios.insert({ assignmentId: ids.a11, content: content('A'), contentHash: 'x1', sourceFile: 'a.odt' }, AT);
    await store.portfolios.update({ assignmentId: ids.a11, content: content('B'), contentHash: 'x2', sourceFile: 'b.odt' }, AT);
    await store.portfolios.renameSource(ids.a11, 'c.odt');
    await store.portfolios.addComment({ portfolioId: pid, author: 'Prof', text: 'Deux', createdAt: '2025-03-03T00:00:00Z' });
    await store.portfolios.addComment({ portfolioId: pid, author: 'Tuteur', text: 'Un', createdAt: '2025-03-02T00:00:00Z', authorRole: 'tuteur' });
    got.portfolio = await store.portfolios.get(ids.a11);
    got.portfolios = await store.portfolios.inPeriod(ids.p1);
    got.comments = await store.portfolios.comments(pid);
    got.commentsInPeriod = await store.portfolios.commentsInPeriod(ids.p1);

    await store.learnerSpace.saveDraft(ids.a12, { a: 1 }, AT);
    await store.learnerSpace.saveDraft(ids.a12, { a: 2 }, AT);
    got.draft = await store.learnerSpace.draft(ids.a12);
    await store.learnerSpace.saveWebContent(ids.a12, content('W'), 'w1', AT);
    await store.learnerSpace.saveWebContent(ids.a12, content('W2'), 'w2', '2025-03-04T00:00:00Z');
    got.edits = await store.learnerSpace.edits(ids.a12);
    got.noEdits = await store.learnerSpace.edits(ids.a21);
    await store.learnerSpace.fileImported(ids.a12, AT);
    expect(await store.learnerSpace.draft(ids.a12)).toBeUndefined();
    const pdf = { fileName: 'a.pdf', mediaType: 'application/pdf', sha256: 'abc', content: Buffer.from('%PDF-1.4 test') };
    const first = await store.learnerSpace.addAnnex(ids.a12, pdf, 20, AT);
    expect(first.added).toBe(true);
    expect(await store.learnerSpace.addAnnex(ids.a12, pdf, 20, AT)).toEqual({ added: false, used: 13 });
    const second = await store.learnerSpace.addAnnex(ids.a12, { ...pdf, fileName: 'b.pdf' }, 100, AT);
    got.annexes = await store.learnerSpace.annexes(ids.a12);
    const annex = (await store.learnerSpace.annex(ids.a12, first.added ? first.id : 0))!;
    expect(Buffer.isBuffer(annex.content)).toBe(true);
    expect(annex.content.toString()).toBe('%PDF-1.4 test');
    expect(await store.learnerSpace.removeAnnex(ids.a12, second.added ? second.id : 0)).toBe(true);
    expect(await store.learnerSpace.removeAnnex(ids.a12, second.added ? second.id : 0)).toBe(false);
  });

  it('evaluations, certificative grids and bilans personnels', async () => {
    const e = { tasksDone: ['T1'], levels: { 'C2.1': '3', C1: '4', 'C1.1': 'NE' } as const, modes: { C2: 'detailed', C1: 'global' } as const, engagement: 3, meetingDate: '2024-02-01', comment: null };
    await store.evaluations.save(ids.a11, 'entreprise', { ...e, levels: { ...e.levels }, modes: { ...e.modes } }, AT, { status: 'draft', enteredBy: 'tuteur' });
    await store.evaluations.save(ids.a11, 'entreprise', { ...e, levels: { ...e.levels }, modes: { ...e.modes }, comment: 'ok' }, AT, { status: 'validated', enteredBy: 'tuteur' });
    await store.evaluations.save(ids.a11, 'entreprise', { ...e, levels: { ...e.levels }, modes: { ...e.modes }, comment: 'amended' }, '2025-03-05T00:00:00Z');
    await store.evaluations.save(ids.a12, 'attitudes', { ...e, levels: { A2: '2', A1: '1' }, modes: {}, engagement: null }, AT);
    got.evaluation = await store.evaluations.get(ids.a11, 'entreprise');
    expect(Object.keys((got.evaluation as { levels: object }).levels)).toEqual(['C1', 'C1.1', 'C2.1']);
    expect((got.evaluation as { provenance: { validatedBy: string } }).provenance.validatedBy).toBe('tuteur');
    got.evaluationsInPeriod = await store.evaluations.inPeriod(ids.p1, 'entreprise');
    got.ofLearner = await store.evaluations.ofLearner(ids.l2);
    got.assignmentsOfLearner = await store.evaluations.assignmentsOfLearner(ids.l2);
    await store.evaluations.save(ids.a21, 'E31', { ...e, levels: { B: '2', A: '4' }, modes: {} }, AT);
    await store.evaluations.save(ids.a21, 'E31', { ...e, levels: { B: '3', A: '4' }, modes: {} }, AT);
    got.certificative = await store.evaluations.get(ids.a21, 'E31');
    got.certificatives = await store.evaluations.inPeriod(ids.p2, 'E31');
    expect(await store.evaluations.delete(ids.a21, 'E33')).toBe(false);
    expect(await store.evaluations.delete(ids.a12, 'attitudes')).toBe(true);
    await store.evaluations.saveBilanPersonnel(ids.a11, { strengths: ['s'], improvements: [], perspectives: ['p'] }, AT);
    await store.evaluations.saveBilanPersonnel(ids.a11, { strengths: ['s2'], improvements: [], perspectives: ['p'] }, AT);
    got.bilanPersonnel = await store.evaluations.getBilanPersonnel(ids.a11);
    got.bilansPersonnels = await store.evaluations.bilansPersonnelsInPeriod(ids.p1);
  });

  it('visits and attendance', async () => {
    const v2 = await store.visits.add({ assignmentId: ids.a11, date: '2024-01-20', mode: 'visite', done: false, who: 'Prof', note: null }, AT);
    await store.visits.add({ assignmentId: ids.a12, date: '2024-01-15', mode: 'telephone', done: true, who: null, note: 'ok' }, AT);
    await store.visits.update({ id: v2, assignmentId: ids.a11, date: '2024-01-21', mode: 'visio', done: true, who: 'Prof', note: 'fait' });
    got.visits = await store.visits.inPeriod(ids.p1);
    got.visitsOf = await store.visits.ofAssignment(ids.a11);

    await store.attendance.setSchedule(ids.a12, 7.5, [1, 2, 3]);
    await store.attendance.setConfirmation(ids.a12, AT, 'tuteur');
    await store.attendance.setConfirmation(ids.a11, null, null);
    await store.attendance.saveAbsence(ids.a12, { date: '2024-01-10', hours: null, halfDay: true, reason: null });
    await store.attendance.saveAbsence(ids.a12, { date: '2024-01-09', hours: 2.5, halfDay: false, reason: 'rdv' });
    await store.attendance.saveAbsence(ids.a12, { date: '2024-01-10', hours: null, halfDay: false, reason: 'malade' });
    await store.attendance.saveAbsence(ids.a11, { date: '2024-01-11', hours: 3, halfDay: false, reason: null });
    expect(await store.attendance.removeAbsence(ids.a11, '2024-01-11')).toBe(true);
    expect(await store.attendance.removeAbsence(ids.a11, '2024-01-11')).toBe(false);
    got.attendanceRecord = await store.attendance.record(ids.a12);
    got.attendanceInPeriod = [...(await store.attendance.inPeriod(ids.p1)).entries()];
    got.absences = await store.attendance.absences(ids.a12);
    got.absencesInPeriod = await store.attendance.absencesInPeriod(ids.p1);
    got.placements = await store.attendance.placementsOf(ids.l2);
  });

  it('period dependents, from the schema of each engine', async () => {
    got.dependents = await store.periods.dependents(ids.p1);
    got.assignmentDependents = await store.periods.assignmentDependents(ids.a12);
    const byTable = Object.fromEntries((got.dependents as Array<{ table: string; count: number }>).map((d) => [d.table, d.count]));
    expect(byTable).toMatchObject({ assignments: 2, liaison_sheets: 2, tutor_accounts: 2, tutor_tokens: 3, portfolios: 2, evaluations: 1, teacher_visits: 2 });
    expect((got.dependents as Array<{ table: string; blocking: boolean }>).filter((d) => d.blocking)).toEqual([]);
  });

  it('a transaction is all or nothing', async () => {
    await expect(
      store.transaction(async () => {
        await store.config.set('tx', 'in');
        expect(await store.config.get('tx')).toBe('in');
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await store.config.get('tx')).toBeUndefined();
    await store.transaction(async () => {
      await store.config.set('tx', 'kept');
      await store.bilansIntermediaires.add(ids.classA, '2025-01-01');
    });
    expect(await store.config.get('tx')).toBe('kept');
  });

  it('retention: the purge plan, then the purge, remove the same rows', async () => {
    const plan = await store.retention.plan('2025-01-01');
    got.plan = plan;
    expect(plan.periods.map((p) => p.id)).toEqual([ids.p1]);
    const counts = Object.fromEntries(plan.counts.map((c) => [c.table, c.count]));
    // Zola had only PFMP 1 and goes; Aubert stays for PFMP 2.
    expect(counts).toMatchObject({ periods: 1, learners: 1, assignments: 2, liaison_sheets: 2 });
    // The plan changed nothing.
    expect(await store.periods.learnerCount(ids.p1)).toBe(2);
    const purged = await store.retention.purge('2025-01-01');
    got.purge = purged;
    expect(purged.counts).toEqual(plan.counts);
    expect(purged.walEmptied).toBe(true);
    expect(await store.periods.get(ids.p1)).toBeUndefined();
    expect(await store.learners.get(ids.l1)).toBeUndefined();
    expect((await store.learners.get(ids.l2))?.lastName).toBe('Aubert');
    expect(await store.tutors.byHash('h1')).toBeUndefined();
    got.afterPurge = { periods: await store.periods.list(), learners: await store.learners.list(), sheets: await store.sheets.inPeriod(ids.p2) };
  });
}

describe('store on SQLite', () => suite('sqlite'));

if (PG_URL) {
  describe('store on PostgreSQL', () => suite('postgres'));
  describe('both engines', () => {
    it('answer the same, step by step', () => {
      expect(Object.keys(answers.postgres)).toEqual(Object.keys(answers.sqlite));
      for (const key of Object.keys(answers.sqlite)) expect({ [key]: answers.postgres[key] }).toEqual({ [key]: answers.sqlite[key] });
    });
  });
} else if (ON_CI) {
  describe('store on PostgreSQL', () => {
    it('needs CPRO_TEST_PG_URL on CI', () => {
      throw new Error('CPRO_TEST_PG_URL is not set: on CI the store must be tested on PostgreSQL too (.ci/run sets it).');
    });
  });
} else {
  console.warn('store-postgres: the PostgreSQL half is skipped, CPRO_TEST_PG_URL is not set.');
  describe.skip('store on PostgreSQL: skipped, CPRO_TEST_PG_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/postgres)', () => {
    it('runs the same steps on PostgreSQL', () => {});
  });
}
