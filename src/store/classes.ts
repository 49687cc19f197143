// Classes (divisions): created on demand by imports.
import type { DB } from './db.js';

export interface ClassRow {
  id: number;
  name: string;
}

export class ClassRepo {
  private byName;
  private insert;
  private all;
  constructor(db: DB) {
    this.byName = db.prepare<[string], ClassRow>('SELECT id, name FROM classes WHERE name = ? COLLATE NOCASE');
    this.insert = db.prepare<[string]>('INSERT INTO classes (name) VALUES (?)');
    this.all = db.prepare<[], ClassRow>('SELECT id, name FROM classes ORDER BY name');
  }
  find(name: string): ClassRow | undefined {
    return this.byName.get(name);
  }
  ensure(name: string): number {
    return this.find(name)?.id ?? Number(this.insert.run(name).lastInsertRowid);
  }
  list(): ClassRow[] {
    return this.all.all();
  }
}
