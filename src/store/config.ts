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
  get(key: string): string | undefined {
    return this.getStmt.get(key)?.value;
  }
  set(key: string, value: string): void {
    this.setStmt.run(key, value);
  }
  unset(key: string): void {
    this.delStmt.run(key);
  }
  all(): Record<string, string> {
    return Object.fromEntries(this.allStmt.all().map((r) => [r.key, r.value]));
  }
}
