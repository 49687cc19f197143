// Bilans intermédiaires de compétences of each class.
import type { DB } from './db.js';

export interface BilanIntermediaire {
  id: number;
  classId: number;
  className: string;
  date: string;
}

export class BilanIntermediaireRepo {
  private latestStmt;
  private addStmt;
  private listStmt;
  private removeStmt;
  constructor(db: DB) {
    this.latestStmt = db.prepare<[number], { d: string | null }>(
      'SELECT max(date) AS d FROM bilans_intermediaires WHERE class_id = ?',
    );
    // Inserted only when absent, rather than left to the conflict: PostgreSQL would use up an id on a conflict, and
    // the ids would then differ from SQLite's.
    // (Lower-case type names: the PostgreSQL engine quotes upper-case words after AS as aliases.)
    this.addStmt = db.prepare<[{ classId: number; date: string }]>(
      `INSERT INTO bilans_intermediaires (class_id, date) SELECT CAST(@classId AS bigint), CAST(@date AS text)
       WHERE NOT EXISTS (SELECT 1 FROM bilans_intermediaires WHERE class_id = @classId AND date = @date)
       ON CONFLICT DO NOTHING`,
    );
    this.listStmt = db.prepare<[], BilanIntermediaire>(
      `SELECT b.id, b.class_id AS classId, c.name AS className, b.date FROM bilans_intermediaires b
       JOIN classes c ON c.id = b.class_id ORDER BY c.name, b.date`,
    );
    this.removeStmt = db.prepare<[number, string]>('DELETE FROM bilans_intermediaires WHERE class_id = ? AND date = ?');
  }
  /** The date of the class's latest bilan intermédiaire, or null. */
  async latest(classId: number): Promise<string | null> {
    return (await this.latestStmt.get(classId))?.d ?? null;
  }
  /** Returns true when it was added, false when that date was already recorded. */
  async add(classId: number, date: string): Promise<boolean> {
    return (await this.addStmt.run({ classId, date })).changes > 0;
  }
  async list(): Promise<BilanIntermediaire[]> {
    return this.listStmt.all();
  }
  /** Returns true when it was removed, false when there was none at that date. */
  async remove(classId: number, date: string): Promise<boolean> {
    return (await this.removeStmt.run(classId, date)).changes > 0;
  }
}
