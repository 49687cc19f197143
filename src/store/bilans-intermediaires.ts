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
    this.addStmt = db.prepare<[number, string]>(
      'INSERT INTO bilans_intermediaires (class_id, date) VALUES (?, ?) ON CONFLICT DO NOTHING',
    );
    this.listStmt = db.prepare<[], BilanIntermediaire>(
      `SELECT b.id, b.class_id AS classId, c.name AS className, b.date FROM bilans_intermediaires b
       JOIN classes c ON c.id = b.class_id ORDER BY c.name, b.date`,
    );
    this.removeStmt = db.prepare<[number, string]>('DELETE FROM bilans_intermediaires WHERE class_id = ? AND date = ?');
  }
  /** The date of the class's latest bilan intermédiaire, or null. */
  latest(classId: number): string | null {
    return this.latestStmt.get(classId)?.d ?? null;
  }
  /** Returns true when it was added, false when that date was already recorded. */
  add(classId: number, date: string): boolean {
    return this.addStmt.run(classId, date).changes > 0;
  }
  list(): BilanIntermediaire[] {
    return this.listStmt.all();
  }
  /** Returns true when it was removed, false when there was none at that date. */
  remove(classId: number, date: string): boolean {
    return this.removeStmt.run(classId, date).changes > 0;
  }
}
