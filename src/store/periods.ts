// Periods and the learners assigned to them.
import { insertMany } from './bulk.js';
import { isForeignKeyViolation, type DB } from './db.js';
import type { Period } from '../domain/model.js';
import type { PeriodKind } from '../domain/period-kinds.js';
import { foreignKeys } from './schema.js';
import { asciiLower } from './text.js';

const COLS = `p.id, p.name, p.class_id AS classId, c.name AS className, p.kind, p.start_date AS start,
  p.end_date AS "end", p.bilan_date AS bilanDate, p.referentiel, p.objectives, p.tasks, p.created_at AS createdAt`;
const FROM = 'FROM periods p JOIN classes c ON c.id = p.class_id';

type PeriodRow = Omit<Period, 'objectives' | 'tasks'> & { objectives: string; tasks: string };
const toPeriod = (r: PeriodRow | undefined): Period | undefined =>
  r && { ...r, objectives: JSON.parse(r.objectives), tasks: JSON.parse(r.tasks) };

export interface PeriodInput {
  name: string;
  classId: number;
  kind: PeriodKind;
  start: string;
  end: string;
  bilanDate: string;
  referentiel: string;
  objectives: string[];
  tasks: string[];
}

export class PeriodRepo {
  private byIdStmt;
  private byNameStmt;
  private byNameClassStmt;
  private insertStmt;
  private updateStmt;
  private allStmt;
  private countStmt;
  private assignmentStmt;
  private assignStmt;
  private assignmentsStmt;
  private deleteStmt;
  private sheetStmt;
  constructor(private db: DB) {
    this.byIdStmt = db.prepare<[number], PeriodRow>(`SELECT ${COLS} ${FROM} WHERE p.id = ?`);
    this.byNameStmt = db.prepare<[string], PeriodRow>(`SELECT ${COLS} ${FROM} WHERE lower(p.name) = ? ORDER BY p.id`);
    this.byNameClassStmt = db.prepare<[string, number], PeriodRow>(
      `SELECT ${COLS} ${FROM} WHERE p.name = ? AND p.class_id = ?`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO periods (name, class_id, kind, start_date, end_date, bilan_date, referentiel, objectives, tasks, created_at)
       VALUES (@name, @classId, @kind, @start, @end, @bilanDate, @referentiel, @objectives, @tasks, @createdAt)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE periods SET name = @name, class_id = @classId, kind = @kind, start_date = @start, end_date = @end,
       bilan_date = @bilanDate, referentiel = @referentiel, objectives = @objectives, tasks = @tasks WHERE id = @id`,
    );
    this.allStmt = db.prepare<[], PeriodRow>(`SELECT ${COLS} ${FROM} ORDER BY p.id`);
    this.countStmt = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM assignments WHERE period_id = ?');
    this.assignmentStmt = db.prepare<[number, number], { id: number }>(
      'SELECT id FROM assignments WHERE period_id = ? AND learner_id = ?',
    );
    this.assignStmt = db.prepare<[number, number]>('INSERT INTO assignments (period_id, learner_id) VALUES (?, ?)');
    this.assignmentsStmt = db.prepare<[number], { id: number; learnerId: number }>(
      'SELECT id, learner_id AS learnerId FROM assignments WHERE period_id = ? ORDER BY id',
    );
    this.deleteStmt = db.prepare<[number]>('DELETE FROM periods WHERE id = ?');
    this.sheetStmt = db.prepare<[number, string | null, string | null, string | null]>(
      'INSERT INTO liaison_sheets (assignment_id, objectives, tasks, updated_at) VALUES (?, ?, ?, ?)',
    );
  }
  async get(id: number): Promise<Period | undefined> {
    return toPeriod(await this.byIdStmt.get(id));
  }
  async byName(name: string): Promise<Period[]> {
    return (await this.byNameStmt.all(asciiLower(name))).map((r) => toPeriod(r)!);
  }
  async find(name: string, classId: number): Promise<Period | undefined> {
    return toPeriod(await this.byNameClassStmt.get(name, classId));
  }
  async insert(p: PeriodInput, createdAt: string): Promise<number> {
    return this.insertStmt.insert({ ...p, objectives: JSON.stringify(p.objectives), tasks: JSON.stringify(p.tasks), createdAt });
  }
  async update(id: number, p: PeriodInput): Promise<void> {
    await this.updateStmt.run({ ...p, id, objectives: JSON.stringify(p.objectives), tasks: JSON.stringify(p.tasks) });
  }
  /**
   * Deletes a period and what cascades from it; false (nothing deleted) when a row that does not cascade still
   * refers to it. A savepoint, so that the caller's transaction goes on either way.
   */
  async delete(id: number): Promise<boolean> {
    try {
      await this.db.transaction(() => this.deleteStmt.run(id));
      return true;
    } catch (e) {
      if (isForeignKeyViolation(e)) return false;
      throw e;
    }
  }
  /** Periods in creation order. */
  async list(): Promise<Period[]> {
    return (await this.allStmt.all()).map((r) => toPeriod(r)!);
  }
  async learnerCount(periodId: number): Promise<number> {
    return (await this.countStmt.get(periodId))!.n;
  }
  async assignmentId(periodId: number, learnerId: number): Promise<number | undefined> {
    return (await this.assignmentStmt.get(periodId, learnerId))?.id;
  }
  /**
   * Assigns a learner to a period with a new liaison sheet, inheriting the annex's objectives and tasks unless
   * individualised ones are given; returns the assignment id.
   */
  async assign(periodId: number, learnerId: number, own: { objectives?: string[] | null; tasks?: string[] | null } = {}, at: string | null = null): Promise<number> {
    const id = await this.assignStmt.insert(periodId, learnerId);
    const json = (l?: string[] | null) => (l ? JSON.stringify(l) : null);
    await this.sheetStmt.run(id, json(own.objectives), json(own.tasks), own.objectives || own.tasks ? at : null);
    return id;
  }
  /** `assign` for many at once (an annex import): returns the assignment ids in the order given. */
  async assignMany(
    items: Array<{ periodId: number; learnerId: number; objectives: string[] | null; tasks: string[] | null }>,
    at: string | null = null,
  ): Promise<number[]> {
    const ids = await insertMany(this.db, 'assignments', ['period_id', 'learner_id'], items.map((a) => [a.periodId, a.learnerId]), true);
    const json = (l: string[] | null) => (l ? JSON.stringify(l) : null);
    await insertMany(
      this.db,
      'liaison_sheets',
      ['assignment_id', 'objectives', 'tasks', 'updated_at'],
      items.map((a, i) => [ids[i], json(a.objectives), json(a.tasks), a.objectives || a.tasks ? at : null]),
    );
    return ids;
  }
  async assignments(periodId: number): Promise<Array<{ id: number; learnerId: number }>> {
    return this.assignmentsStmt.all(periodId);
  }

  /**
   * What deleting a period takes with it: for every table that depends on it through ON DELETE CASCADE links,
   * directly or through other tables (assignments, liaison sheets, and whatever later migrations hang on them:
   * portfolios, evaluations…), the number of rows that would go; and the rows of tables linked without cascade
   * (NO ACTION, RESTRICT), which would block the deletion. SET NULL links keep their rows and are not counted.
   * Found from the schema's foreign keys, so that a new table is counted without changing this code.
   */
  async dependents(periodId: number): Promise<PeriodDependent[]> {
    return this.dependentsOf('periods', periodId);
  }

  /** The same for one assignment (a learner's place in a period): what removing the learner from it takes. */
  async assignmentDependents(assignmentId: number): Promise<PeriodDependent[]> {
    return this.dependentsOf('assignments', assignmentId);
  }

  /** Removes a learner from a period: the assignment and everything cascading from it. */
  async deleteAssignment(assignmentId: number): Promise<void> {
    await this.db.prepare<[number]>('DELETE FROM assignments WHERE id = ?').run(assignmentId);
  }

  private async dependentsOf(root: 'periods' | 'assignments', rootId: number): Promise<PeriodDependent[]> {
    const periodId = rootId;
    const q = (id: string) => `"${id.replace(/"/g, '""')}"`;
    const fks = (await foreignKeys(this.db)).map((fk) => ({
      child: fk.table, parent: fk.parent, from: fk.from, to: fk.to ?? 'id', onDelete: fk.onDelete,
    }));
    const found: PeriodDependent[] = [];
    const walk = async (parent: string, where: string, seen: Set<string>) => {
      for (const fk of fks.filter((f) => f.parent === parent && !seen.has(f.child))) {
        if (fk.onDelete === 'SET NULL' || fk.onDelete === 'SET DEFAULT') continue;
        const childWhere = `${q(fk.from)} IN (SELECT ${q(fk.to)} FROM ${q(parent)} WHERE ${where})`;
        const count = (await this.db.prepare<[number], { n: number }>(`SELECT count(*) AS n FROM ${q(fk.child)} WHERE ${childWhere}`).get(periodId))!.n;
        const blocking = fk.onDelete !== 'CASCADE';
        found.push({ table: fk.child, count, blocking });
        if (!blocking && seen.size < 6) await walk(fk.child, childWhere, new Set([...seen, fk.child]));
      }
    };
    await walk(root, 'id = ?', new Set([root]));
    // A table reached by two cascading paths (say, by period_id and by assignment_id) is the same rows: once.
    const merged = new Map<string, PeriodDependent>();
    for (const d of found) {
      const key = `${d.table}|${d.blocking}`;
      const m = merged.get(key);
      merged.set(key, m ? { ...d, count: Math.max(m.count, d.count) } : d);
    }
    return [...merged.values()];
  }
}

export interface PeriodDependent {
  table: string;
  count: number;
  /** Rows of a table linked without ON DELETE CASCADE: they would make the deletion fail. */
  blocking: boolean;
}
