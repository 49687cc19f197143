// Data retention: what a purge of the periods ended before a date removes, and the purge itself, so that nothing
// of the removed learners stays readable in the store file (SQLite: secure_delete, VACUUM, WAL truncated;
// PostgreSQL: VACUUM of the touched tables).
import type { DB } from './db.js';
import { foreignKeys } from './schema.js';

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

/** Temporary tables holding the rowids to delete, one per table. */
const tempName = (table: string) => `"purge_${table.replace(/"/g, '""')}"`;
const doomed = (table: string) => `temp.${tempName(table)}`;
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Thrown inside the plan's transaction on PostgreSQL to roll its deletions back. */
class PlanOnly extends Error {
  constructor(readonly counts: PurgeCount[]) {
    super('purge plan: rolled back');
  }
}

export class RetentionRepo {
  constructor(private db: DB) {}

  /** Every foreign key of the schema, so that tables added by later migrations are followed too. */
  private async foreignKeys(): Promise<Array<{ table: string; from: string; parent: string; to: string }>> {
    return (await foreignKeys(this.db)).map((fk) => ({ table: fk.table, from: fk.from, parent: fk.parent, to: fk.to ?? 'rowid' }));
  }

  /**
   * Marks what a purge removes, in temporary tables: the periods ended before `before`, the learners left with
   * no other period, and every row referring to a marked row, transitively (assignments, sheets, tutor accounts
   * and tokens, invitations, portfolios and comments, evaluations…). Returns the marked tables. SQLite only.
   */
  private async mark(before: string): Promise<string[]> {
    const fks = await this.foreignKeys();
    const marked = new Set<string>();
    const ensure = async (table: string) => {
      if (marked.has(table)) return;
      await this.db.exec(`DROP TABLE IF EXISTS ${doomed(table)}; CREATE TEMP TABLE ${tempName(table)} (rid INTEGER PRIMARY KEY)`);
      marked.add(table);
    };
    await ensure('periods');
    await ensure('learners');
    await this.db.prepare(`INSERT INTO ${doomed('periods')} SELECT id FROM periods WHERE end_date < ?`).run(before);
    // Learners all of whose periods are purged (a learner with no period at all is not concerned).
    await this.db.exec(
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
        await ensure(fk.table);
        const inserted = (
          await this.db
            .prepare(
              `INSERT OR IGNORE INTO ${doomed(fk.table)}
               SELECT c.rowid FROM ${q(fk.table)} c
               WHERE c.${q(fk.from)} IN (SELECT p.${q(fk.to)} FROM ${q(fk.parent)} p WHERE p.rowid IN (SELECT rid FROM ${doomed(fk.parent)}))`,
            )
            .run()
        ).changes;
        if (inserted) changed = true;
      }
    }
    return [...marked];
  }

  private async unmark(tables: string[]): Promise<void> {
    for (const t of tables) await this.db.exec(`DROP TABLE IF EXISTS ${doomed(t)}`);
  }

  private async countsOf(tables: string[]): Promise<PurgeCount[]> {
    const counts: PurgeCount[] = [];
    for (const table of tables) {
      const count = (await this.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${doomed(table)}`).get())!.n;
      if (count > 0) counts.push({ table, count });
    }
    return counts;
  }

  /** What a purge before this ISO date would remove; nothing is changed. */
  async plan(before: string): Promise<PurgePlan> {
    const periods = await this.db
      .prepare<[string], { id: number; name: string; className: string; end: string }>(
        `SELECT p.id, p.name, c.name AS className, p.end_date AS "end" FROM periods p JOIN classes c ON c.id = p.class_id
         WHERE p.end_date < ? ORDER BY p.end_date, p.id`,
      )
      .all(before);
    if (this.db.kind === 'postgres') {
      try {
        await this.db.transaction(async () => {
          throw new PlanOnly(await this.deleteCounted(before));
        });
      } catch (e) {
        if (e instanceof PlanOnly) return { before, periods, counts: e.counts };
        throw e;
      }
    }
    const tables = await this.mark(before);
    try {
      return { before, periods, counts: await this.countsOf(tables) };
    } finally {
      await this.unmark(tables);
    }
  }

  /**
   * Removes what `plan` describes. On SQLite: in one transaction with secure_delete on (freed pages are zeroed),
   * then rewrites the file (VACUUM) and empties the WAL, so that the removed data is not left in the file's bytes.
   * On PostgreSQL: in one transaction, then VACUUM of every table rows were removed from (the server's WAL and
   * backups are its administrator's). Returns the rows removed per table and whether the WAL could be emptied
   * (another connection may hold it).
   */
  async purge(before: string): Promise<{ counts: PurgeCount[]; walEmptied: boolean }> {
    if (this.db.kind === 'postgres') {
      const counts = await this.db.transaction(() => this.deleteCounted(before));
      for (const c of counts) await this.db.exec(`VACUUM (ANALYZE) ${q(c.table)}`);
      return { counts, walEmptied: true };
    }
    await this.db.exec('PRAGMA secure_delete = ON');
    const tables = await this.mark(before);
    let counts: PurgeCount[];
    try {
      counts = await this.countsOf(tables);
      const order = await this.deletionOrder(tables);
      await this.db.transaction(async () => {
        for (const t of order) await this.db.exec(`DELETE FROM ${q(t)} WHERE rowid IN (SELECT rid FROM ${doomed(t)})`);
      });
    } finally {
      await this.unmark(tables);
    }
    const checkpoint = this.db.prepare<[], { busy: number; log: number; checkpointed: number }>('PRAGMA wal_checkpoint(TRUNCATE)');
    await checkpoint.get();
    await this.db.exec('VACUUM');
    const res = (await checkpoint.get())!;
    return { counts, walEmptied: res.busy === 0 };
  }

  /**
   * PostgreSQL, inside the caller's transaction: deletes the periods ended before `before` and the learners left
   * with no other period (ON DELETE CASCADE takes the rows that refer to them, as SQLite's marking does), and
   * returns the rows removed per table, in the order SQLite's marking lists them. The tables are locked against
   * other writers first, so that the counts taken before and after are the purge's own.
   */
  private async deleteCounted(before: string): Promise<PurgeCount[]> {
    const tables = this.reachable(await this.foreignKeys());
    await this.db.exec(`LOCK TABLE ${tables.map(q).join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
    const count = async (t: string) => (await this.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${q(t)}`).get())!.n;
    const beforeCounts: number[] = [];
    for (const t of tables) beforeCounts.push(await count(t));
    await this.db
      .prepare<[string]>(
        `DELETE FROM learners l
         WHERE EXISTS (SELECT 1 FROM assignments a WHERE a.learner_id = l.id)
           AND NOT EXISTS (SELECT 1 FROM assignments a JOIN periods p ON p.id = a.period_id
                           WHERE a.learner_id = l.id AND NOT (p.end_date < ?))`,
      )
      .run(before);
    await this.db.prepare<[string]>('DELETE FROM periods WHERE end_date < ?').run(before);
    const counts: PurgeCount[] = [];
    for (const [i, table] of tables.entries()) {
      const removed = beforeCounts[i] - (await count(table));
      if (removed > 0) counts.push({ table, count: removed });
    }
    return counts;
  }

  /**
   * The tables a purge can remove rows from, in the order SQLite's marking creates their temporary tables:
   * periods, learners, then every table referring to one already listed, pass after pass.
   */
  private reachable(fks: Array<{ table: string; parent: string }>): string[] {
    const marked = new Set(['periods', 'learners']);
    for (let grown = true; grown; ) {
      grown = false;
      for (const fk of fks) {
        if (marked.has(fk.parent) && !marked.has(fk.table)) {
          marked.add(fk.table);
          grown = true;
        }
      }
    }
    return [...marked];
  }

  /** Children before parents, so that foreign keys without ON DELETE CASCADE never block the purge. */
  private async deletionOrder(tables: string[]): Promise<string[]> {
    const fks = (await this.foreignKeys()).filter((fk) => tables.includes(fk.table) && tables.includes(fk.parent) && fk.table !== fk.parent);
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
