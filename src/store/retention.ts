// Data retention: what a purge of the periods ended before a date removes, and the purge itself, so that nothing
// of the removed learners stays readable in the store file (secure_delete, VACUUM, WAL truncated).
import type { DB } from './db.js';

export interface PurgeCount {
  table: string;
  count: number;
}

export interface PurgePlan {
  before: string;
  periods: Array<{ id: number; name: string; className: string; end: string }>;
  /** Rows removed per table, the tables that refer to removed rows included (tokens, levels, comments…). */
  counts: PurgeCount[];
}

interface ForeignKey {
  table: string;
  from: string;
  parent: string;
  to: string;
}

/** Temporary tables holding the rowids to delete, one per table. */
const tempName = (table: string) => `"purge_${table.replace(/"/g, '""')}"`;
const doomed = (table: string) => `temp.${tempName(table)}`;
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

export class RetentionRepo {
  constructor(private db: DB) {}

  /** Every foreign key of the schema, so that tables added by later migrations are followed too. */
  private foreignKeys(): ForeignKey[] {
    const tables = this.db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all()
      .map((r) => r.name);
    return tables.flatMap((table) =>
      (this.db.pragma(`foreign_key_list(${q(table)})`) as Array<{ table: string; from: string; to: string | null }>).map((fk) => ({
        table,
        from: fk.from,
        parent: fk.table,
        to: fk.to ?? 'rowid',
      })),
    );
  }

  /**
   * Marks what a purge removes, in temporary tables: the periods ended before `before`, the learners left with
   * no other period, and every row referring to a marked row, transitively (assignments, sheets, tutor accounts
   * and tokens, invitations, portfolios and comments, evaluations…). Returns the marked tables.
   */
  private mark(before: string): string[] {
    const fks = this.foreignKeys();
    const marked = new Set<string>();
    const ensure = (table: string) => {
      if (marked.has(table)) return;
      this.db.exec(`DROP TABLE IF EXISTS ${doomed(table)}; CREATE TEMP TABLE ${tempName(table)} (rid INTEGER PRIMARY KEY)`);
      marked.add(table);
    };
    ensure('periods');
    ensure('learners');
    this.db.prepare(`INSERT INTO ${doomed('periods')} SELECT id FROM periods WHERE end_date < ?`).run(before);
    // Learners all of whose periods are purged (a learner with no period at all is not concerned).
    this.db.exec(
      `INSERT INTO ${doomed('learners')}
       SELECT l.id FROM learners l
       WHERE EXISTS (SELECT 1 FROM assignments a WHERE a.learner_id = l.id)
         AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.learner_id = l.id
                         AND a.period_id NOT IN (SELECT rid FROM ${doomed('periods')}))`,
    );
    for (let changed = true; changed; ) {
      changed = false;
      for (const fk of fks) {
        if (!marked.has(fk.parent)) continue;
        ensure(fk.table);
        const inserted = this.db
          .prepare(
            `INSERT OR IGNORE INTO ${doomed(fk.table)}
             SELECT c.rowid FROM ${q(fk.table)} c
             WHERE c.${q(fk.from)} IN (SELECT p.${q(fk.to)} FROM ${q(fk.parent)} p WHERE p.rowid IN (SELECT rid FROM ${doomed(fk.parent)}))`,
          )
          .run().changes;
        if (inserted) changed = true;
      }
    }
    return [...marked];
  }

  private unmark(tables: string[]): void {
    for (const t of tables) this.db.exec(`DROP TABLE IF EXISTS ${doomed(t)}`);
  }

  private countsOf(tables: string[]): PurgeCount[] {
    return tables
      .map((table) => ({ table, count: this.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${doomed(table)}`).get()!.n }))
      .filter((c) => c.count > 0);
  }

  /** What a purge before this ISO date would remove; nothing is changed. */
  plan(before: string): PurgePlan {
    const periods = this.db
      .prepare<[string], { id: number; name: string; className: string; end: string }>(
        `SELECT p.id, p.name, c.name AS className, p.end_date AS "end" FROM periods p JOIN classes c ON c.id = p.class_id
         WHERE p.end_date < ? ORDER BY p.end_date, p.id`,
      )
      .all(before);
    const tables = this.mark(before);
    try {
      return { before, periods, counts: this.countsOf(tables) };
    } finally {
      this.unmark(tables);
    }
  }

  /**
   * Removes what `plan` describes, in one transaction with secure_delete on (freed pages are zeroed), then
   * rewrites the file (VACUUM) and empties the WAL, so that the removed data is not left in the file's bytes.
   * Returns the rows removed per table and whether the WAL could be emptied (another connection may hold it).
   */
  purge(before: string): { counts: PurgeCount[]; walEmptied: boolean } {
    this.db.pragma('secure_delete = ON');
    const tables = this.mark(before);
    let counts: PurgeCount[];
    try {
      counts = this.countsOf(tables);
      const order = this.deletionOrder(tables);
      this.db.transaction(() => {
        for (const t of order) this.db.exec(`DELETE FROM ${q(t)} WHERE rowid IN (SELECT rid FROM ${doomed(t)})`);
      }).immediate();
    } finally {
      this.unmark(tables);
    }
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.exec('VACUUM');
    const [res] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    return { counts, walEmptied: res.busy === 0 };
  }

  /** Children before parents, so that foreign keys without ON DELETE CASCADE never block the purge. */
  private deletionOrder(tables: string[]): string[] {
    const fks = this.foreignKeys().filter((fk) => tables.includes(fk.table) && tables.includes(fk.parent) && fk.table !== fk.parent);
    const out: string[] = [];
    const visiting = new Set<string>();
    const visit = (t: string) => {
      if (out.includes(t) || visiting.has(t)) return;
      visiting.add(t);
      for (const fk of fks) if (fk.parent === t) visit(fk.table);
      visiting.delete(t);
      out.push(t);
    };
    for (const t of tables) visit(t);
    return out;
  }
}
