// Classes (divisions): created on demand by imports.
import type { DB } from './db.js';

export interface ClassRow {
  id: number;
  name: string;
  /** Level set by `cpro classes set` (2de, 1re, Tle, CAP1, CAP2); null when not set. */
  level: string | null;
}

export class ClassRepo {
  private byName;
  private insert;
  private all;
  private byId;
  private levelStmt;
  constructor(db: DB) {
    this.byId = db.prepare<[number], ClassRow>('SELECT id, name, level FROM classes WHERE id = ?');
    this.levelStmt = db.prepare<[string | null, number]>('UPDATE classes SET level = ? WHERE id = ?');
    this.byName = db.prepare<[string], ClassRow>('SELECT id, name, level FROM classes WHERE name = ? COLLATE NOCASE');
    this.insert = db.prepare<[string]>('INSERT INTO classes (name) VALUES (?)');
    this.all = db.prepare<[], ClassRow>('SELECT id, name, level FROM classes ORDER BY name');
  }
  find(name: string): ClassRow | undefined {
    return this.byName.get(name);
  }
  ensure(name: string): number {
    return this.find(name)?.id ?? Number(this.insert.run(name).lastInsertRowid);
  }
  get(id: number): ClassRow | undefined {
    return this.byId.get(id);
  }
  setLevel(id: number, level: string | null): void {
    this.levelStmt.run(level, id);
  }
  list(): ClassRow[] {
    return this.all.all();
  }
}
