// Portfolios (one per assignment) and the teachers' comments beside them.
import type { DB } from './db.js';
import type { PortfolioComment, PortfolioContent, StoredPortfolio } from '../domain/portfolio.js';

interface PortfolioRow extends Omit<StoredPortfolio, 'content'> {
  content: string;
}

const COLS = `p.id, p.assignment_id AS assignmentId, a.period_id AS periodId, a.learner_id AS learnerId, p.content,
  p.content_hash AS contentHash, p.source_file AS sourceFile, p.imported_at AS importedAt, p.updated_at AS updatedAt`;
const FROM = 'FROM portfolios p JOIN assignments a ON a.id = p.assignment_id';
const COMMENT_COLS = 'id, portfolio_id AS portfolioId, author, text, created_at AS createdAt, author_role AS authorRole';

const toPortfolio = (r: PortfolioRow): StoredPortfolio => ({ ...r, content: JSON.parse(r.content) as PortfolioContent });

export interface PortfolioInput {
  assignmentId: number;
  content: PortfolioContent;
  contentHash: string;
  sourceFile: string;
}

export class PortfolioRepo {
  private byAssignmentStmt;
  private byPeriodStmt;
  private insertStmt;
  private updateStmt;
  private touchSourceStmt;
  private commentsStmt;
  private commentsByPeriodStmt;
  private addCommentStmt;
  constructor(db: DB) {
    this.byAssignmentStmt = db.prepare<[number], PortfolioRow>(`SELECT ${COLS} ${FROM} WHERE p.assignment_id = ?`);
    this.byPeriodStmt = db.prepare<[number], PortfolioRow>(`SELECT ${COLS} ${FROM} WHERE a.period_id = ? ORDER BY a.id`);
    this.insertStmt = db.prepare(
      `INSERT INTO portfolios (assignment_id, content, content_hash, source_file, imported_at, updated_at)
       VALUES (@assignmentId, @content, @contentHash, @sourceFile, @at, @at)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE portfolios SET content = @content, content_hash = @contentHash, source_file = @sourceFile, updated_at = @at
       WHERE assignment_id = @assignmentId`,
    );
    this.touchSourceStmt = db.prepare<[string, number]>('UPDATE portfolios SET source_file = ? WHERE assignment_id = ?');
    this.commentsStmt = db.prepare<[number], PortfolioComment>(
      `SELECT ${COMMENT_COLS} FROM portfolio_comments WHERE portfolio_id = ? ORDER BY created_at, id`,
    );
    this.commentsByPeriodStmt = db.prepare<[number], PortfolioComment>(
      `SELECT c.id, c.portfolio_id AS portfolioId, c.author, c.text, c.created_at AS createdAt, c.author_role AS authorRole
       FROM portfolio_comments c JOIN portfolios p ON p.id = c.portfolio_id JOIN assignments a ON a.id = p.assignment_id
       WHERE a.period_id = ? ORDER BY c.created_at, c.id`,
    );
    this.addCommentStmt = db.prepare(
      `INSERT INTO portfolio_comments (portfolio_id, author, text, created_at, author_role)
       VALUES (@portfolioId, @author, @text, @createdAt, @authorRole)`,
    );
  }

  async get(assignmentId: number): Promise<StoredPortfolio | undefined> {
    const r = await this.byAssignmentStmt.get(assignmentId);
    return r && toPortfolio(r);
  }

  /** The portfolios of a period, in the order learners were assigned. */
  async inPeriod(periodId: number): Promise<StoredPortfolio[]> {
    return (await this.byPeriodStmt.all(periodId)).map(toPortfolio);
  }

  async insert(p: PortfolioInput, at: string): Promise<number> {
    return this.insertStmt.insert({ ...p, content: JSON.stringify(p.content), at });
  }

  /** Replaces the learner's content; the comments stay. */
  async update(p: PortfolioInput, at: string): Promise<void> {
    await this.updateStmt.run({ ...p, content: JSON.stringify(p.content), at });
  }

  /** Same content found under another file name: only the name is recorded. */
  async renameSource(assignmentId: number, sourceFile: string): Promise<void> {
    await this.touchSourceStmt.run(sourceFile, assignmentId);
  }

  async comments(portfolioId: number): Promise<PortfolioComment[]> {
    return this.commentsStmt.all(portfolioId);
  }

  /** Every comment on the portfolios of a period, oldest first. */
  async commentsInPeriod(periodId: number): Promise<PortfolioComment[]> {
    return this.commentsByPeriodStmt.all(periodId);
  }

  async addComment(c: Omit<PortfolioComment, 'id'>): Promise<number> {
    return this.addCommentStmt.insert({ ...c, authorRole: c.authorRole ?? 'enseignant' });
  }
}
