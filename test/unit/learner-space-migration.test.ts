// Migration 009 on a store written by the tutors' portal (schema 6, whatever 7 and 8 hold): tutor_accounts is
// rebuilt with an audience, and every account, token, session and invitation survives, still joined.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/db.js';
import { openStore } from '../../src/store/store.js';
import { tempDir } from '../helpers/cli.js';

let tmp: ReturnType<typeof tempDir> | undefined;
afterEach(() => tmp?.cleanup());

describe('migration 009-learner-space', () => {
  it("keeps the tutors' accounts, tokens, sessions and invitations, and lets a learner have an account beside the tutor", async () => {
    tmp = tempDir('cpro-mig-009-');
    const path = join(tmp.dir, 'old.db');
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    for (const m of migrations().filter((m) => m.version <= 6)) db.exec(m.sql);
    db.pragma('user_version = 6');
    db.exec(`
      INSERT INTO classes (id, name) VALUES (1, '1MSPC');
      INSERT INTO learners (id, last_name, first_name, class_id, match_key) VALUES (1, 'ACCARDO', 'Aline', 1, 'accardo|aline');
      INSERT INTO periods (id, name, class_id, kind, start_date, end_date, bilan_date, referentiel, created_at)
        VALUES (1, 'PFMP 2', 1, 'Période 2', '2025-03-03', '2025-03-28', '2025-03-28', 'MSPC', '2025-01-01T00:00:00Z');
      INSERT INTO assignments (id, period_id, learner_id) VALUES (1, 1, 1);
      INSERT INTO tutor_accounts (id, assignment_id, role, last_name, first_name, email, created_at, updated_at, last_visit_at)
        VALUES (7, 1, 'tuteur de stage', 'MARTIN', 'Paul', 'paul@usine.example.fr', '2025-03-01T09:00:00Z', '2025-03-01T09:00:00Z', '2025-03-02T09:00:00Z');
      INSERT INTO tutor_tokens (id, account_id, token_hash, delivery, issued_at, expires_at) VALUES (3, 7, 'abc', 'outbox', '2025-03-01T09:00:00Z', '2025-08-28T09:00:00Z');
      INSERT INTO tutor_invitations (assignment_id, token_id, email, delivery, attempted_at, sent_at) VALUES (1, 3, 'paul@usine.example.fr', 'outbox', '2025-03-01T09:00:00Z', '2025-03-01T09:00:00Z');
      INSERT INTO portal_sessions (session_hash, token_id, created_at, last_seen_at) VALUES ('s1', 3, '2025-03-02T09:00:00Z', '2025-03-02T09:00:00Z');
    `);
    db.close();

    const store = await openStore(path);
    try {
      expect(await store.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
      expect(await store.db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 });
      expect(await store.tutors.account(1)).toMatchObject({ id: 7, audience: 'tuteur', lastName: 'MARTIN', lastVisitAt: '2025-03-02T09:00:00Z' });
      expect(await store.tutors.byHash('abc')).toMatchObject({ account: { id: 7 }, periodId: 1, learnerId: 1 });
      expect(await store.portal.session('s1')).toMatchObject({ tokenId: 3, audience: 'tuteur', assignmentId: 1 });
      expect(await store.tutors.latestAttempt(1)).toMatchObject({ email: 'paul@usine.example.fr' });
      expect(await store.tutors.latestAttempt(1, 'apprenant')).toBeUndefined();
      await store.tutors.recordSent({
        assignmentId: 1, audience: 'apprenant', role: 'apprenant', tutor: { lastName: 'ACCARDO', firstName: 'Aline', email: 'aline@eleve.example.fr' },
        tokenHash: 'def', delivery: 'outbox', attemptedAt: '2025-03-03T09:00:00Z', issuedAt: '2025-03-03T09:00:00Z', expiresAt: '2025-08-30T09:00:00Z', messageId: null,
      });
      // The learner's link supersedes nothing of the tutor's.
      expect(await store.tutors.latestToken(7)).toMatchObject({ id: 3, supersededAt: null });
      expect(await store.tutors.account(1, 'apprenant')).toMatchObject({ audience: 'apprenant', email: 'aline@eleve.example.fr' });
    } finally {
      await store.close();
    }
  });
});
