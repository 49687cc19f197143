import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { hashToken, newToken } from '../../src/domain/tokens.js';

let store: Store;
let assignmentId: number;
const tutor = { lastName: 'MARTIN', firstName: 'Paul', email: 'paul.martin@usine.example.fr' };
const sent = (tokenHash: string, issuedAt: string) => ({
  assignmentId, role: 'tuteur de stage' as const, tutor, tokenHash, delivery: 'smtp' as const, attemptedAt: issuedAt, issuedAt,
  expiresAt: '2025-08-28T09:00:00.000Z', messageId: '<m@x>',
});

beforeEach(async () => {
  store = await openStore(':memory:');
  const classId = await store.classes.ensure('1MSPC');
  const learnerId = await store.learners.insert({
    ine: null, lastName: 'ACCARDO', firstName: 'Aline', birthDate: null, email: null, status: 'Scolaire', classId, matchKey: 'k',
  });
  const periodId = await store.periods.insert(
    { name: 'PFMP 2', classId, kind: 'Période 2', start: '2025-03-03', end: '2025-03-28', bilanDate: '2025-03-28', referentiel: 'x', objectives: [], tasks: [] },
    '2025-01-01T00:00:00Z',
  );
  assignmentId = await store.periods.assign(periodId, learnerId);
});
afterEach(() => store.close());

describe('TutorRepo', () => {
  it('records a sent invitation: account, token hash, log; a new one supersedes the old', async () => {
    const h1 = hashToken(newToken());
    await store.tutors.recordSent(sent(h1, '2025-03-01T09:00:00.000Z'));
    const account = (await store.tutors.account(assignmentId))!;
    expect(account).toMatchObject({ role: 'tuteur de stage', email: tutor.email });
    expect(await store.tutors.byHash(h1)).toMatchObject({ tokenHash: h1, token: { supersededAt: null, revokedAt: null } });

    const h2 = hashToken(newToken());
    await store.tutors.recordSent({ ...sent(h2, '2025-03-05T09:00:00.000Z'), tutor: { ...tutor, email: 'autre@usine.example.fr' } });
    expect((await store.tutors.byHash(h1))!.token.supersededAt).toBe('2025-03-05T09:00:00.000Z');
    expect((await store.tutors.latestToken(account.id))!.issuedAt).toBe('2025-03-05T09:00:00.000Z');
    expect((await store.tutors.account(assignmentId))!.email).toBe('autre@usine.example.fr');
    expect(await store.tutors.latestAttempt(assignmentId)).toMatchObject({ sentAt: '2025-03-05T09:00:00.000Z', failedReason: null });
  });

  it('logs a failure without touching the live token', async () => {
    const h = hashToken(newToken());
    await store.tutors.recordSent(sent(h, '2025-03-01T09:00:00.000Z'));
    await store.tutors.recordFailure({ assignmentId, email: tutor.email, delivery: 'smtp', attemptedAt: '2025-03-02T09:00:00.000Z', reason: 'refusée' });
    expect(await store.tutors.latestAttempt(assignmentId)).toMatchObject({ sentAt: null, failedReason: 'refusée' });
    expect((await store.tutors.byHash(h))!.token).toMatchObject({ revokedAt: null, supersededAt: null });
  });

  it('revokes the live token only, once', async () => {
    const h = hashToken(newToken());
    expect(await store.tutors.revoke(assignmentId, '2025-03-02T00:00:00.000Z')).toBe(0);
    await store.tutors.recordSent(sent(h, '2025-03-01T09:00:00.000Z'));
    expect(await store.tutors.revoke(assignmentId, '2025-03-03T00:00:00.000Z')).toBe(1);
    expect(await store.tutors.revoke(assignmentId, '2025-03-04T00:00:00.000Z')).toBe(0);
    expect((await store.tutors.byHash(h))!.token.revokedAt).toBe('2025-03-03T00:00:00.000Z');
  });

  it('stores no token in clear and finds nothing for an unknown hash', async () => {
    const token = newToken();
    await store.tutors.recordSent(sent(hashToken(token), '2025-03-01T09:00:00.000Z'));
    expect(await store.tutors.byHash(hashToken('autre'))).toBeUndefined();
    const dump = JSON.stringify(await store.db.prepare('SELECT * FROM tutor_tokens').all());
    expect(dump).not.toContain(token);
  });
});
