// Migration 006 on a store written before the portal: existing bilans become the teacher's, validated on the day
// they were last written; the portal's tables and columns exist.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/db.js';

describe('migration 006-portal', () => {
  it("marks existing bilans as entered and validated by the teacher, and adds the portal's tables", () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = OFF');
    for (const m of migrations().filter((m) => m.version < 6)) db.exec(m.sql);
    db.prepare("INSERT INTO evaluations (assignment_id, type, meeting_date, updated_at) VALUES (1, 'attitudes', '2025-03-28', '2025-03-29T10:00:00Z')").run();
    db.exec(migrations().find((m) => m.version === 6)!.sql);
    expect(db.prepare('SELECT status, validated_at, validated_by, entered_by, entered_at FROM evaluations').get()).toEqual({
      status: 'validated',
      validated_at: '2025-03-29T10:00:00Z',
      validated_by: 'enseignant',
      entered_by: 'enseignant',
      entered_at: '2025-03-29T10:00:00Z',
    });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['portal_sessions', 'attestation_entries']));
    db.close();
  });
});
