// Référentiels imported by the user (the shipped ones live in templates/referentiels/).
import type { DB } from './db.js';

export class ReferentielRepo {
  private getStmt;
  private putStmt;
  private allStmt;
  constructor(db: DB) {
    this.getStmt = db.prepare<[string], { data: string }>('SELECT data FROM referentiels WHERE code = ?');
    this.putStmt = db.prepare<[string, string, string]>(
      'INSERT INTO referentiels (code, data, imported_at) VALUES (?, ?, ?) ' +
        'ON CONFLICT(code) DO UPDATE SET data = excluded.data, imported_at = excluded.imported_at',
    );
    this.allStmt = db.prepare<[], { code: string; data: string }>('SELECT code, data FROM referentiels ORDER BY code');
  }
  async get(code: string): Promise<unknown | undefined> {
    const row = await this.getStmt.get(code);
    return row ? JSON.parse(row.data) : undefined;
  }
  async put(code: string, data: unknown, at: string): Promise<void> {
    await this.putStmt.run(code, JSON.stringify(data), at);
  }
  async all(): Promise<Array<{ code: string; data: unknown }>> {
    return (await this.allStmt.all()).map((r) => ({ code: r.code, data: JSON.parse(r.data) }));
  }
}
