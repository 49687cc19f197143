// Key/value settings (établissement, mail, active référentiel).
import type { DB } from './db.js';

export class ConfigRepo {
  private getStmt;
  private setStmt;
  private delStmt;
  private allStmt;
  constructor(db: DB) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM config WHERE key = ?');
    this.setStmt = db.prepare<[string, string]>(
      'INSERT INTO config (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.delStmt = db.prepare<[string]>('DELETE FROM config WHERE key = ?');
    this.allStmt = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM config ORDER BY key');
  }
  async get(key: string): Promise<string | undefined> {
    return (await this.getStmt.get(key))?.value;
  }
  async set(key: string, value: string): Promise<void> {
    await this.setStmt.run(key, value);
  }
  async unset(key: string): Promise<void> {
    await this.delStmt.run(key);
  }
  async all(): Promise<Record<string, string>> {
    return Object.fromEntries((await this.allStmt.all()).map((r) => [r.key, r.value]));
  }
}
