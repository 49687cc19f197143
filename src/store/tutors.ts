// Access accounts (one per assignment and audience: the tutor's, the learner's), token hashes and the invitation log.
import type { DB } from './db.js';
import type {
  AccessToken, Audience, Delivery, InvitationAttempt, TutorAccount, TutorIdentity, TutorRole,
} from '../domain/tutor-state.js';

const ACCOUNT_COLS = `id, assignment_id AS assignmentId, audience, role, last_name AS lastName, first_name AS firstName, email,
  created_at AS createdAt, updated_at AS updatedAt, last_visit_at AS lastVisitAt`;
const TOKEN_COLS = `t.id, t.account_id AS accountId, t.delivery, t.issued_at AS issuedAt, t.expires_at AS expiresAt,
  t.revoked_at AS revokedAt, t.superseded_at AS supersededAt`;
const ATTEMPT_COLS = `id, assignment_id AS assignmentId, email, delivery, attempted_at AS attemptedAt, sent_at AS sentAt,
  failed_reason AS failedReason`;

/** What recording a successful invitation needs: the new token's hash, never the token. */
export interface SentInvitation {
  assignmentId: number;
  /** The tutor's account unless said otherwise. */
  audience?: Audience;
  role: TutorRole | 'apprenant';
  tutor: TutorIdentity;
  tokenHash: string;
  delivery: Delivery;
  attemptedAt: string;
  issuedAt: string;
  expiresAt: string;
  messageId: string | null;
}

export interface FailedInvitation {
  assignmentId: number;
  audience?: Audience;
  email: string;
  delivery: Delivery;
  attemptedAt: string;
  reason: string;
}

/** A token found by its hash, with where it leads. */
export interface TokenAccess {
  token: AccessToken;
  tokenHash: string;
  account: TutorAccount;
  periodId: number;
  learnerId: number;
}

export class TutorRepo {
  private accountStmt;
  private insertAccountStmt;
  private updateAccountStmt;
  private latestTokenStmt;
  private supersedeStmt;
  private insertTokenStmt;
  private insertAttemptStmt;
  private latestAttemptStmt;
  private revokeStmt;
  private byHashStmt;
  private accountByIdStmt;
  constructor(private db: DB) {
    this.accountStmt = db.prepare<[number, string], TutorAccount>(`SELECT ${ACCOUNT_COLS} FROM tutor_accounts WHERE assignment_id = ? AND audience = ?`);
    this.accountByIdStmt = db.prepare<[number], TutorAccount>(`SELECT ${ACCOUNT_COLS} FROM tutor_accounts WHERE id = ?`);
    this.insertAccountStmt = db.prepare(
      `INSERT INTO tutor_accounts (assignment_id, audience, role, last_name, first_name, email, created_at, updated_at)
       VALUES (@assignmentId, @audience, @role, @lastName, @firstName, @email, @at, @at)`,
    );
    this.updateAccountStmt = db.prepare(
      `UPDATE tutor_accounts SET role = @role, last_name = @lastName, first_name = @firstName, email = @email,
       updated_at = @at WHERE id = @id`,
    );
    this.latestTokenStmt = db.prepare<[number], AccessToken>(
      `SELECT ${TOKEN_COLS} FROM tutor_tokens t WHERE t.account_id = ? ORDER BY t.id DESC LIMIT 1`,
    );
    this.supersedeStmt = db.prepare<[string, number]>(
      `UPDATE tutor_tokens SET superseded_at = ? WHERE account_id = ? AND revoked_at IS NULL AND superseded_at IS NULL`,
    );
    this.insertTokenStmt = db.prepare(
      `INSERT INTO tutor_tokens (account_id, token_hash, delivery, issued_at, expires_at)
       VALUES (@accountId, @tokenHash, @delivery, @issuedAt, @expiresAt)`,
    );
    this.insertAttemptStmt = db.prepare(
      `INSERT INTO tutor_invitations (assignment_id, audience, token_id, email, delivery, attempted_at, sent_at, failed_reason, message_id)
       VALUES (@assignmentId, @audience, @tokenId, @email, @delivery, @attemptedAt, @sentAt, @failedReason, @messageId)`,
    );
    this.latestAttemptStmt = db.prepare<[number, string], InvitationAttempt>(
      `SELECT ${ATTEMPT_COLS} FROM tutor_invitations WHERE assignment_id = ? AND audience = ? ORDER BY id DESC LIMIT 1`,
    );
    this.revokeStmt = db.prepare<[string, number]>(
      `UPDATE tutor_tokens SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL AND superseded_at IS NULL`,
    );
    this.byHashStmt = db.prepare<[string], AccessToken & { tokenHash: string; periodId: number; learnerId: number }>(
      `SELECT ${TOKEN_COLS}, t.token_hash AS tokenHash, a.period_id AS periodId, a.learner_id AS learnerId
       FROM tutor_tokens t JOIN tutor_accounts c ON c.id = t.account_id JOIN assignments a ON a.id = c.assignment_id
       WHERE t.token_hash = ?`,
    );
  }

  async account(assignmentId: number, audience: Audience = 'tuteur'): Promise<TutorAccount | undefined> {
    return this.accountStmt.get(assignmentId, audience);
  }

  /** The newest token of an account: the one that decides its state. */
  async latestToken(accountId: number): Promise<AccessToken | undefined> {
    return this.latestTokenStmt.get(accountId);
  }

  async latestAttempt(assignmentId: number, audience: Audience = 'tuteur'): Promise<InvitationAttempt | undefined> {
    return this.latestAttemptStmt.get(assignmentId, audience);
  }

  /**
   * Records an invitation the server accepted, in one transaction: the account now names this tutor, every
   * earlier link stops working, the new token's hash is stored and the attempt logged as sent.
   */
  async recordSent(s: SentInvitation): Promise<void> {
    await this.db.transaction(async () => {
      const audience = s.audience ?? 'tuteur';
      const existing = await this.account(s.assignmentId, audience);
      const person = { role: s.role, lastName: s.tutor.lastName, firstName: s.tutor.firstName, email: s.tutor.email, at: s.issuedAt };
      const accountId = existing
        ? (await this.updateAccountStmt.run({ ...person, id: existing.id }), existing.id)
        : await this.insertAccountStmt.insert({ ...person, assignmentId: s.assignmentId, audience });
      await this.supersedeStmt.run(s.issuedAt, accountId);
      const tokenId = await this.insertTokenStmt.insert({
        accountId, tokenHash: s.tokenHash, delivery: s.delivery, issuedAt: s.issuedAt, expiresAt: s.expiresAt,
      });
      await this.insertAttemptStmt.run({
        assignmentId: s.assignmentId, audience, tokenId, email: s.tutor.email, delivery: s.delivery, attemptedAt: s.attemptedAt,
        sentAt: s.issuedAt, failedReason: null, messageId: s.messageId,
      });
    });
  }

  /** Logs an attempt the server refused; no token is stored, earlier links are untouched. */
  async recordFailure(f: FailedInvitation): Promise<void> {
    await this.insertAttemptStmt.run({
      assignmentId: f.assignmentId, audience: f.audience ?? 'tuteur', tokenId: null, email: f.email, delivery: f.delivery, attemptedAt: f.attemptedAt,
      sentAt: null, failedReason: f.reason, messageId: null,
    });
  }

  /** Invalidates every live token of the assignment's tutor; returns how many were live. */
  async revoke(assignmentId: number, at: string, audience: Audience = 'tuteur'): Promise<number> {
    const account = await this.account(assignmentId, audience);
    return account ? (await this.revokeStmt.run(at, account.id)).changes : 0;
  }

  /** The token stored under this hash, with its account and assignment. */
  async byHash(tokenHash: string): Promise<TokenAccess | undefined> {
    const r = await this.byHashStmt.get(tokenHash);
    if (!r) return undefined;
    const { tokenHash: hash, periodId, learnerId, ...token } = r;
    return { token, tokenHash: hash, account: (await this.accountByIdStmt.get(token.accountId))!, periodId, learnerId };
  }
}
