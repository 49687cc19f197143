// Attendance of placements: each one's schedule and confirmation, its absences, and the placements of a learner
// (with their host) for the gratification's cumulation.
import type { DB } from './db.js';
import type { Absence } from '../domain/attendance.js';

export type ConfirmedBy = 'enseignant' | 'tuteur';

export interface AttendanceRecord {
  assignmentId: number;
  /** Null: 7 h. */
  dailyHours: number | null;
  /** ISO weekdays; null: Monday to Friday. */
  weekdays: number[] | null;
  confirmedAt: string | null;
  confirmedBy: ConfirmedBy | null;
}

export interface StoredAbsence extends Absence {
  assignmentId: number;
}

export interface LearnerPlacement {
  assignmentId: number;
  periodId: number;
  start: string;
  end: string;
  companyName: string | null;
  companyPostalCode: string | null;
}

interface RecordRow {
  assignmentId: number;
  dailyHours: number | null;
  weekdays: string | null;
  confirmedAt: string | null;
  confirmedBy: ConfirmedBy | null;
}
interface AbsenceRow {
  assignmentId: number;
  date: string;
  hours: number | null;
  halfDay: number;
  reason: string | null;
}

const toRecord = (r: RecordRow): AttendanceRecord => ({
  ...r,
  weekdays: r.weekdays ? r.weekdays.split(',').map(Number) : null,
});
const toAbsence = (r: AbsenceRow): StoredAbsence => ({ ...r, halfDay: r.halfDay === 1 });

const REC = `SELECT t.assignment_id AS assignmentId, t.daily_hours AS dailyHours, t.weekdays, t.confirmed_at AS confirmedAt,
  t.confirmed_by AS confirmedBy FROM attendance t`;
const ABS = `SELECT b.assignment_id AS assignmentId, b.date, b.hours, b.half_day AS halfDay, b.reason FROM absences b`;

export class AttendanceRepo {
  private recordStmt;
  private recordsStmt;
  private absencesStmt;
  private periodAbsencesStmt;
  private ensureStmt;
  private scheduleStmt;
  private confirmStmt;
  private upsertAbsenceStmt;
  private deleteAbsenceStmt;
  private placementsStmt;
  constructor(db: DB) {
    this.recordStmt = db.prepare<[number], RecordRow>(`${REC} WHERE t.assignment_id = ?`);
    this.recordsStmt = db.prepare<[number], RecordRow>(
      `${REC} JOIN assignments a ON a.id = t.assignment_id WHERE a.period_id = ? ORDER BY t.assignment_id`,
    );
    this.absencesStmt = db.prepare<[number], AbsenceRow>(`${ABS} WHERE b.assignment_id = ? ORDER BY b.date`);
    this.periodAbsencesStmt = db.prepare<[number], AbsenceRow>(
      `${ABS} JOIN assignments a ON a.id = b.assignment_id WHERE a.period_id = ? ORDER BY b.assignment_id, b.date`,
    );
    this.ensureStmt = db.prepare<[number]>('INSERT INTO attendance (assignment_id) VALUES (?) ON CONFLICT DO NOTHING');
    this.scheduleStmt = db.prepare<[number | null, string | null, number]>(
      'UPDATE attendance SET daily_hours = ?, weekdays = ? WHERE assignment_id = ?',
    );
    this.confirmStmt = db.prepare<[string | null, string | null, number]>(
      'UPDATE attendance SET confirmed_at = ?, confirmed_by = ? WHERE assignment_id = ?',
    );
    this.upsertAbsenceStmt = db.prepare<[number, string, number | null, number, string | null]>(
      `INSERT INTO absences (assignment_id, date, hours, half_day, reason) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (assignment_id, date) DO UPDATE SET hours = excluded.hours, half_day = excluded.half_day, reason = excluded.reason`,
    );
    this.deleteAbsenceStmt = db.prepare<[number, string]>('DELETE FROM absences WHERE assignment_id = ? AND date = ?');
    this.placementsStmt = db.prepare<[number], LearnerPlacement>(
      `SELECT a.id AS assignmentId, p.id AS periodId, p.start_date AS start, p.end_date AS "end",
         s.company_name AS companyName, s.company_postal_code AS companyPostalCode
       FROM assignments a JOIN periods p ON p.id = a.period_id LEFT JOIN liaison_sheets s ON s.assignment_id = a.id
       WHERE a.learner_id = ? ORDER BY p.start_date, p.id`,
    );
  }

  async record(assignmentId: number): Promise<AttendanceRecord | undefined> {
    const r = await this.recordStmt.get(assignmentId);
    return r && toRecord(r);
  }
  /** The records of a period's placements, by assignment id (a placement without one has the defaults). */
  async inPeriod(periodId: number): Promise<Map<number, AttendanceRecord>> {
    return new Map((await this.recordsStmt.all(periodId)).map((r) => [r.assignmentId, toRecord(r)]));
  }
  async absences(assignmentId: number): Promise<StoredAbsence[]> {
    return (await this.absencesStmt.all(assignmentId)).map(toAbsence);
  }
  async absencesInPeriod(periodId: number): Promise<StoredAbsence[]> {
    return (await this.periodAbsencesStmt.all(periodId)).map(toAbsence);
  }
  async setSchedule(assignmentId: number, dailyHours: number | null, weekdays: number[] | null): Promise<void> {
    await this.ensureStmt.run(assignmentId);
    await this.scheduleStmt.run(dailyHours, weekdays ? weekdays.join(',') : null, assignmentId);
  }
  async setConfirmation(assignmentId: number, at: string | null, by: ConfirmedBy | null): Promise<void> {
    await this.ensureStmt.run(assignmentId);
    await this.confirmStmt.run(at, by, assignmentId);
  }
  async saveAbsence(assignmentId: number, a: Absence): Promise<void> {
    await this.upsertAbsenceStmt.run(assignmentId, a.date, a.hours, a.halfDay ? 1 : 0, a.reason);
  }
  async removeAbsence(assignmentId: number, date: string): Promise<boolean> {
    return (await this.deleteAbsenceStmt.run(assignmentId, date)).changes > 0;
  }
  /** Every placement of a learner, in date order, with its host as the liaison sheet names it. */
  async placementsOf(learnerId: number): Promise<LearnerPlacement[]> {
    return this.placementsStmt.all(learnerId);
  }
}
