// The tutors' portal: sessions (by the hash of their id), the attestation entries and the tutor's last visit.
import type { DB } from './db.js';
import type { AttestationEntries } from '../domain/portal.js';
import type { TokenTimes } from '../domain/tokens.js';

/** A session with the token that opened it and what that token opens. */
export interface SessionRow {
  id: number;
  createdAt: string;
  lastSeenAt: string;
  endedAt: string | null;
  tokenId: number;
  token: TokenTimes;
  accountId: number;
  /** Whose session: the tutor's or the learner's own. */
  audience: 'tuteur' | 'apprenant';
  assignmentId: number;
  periodId: number;
  learnerId: number;
}

/** The attestation entries as stored: when, and at which version. */
export interface StoredAttestation extends AttestationEntries {
  updatedAt: string;
  version: number;
}

interface FlatSessionRow extends Omit<SessionRow, 'token'>, TokenTimes {}

export class PortalRepo {
  private insertStmt;
  private byHashStmt;
  private touchStmt;
  private endStmt;
  private visitStmt;
  private lastVisitStmt;
  private attGetStmt;
  private attUpsertStmt;
  private purgeStmt;
  constructor(private db: DB) {
    this.insertStmt = db.prepare<[string, number, string, string]>(
      'INSERT INTO portal_sessions (session_hash, token_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)',
    );
    this.byHashStmt = db.prepare<[string], FlatSessionRow>(
      `SELECT s.id, s.created_at AS createdAt, s.last_seen_at AS lastSeenAt, s.ended_at AS endedAt, s.token_id AS tokenId,
         t.issued_at AS issuedAt, t.expires_at AS expiresAt, t.revoked_at AS revokedAt, t.superseded_at AS supersededAt,
         c.id AS accountId, c.audience, a.id AS assignmentId, a.period_id AS periodId, a.learner_id AS learnerId
       FROM portal_sessions s JOIN tutor_tokens t ON t.id = s.token_id JOIN tutor_accounts c ON c.id = t.account_id
       JOIN assignments a ON a.id = c.assignment_id WHERE s.session_hash = ?`,
    );
    this.touchStmt = db.prepare<[string, number]>('UPDATE portal_sessions SET last_seen_at = ? WHERE id = ?');
    this.endStmt = db.prepare<[string, string]>('UPDATE portal_sessions SET ended_at = ? WHERE session_hash = ? AND ended_at IS NULL');
    this.visitStmt = db.prepare<[string, number]>('UPDATE tutor_accounts SET last_visit_at = ? WHERE id = ?');
    this.lastVisitStmt = db.prepare<[number], { at: string | null }>("SELECT last_visit_at AS at FROM tutor_accounts WHERE assignment_id = ? AND audience = 'tuteur'");
    this.attGetStmt = db.prepare<[number], StoredAttestation>(
      `SELECT representative, head_office AS headOffice, hours, gratification, place, updated_at AS updatedAt, version
       FROM attestation_entries WHERE assignment_id = ?`,
    );
    this.attUpsertStmt = db.prepare<[Record<string, unknown>], { version: number }>(
      `INSERT INTO attestation_entries (assignment_id, representative, head_office, hours, gratification, place, updated_at)
       VALUES (@assignmentId, @representative, @headOffice, @hours, @gratification, @place, @at)
       ON CONFLICT (assignment_id) DO UPDATE SET representative = excluded.representative, head_office = excluded.head_office,
         hours = excluded.hours, gratification = excluded.gratification, place = excluded.place, updated_at = excluded.updated_at,
         version = attestation_entries.version + 1
       WHERE attestation_entries.version = COALESCE(@expected, attestation_entries.version)
       RETURNING version`,
    );
    this.purgeStmt = db.prepare<[string]>('DELETE FROM portal_sessions WHERE last_seen_at < ? OR ended_at IS NOT NULL');
  }

  /** Opens a session for a token; `sessionHash` is the hash of the id the cookie holds. */
  async openSession(sessionHash: string, tokenId: number, accountId: number, at: string): Promise<void> {
    await this.db.transaction(async () => {
      await this.insertStmt.run(sessionHash, tokenId, at, at);
      await this.visitStmt.run(at, accountId);
    });
  }

  async session(sessionHash: string): Promise<SessionRow | undefined> {
    const r = await this.byHashStmt.get(sessionHash);
    if (!r) return undefined;
    const { issuedAt, expiresAt, revokedAt, supersededAt, ...rest } = r;
    return { ...rest, token: { issuedAt, expiresAt, revokedAt, supersededAt } };
  }

  /** Records a request of the session: its idle limit starts again, and the tutor's last visit moves. */
  async touch(s: SessionRow, at: string): Promise<void> {
    await this.db.transaction(async () => {
      await this.touchStmt.run(at, s.id);
      await this.visitStmt.run(at, s.accountId);
    });
  }

  async endSession(sessionHash: string, at: string): Promise<void> {
    await this.endStmt.run(at, sessionHash);
  }

  /** Forgets sessions unused since `before` and those signed out. */
  async purgeSessions(before: string): Promise<number> {
    return (await this.purgeStmt.run(before)).changes;
  }

  async lastVisit(assignmentId: number): Promise<string | null> {
    return (await this.lastVisitStmt.get(assignmentId))?.at ?? null;
  }

  async attestation(assignmentId: number): Promise<StoredAttestation | undefined> {
    return this.attGetStmt.get(assignmentId);
  }

  /**
   * Writes the attestation entries, one version more. With `expectedVersion` (0 for none), only if the stored ones
   * are still at that version: false when someone saved them since (then nothing is written).
   */
  async saveAttestation(assignmentId: number, e: AttestationEntries, at: string, expectedVersion?: number): Promise<boolean> {
    if (expectedVersion && !(await this.attGetStmt.get(assignmentId))) return false;
    return (await this.attUpsertStmt.get({ assignmentId, ...e, at, expected: expectedVersion ?? null })) !== undefined;
  }
}
