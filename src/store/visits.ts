// Teacher visits (table teacher_visits, migration 008), one row per planned or recorded visit or call.
import type { DB } from './db.js';
import type { TeacherVisit, VisitMode } from '../domain/visits.js';

interface VisitRow {
  id: number;
  assignment_id: number;
  date: string;
  mode: VisitMode;
  status: 'prevue' | 'faite';
  who: string | null;
  note: string | null;
}

const toVisit = (r: VisitRow): TeacherVisit => ({
  id: r.id,
  assignmentId: r.assignment_id,
  date: r.date,
  mode: r.mode,
  done: r.status === 'faite',
  who: r.who,
  note: r.note,
});

const VISIT_COLS = 'id, assignment_id, date, mode, status, who, note';

export class VisitRepo {
  private byPeriodStmt;
  private byAssignmentStmt;
  private insertStmt;
  private updateStmt;
  constructor(db: DB) {
    this.byPeriodStmt = db.prepare<[number], VisitRow>(
      `SELECT v.id, v.assignment_id, v.date, v.mode, v.status, v.who, v.note FROM teacher_visits v JOIN assignments a ON a.id = v.assignment_id WHERE a.period_id = ? ORDER BY v.date, v.id`,
    );
    this.byAssignmentStmt = db.prepare<[number], VisitRow>(`SELECT ${VISIT_COLS} FROM teacher_visits WHERE assignment_id = ? ORDER BY date, id`);
    this.insertStmt = db.prepare(
      `INSERT INTO teacher_visits (assignment_id, date, mode, status, who, note, created_at)
       VALUES (@assignment_id, @date, @mode, @status, @who, @note, @created_at)`,
    );
    this.updateStmt = db.prepare(`UPDATE teacher_visits SET date = @date, mode = @mode, status = @status, who = @who, note = @note WHERE id = @id`);
  }
  async inPeriod(periodId: number): Promise<TeacherVisit[]> {
    return (await this.byPeriodStmt.all(periodId)).map(toVisit);
  }
  async ofAssignment(assignmentId: number): Promise<TeacherVisit[]> {
    return (await this.byAssignmentStmt.all(assignmentId)).map(toVisit);
  }
  async add(v: Omit<TeacherVisit, 'id'>, createdAt: string): Promise<number> {
    return this.insertStmt.insert({
      assignment_id: v.assignmentId,
      date: v.date,
      mode: v.mode,
      status: v.done ? 'faite' : 'prevue',
      who: v.who,
      note: v.note,
      created_at: createdAt,
    });
  }
  async update(v: TeacherVisit): Promise<void> {
    await this.updateStmt.run({ id: v.id, date: v.date, mode: v.mode, status: v.done ? 'faite' : 'prevue', who: v.who, note: v.note });
  }
}
