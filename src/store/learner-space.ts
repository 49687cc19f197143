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

  draft<T>(assignmentId: number): { draft: T; updatedAt: string } | undefined {
    const r = this.draftGet.get(assignmentId);
    return r && { draft: JSON.parse(r.draft) as T, updatedAt: r.updatedAt };
  }

  saveDraft(assignmentId: number, draft: unknown, at: string): void {
    this.draftPut.run(assignmentId, JSON.stringify(draft), at);
  }

  /** Writes the content validated from the web form, creating the portfolio if needed; records the web edit. */
  saveWebContent(assignmentId: number, content: PortfolioContent, hash: string, at: string): void {
    const row = { assignmentId, content: JSON.stringify(content), hash, at };
    if (this.webUpdate.run(row).changes === 0) this.webInsert.run(row);
  }

  /** When the portfolio was last edited on the portal, and last written from a file. */
  edits(assignmentId: number): { web: string | null; file: string | null } {
    return this.webEdited.get(assignmentId) ?? { web: null, file: null };
  }

  /** A file was imported over the portfolio: the web draft restarts from it. */
  fileImported(assignmentId: number, at: string): void {
    this.fileImportedStmt.run(at, assignmentId);
    this.draftDelete.run(assignmentId);
  }

  annexes(assignmentId: number): AnnexMeta[] {
    return this.annexList.all(assignmentId);
  }

  annex(assignmentId: number, id: number): (AnnexMeta & { content: Buffer }) | undefined {
    return this.annexGet.get(assignmentId, id);
  }

  /**
   * Adds an annex unless the portfolio's total would pass `quota` bytes: the sum and the insert run in one
   * immediate transaction, so that two uploads at once cannot both pass the check.
   */
  addAnnex(assignmentId: number, a: AnnexInput, quota: number, at: string): { added: true; id: number } | { added: false; used: number } {
    return this.db.transaction(() => {
      const used = this.annexTotal.get(assignmentId)!.total;
      if (used + a.content.length > quota) return { added: false as const, used };
      const id = Number(this.annexInsert.run({ assignmentId, ...a, size: a.content.length, at }).lastInsertRowid);
      return { added: true as const, id };
    }).immediate();
  }

  removeAnnex(assignmentId: number, id: number): boolean {
    return this.annexDelete.run(assignmentId, id).changes > 0;
  }
}
