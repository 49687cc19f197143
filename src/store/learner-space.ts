// The learners' space: portfolio drafts typed on the portal, the web side of a portfolio (when it was last edited
// there) and the uploaded annexes, stored as BLOBs in the store so that backup, export and purge carry them.
import type { DB } from './db.js';
import type { PortfolioContent } from '../domain/portfolio.js';

export interface AnnexMeta {
  id: number;
  assignmentId: number;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}
export interface AnnexInput {
  fileName: string;
  mediaType: string;
  sha256: string;
  content: Buffer;
}

const ANNEX_COLS = `id, assignment_id AS assignmentId, file_name AS fileName, media_type AS mediaType, size, sha256,
  uploaded_at AS uploadedAt`;

export class LearnerSpaceRepo {
  private draftGet;
  private draftPut;
  private webInsert;
  private webUpdate;
  private webEdited;
  private annexList;
  private annexGet;
  private annexTotal;
  private annexInsert;
  private annexDelete;
  private fileImportedStmt;
  private draftDelete;
  constructor(private db: DB) {
    this.draftGet = db.prepare<[number], { draft: string; updatedAt: string }>(
      'SELECT draft, updated_at AS updatedAt FROM portfolio_drafts WHERE assignment_id = ?',
    );
    this.draftPut = db.prepare(
      `INSERT INTO portfolio_drafts (assignment_id, draft, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (assignment_id) DO UPDATE SET draft = excluded.draft, updated_at = excluded.updated_at`,
    );
    this.webInsert = db.prepare(
      `INSERT INTO portfolios (assignment_id, content, content_hash, source_file, imported_at, updated_at, web_edited_at)
       VALUES (@assignmentId, @content, @hash, 'portail', @at, @at, @at)`,
    );
    this.webUpdate = db.prepare(
      `UPDATE portfolios SET content = @content, content_hash = @hash, updated_at = @at, web_edited_at = @at
       WHERE assignment_id = @assignmentId`,
    );
    this.webEdited = db.prepare<[number], { web: string | null; file: string | null }>(
      'SELECT web_edited_at AS web, file_imported_at AS file FROM portfolios WHERE assignment_id = ?',
    );
    this.fileImportedStmt = db.prepare<[string, number]>('UPDATE portfolios SET file_imported_at = ? WHERE assignment_id = ?');
    this.draftDelete = db.prepare<[number]>('DELETE FROM portfolio_drafts WHERE assignment_id = ?');
    this.annexList = db.prepare<[number], AnnexMeta>(`SELECT ${ANNEX_COLS} FROM portfolio_annexes WHERE assignment_id = ? ORDER BY id`);
    this.annexGet = db.prepare<[number, number], AnnexMeta & { content: Buffer }>(
      `SELECT ${ANNEX_COLS}, content FROM portfolio_annexes WHERE assignment_id = ? AND id = ?`,
    );
    this.annexTotal = db.prepare<[number], { total: number }>('SELECT COALESCE(SUM(size), 0) AS total FROM portfolio_annexes WHERE assignment_id = ?');
    this.annexInsert = db.prepare(
      `INSERT INTO portfolio_annexes (assignment_id, file_name, media_type, size, sha256, content, uploaded_at)
       VALUES (@assignmentId, @fileName, @mediaType, @size, @sha256, @content, @at)`,
    );
    this.annexDelete = db.prepare<[number, number]>('DELETE FROM portfolio_annexes WHERE assignment_id = ? AND id = ?');
  }

  async draft<T>(assignmentId: number): Promise<{ draft: T; updatedAt: string } | undefined> {
    const r = await this.draftGet.get(assignmentId);
    return r && { draft: JSON.parse(r.draft) as T, updatedAt: r.updatedAt };
  }

  async saveDraft(assignmentId: number, draft: unknown, at: string): Promise<void> {
    await this.draftPut.run(assignmentId, JSON.stringify(draft), at);
  }

  /** Writes the content validated from the web form, creating the portfolio if needed; records the web edit. */
  async saveWebContent(assignmentId: number, content: PortfolioContent, hash: string, at: string): Promise<void> {
    const row = { assignmentId, content: JSON.stringify(content), hash, at };
    if ((await this.webUpdate.run(row)).changes === 0) await this.webInsert.run(row);
  }

  /** When the portfolio was last edited on the portal, and last written from a file. */
  async edits(assignmentId: number): Promise<{ web: string | null; file: string | null }> {
    return (await this.webEdited.get(assignmentId)) ?? { web: null, file: null };
  }

  /** A file was imported over the portfolio: the web draft restarts from it. */
  async fileImported(assignmentId: number, at: string): Promise<void> {
    await this.fileImportedStmt.run(at, assignmentId);
    await this.draftDelete.run(assignmentId);
  }

  async annexes(assignmentId: number): Promise<AnnexMeta[]> {
    return this.annexList.all(assignmentId);
  }

  async annex(assignmentId: number, id: number): Promise<(AnnexMeta & { content: Buffer }) | undefined> {
    return this.annexGet.get(assignmentId, id);
  }

  /**
   * Adds an annex unless the portfolio's total would pass `quota` bytes: the sum and the insert run in one
   * write transaction, so that two uploads at once cannot both pass the check.
   */
  async addAnnex(assignmentId: number, a: AnnexInput, quota: number, at: string): Promise<{ added: true; id: number } | { added: false; used: number }> {
    return this.db.transaction(async () => {
      const used = (await this.annexTotal.get(assignmentId))!.total;
      if (used + a.content.length > quota) return { added: false as const, used };
      const id = await this.annexInsert.insert({ assignmentId, ...a, size: a.content.length, at });
      return { added: true as const, id };
    });
  }

  async removeAnnex(assignmentId: number, id: number): Promise<boolean> {
    return (await this.annexDelete.run(assignmentId, id)).changes > 0;
  }
}
