// Classes (divisions): created on demand by imports.
import type { DB } from './db.js';
import { asciiLower } from './text.js';

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
    this.byName = db.prepare<[string], ClassRow>('SELECT id, name, level FROM classes WHERE lower(name) = ?');
    this.insert = db.prepare<[string]>('INSERT INTO classes (name) VALUES (?)');
    this.all = db.prepare<[], ClassRow>('SELECT id, name, level FROM classes ORDER BY name');
  }
  async find(name: string): Promise<ClassRow | undefined> {
    return this.byName.get(asciiLower(name));
  }
  async ensure(name: string): Promise<number> {
    return (await this.find(name))?.id ?? this.insert.insert(name);
  }
  async get(id: number): Promise<ClassRow | undefined> {
    return this.byId.get(id);
  }
  async setLevel(id: number, level: string | null): Promise<void> {
    await this.levelStmt.run(level, id);
  }
  async list(): Promise<ClassRow[]> {
    return this.all.all();
  }
}
