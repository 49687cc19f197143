// Evaluations (bilan entreprise, bilan des attitudes) and bilans personnels, one per assignment and type.
import type { DB } from './db.js';
import type { BilanPersonnel, BilanPersonnelContent } from '../domain/bilan-personnel.js';
import { isCertificative, type Evaluation, type EvaluationContent, type EvaluationMode, type EvaluationType, type Level } from '../domain/evaluation.js';
import { TEACHER_ENTRY, type EnteredBy, type EvaluationStatus } from '../domain/portal.js';

interface EvaluationRow {
  id: number;
  assignmentId: number;
  type: EvaluationType;
  tasksDone: string;
  engagement: number | null;
  meetingDate: string;
  comment: string | null;
  updatedAt: string;
  status: EvaluationStatus;
  validatedAt: string | null;
  validatedBy: EnteredBy | null;
  enteredBy: EnteredBy;
  enteredAt: string | null;
  version: number;
}

const COLS = `e.id, e.assignment_id AS assignmentId, e.type, e.tasks_done AS tasksDone, e.engagement,
  e.meeting_date AS meetingDate, e.comment, e.updated_at AS updatedAt, e.status, e.validated_at AS validatedAt,
  e.validated_by AS validatedBy, e.entered_by AS enteredBy, e.entered_at AS enteredAt, e.version`;

/** Who writes a bilan and whether it is validated: the CLI writes the teacher's validated bilan. */
export interface EntryMark {
  status: EvaluationStatus;
  enteredBy: EnteredBy;
}

interface BilanPersonnelRow {
  assignmentId: number;
  strengths: string;
  improvements: string;
  perspectives: string;
  updatedAt: string;
  version: number;
}

export class EvaluationRepo {
  private getStmt;
  private levelsStmt;
  private modesStmt;
  private upsertStmt;
  private clearLevelsStmt;
  private clearModesStmt;
  private levelStmt;
  private modeStmt;
  private byPeriodStmt;
  private byLearnerStmt;
  private deleteStmt;
  private assignmentsOfLearnerStmt;
  private bpGetStmt;
  private bpUpsertStmt;
  private bpByPeriodStmt;
  private cert: CertificativeStatements;
  constructor(private db: DB) {
    this.cert = certificativeStatements(db);
    this.getStmt = db.prepare<[number, string], EvaluationRow>(
      `SELECT ${COLS} FROM evaluations e WHERE e.assignment_id = ? AND e.type = ?`,
    );
    this.levelsStmt = db.prepare<[number], { code: string; level: Level }>(
      'SELECT code, level FROM evaluation_levels WHERE evaluation_id = ? ORDER BY code',
    );
    this.modesStmt = db.prepare<[number], { competency: string; mode: EvaluationMode }>(
      'SELECT competency, mode FROM evaluation_modes WHERE evaluation_id = ? ORDER BY competency',
    );
    this.upsertStmt = db.prepare<[Record<string, unknown>], { id: number }>(
      `INSERT INTO evaluations (assignment_id, type, tasks_done, engagement, meeting_date, comment, updated_at,
         status, validated_at, validated_by, entered_by, entered_at)
       VALUES (@assignmentId, @type, @tasksDone, @engagement, @meetingDate, @comment, @at,
         @status, @validatedAt, @validatedBy, @enteredBy, @at)
       ON CONFLICT (assignment_id, type) DO UPDATE SET tasks_done = excluded.tasks_done,
         engagement = excluded.engagement, meeting_date = excluded.meeting_date, comment = excluded.comment,
         updated_at = excluded.updated_at, status = excluded.status,
         -- A draft is validated by no one; a tutor's validation is recorded as such; the teacher amending a
         -- validated bilan keeps who validated it and when.
         validated_at = CASE WHEN excluded.status <> 'validated' THEN NULL
                             WHEN excluded.validated_by = 'tuteur' THEN excluded.validated_at
                             ELSE COALESCE(evaluations.validated_at, excluded.validated_at) END,
         validated_by = CASE WHEN excluded.status <> 'validated' THEN NULL
                             WHEN excluded.validated_by = 'tuteur' THEN 'tuteur'
                             ELSE COALESCE(evaluations.validated_by, excluded.validated_by) END,
         entered_by = excluded.entered_by, entered_at = excluded.entered_at, version = evaluations.version + 1
       WHERE evaluations.version = COALESCE(@expected, evaluations.version)
       RETURNING id`,
    );
    this.clearLevelsStmt = db.prepare<[number]>('DELETE FROM evaluation_levels WHERE evaluation_id = ?');
    this.clearModesStmt = db.prepare<[number]>('DELETE FROM evaluation_modes WHERE evaluation_id = ?');
    this.levelStmt = db.prepare<[number, string, string]>('INSERT INTO evaluation_levels (evaluation_id, code, level) VALUES (?, ?, ?)');
    this.modeStmt = db.prepare<[number, string, string]>('INSERT INTO evaluation_modes (evaluation_id, competency, mode) VALUES (?, ?, ?)');
    this.byPeriodStmt = db.prepare<[number, string], EvaluationRow>(
      `SELECT ${COLS} FROM evaluations e JOIN assignments a ON a.id = e.assignment_id
       WHERE a.period_id = ? AND e.type = ? ORDER BY a.id`,
    );
    this.byLearnerStmt = db.prepare<[number], EvaluationRow>(
      `SELECT ${COLS} FROM evaluations e JOIN assignments a ON a.id = e.assignment_id
       WHERE a.learner_id = ? ORDER BY e.meeting_date, a.period_id, e.type`,
    );
    this.deleteStmt = db.prepare<[number, string]>('DELETE FROM evaluations WHERE assignment_id = ? AND type = ?');
    this.assignmentsOfLearnerStmt = db.prepare<[number], { id: number; periodId: number }>(
      'SELECT id, period_id AS periodId FROM assignments WHERE learner_id = ? ORDER BY period_id',
    );
    this.bpGetStmt = db.prepare<[number], BilanPersonnelRow>(
      `SELECT assignment_id AS assignmentId, strengths, improvements, perspectives, updated_at AS updatedAt, version
       FROM bilans_personnels WHERE assignment_id = ?`,
    );
    this.bpUpsertStmt = db.prepare<[Record<string, unknown>], { version: number }>(
      `INSERT INTO bilans_personnels (assignment_id, strengths, improvements, perspectives, updated_at)
       VALUES (@assignmentId, @strengths, @improvements, @perspectives, @at)
       ON CONFLICT (assignment_id) DO UPDATE SET strengths = excluded.strengths,
         improvements = excluded.improvements, perspectives = excluded.perspectives, updated_at = excluded.updated_at,
         version = bilans_personnels.version + 1
       WHERE bilans_personnels.version = COALESCE(@expected, bilans_personnels.version)
       RETURNING version`,
    );
    this.bpByPeriodStmt = db.prepare<[number], BilanPersonnelRow>(
      `SELECT b.assignment_id AS assignmentId, b.strengths, b.improvements, b.perspectives, b.updated_at AS updatedAt, b.version
       FROM bilans_personnels b JOIN assignments a ON a.id = b.assignment_id WHERE a.period_id = ? ORDER BY a.id`,
    );
  }

  private async toEvaluation(r: EvaluationRow): Promise<Evaluation> {
    const levels: Record<string, Level> = {};
    for (const l of await this.levelsStmt.all(r.id)) levels[l.code] = l.level;
    const modes: Record<string, EvaluationMode> = {};
    for (const m of await this.modesStmt.all(r.id)) modes[m.competency] = m.mode;
    return {
      assignmentId: r.assignmentId,
      type: r.type,
      tasksDone: JSON.parse(r.tasksDone),
      levels,
      modes,
      engagement: r.engagement,
      meetingDate: r.meetingDate,
      comment: r.comment,
      updatedAt: r.updatedAt,
      provenance: { status: r.status, validatedAt: r.validatedAt, validatedBy: r.validatedBy, enteredBy: r.enteredBy, enteredAt: r.enteredAt },
      version: r.version,
    };
  }

  /** The evaluation of one type of an assignment, or undefined when none was recorded. */
  async get(assignmentId: number, type: EvaluationType): Promise<Evaluation | undefined> {
    if (isCertificative(type)) {
      const c = await this.cert.get.get(assignmentId, type);
      return c && this.toCertificative(c);
    }
    const r = await this.getStmt.get(assignmentId, type);
    return r && this.toEvaluation(r);
  }

  /**
   * Writes the whole evaluation (creating or replacing it), one version more; the caller validates and runs the
   * transaction. With `expectedVersion` (the version it was read at, 0 for none), only if the stored one is still
   * at that version: false when someone saved or deleted it since (then nothing is written).
   */
  async save(
    assignmentId: number,
    type: EvaluationType,
    e: EvaluationContent,
    updatedAt: string,
    mark: EntryMark = TEACHER_ENTRY,
    expectedVersion?: number,
  ): Promise<boolean> {
    // The upsert below refuses a changed row; a row deleted since it was read would be created again.
    if (expectedVersion && !(await this.get(assignmentId, type))) return false;
    const expected = expectedVersion ?? null;
    if (isCertificative(type)) {
      // Certificative grids are the teacher's (E31, E33): no draft or validation by a tutor.
      const row = await this.cert.upsert.get({ assignmentId, unit: type, meetingDate: e.meetingDate, comment: e.comment, at: updatedAt, expected });
      if (!row) return false;
      await this.cert.clear.run(row.id);
      for (const [code, level] of Object.entries(e.levels)) await this.cert.level.run(row.id, code, level);
      return true;
    }
    const validated = mark.status === 'validated';
    const row = await this.upsertStmt.get({
      assignmentId, type, tasksDone: JSON.stringify(e.tasksDone), engagement: e.engagement, meetingDate: e.meetingDate,
      comment: e.comment, at: updatedAt, status: mark.status, validatedAt: validated ? updatedAt : null,
      validatedBy: validated ? mark.enteredBy : null, enteredBy: mark.enteredBy, expected,
    });
    if (!row) return false;
    const { id } = row;
    await this.clearLevelsStmt.run(id);
    await this.clearModesStmt.run(id);
    for (const [code, level] of Object.entries(e.levels)) await this.levelStmt.run(id, code, level);
    for (const [code, mode] of Object.entries(e.modes)) await this.modeStmt.run(id, code, mode);
    return true;
  }

  async delete(assignmentId: number, type: EvaluationType): Promise<boolean> {
    if (isCertificative(type)) return (await this.cert.delete.run(assignmentId, type)).changes > 0;
    return (await this.deleteStmt.run(assignmentId, type)).changes > 0;
  }

  /** The evaluations of one type of a period, in assignment order. */
  async inPeriod(periodId: number, type: EvaluationType): Promise<Evaluation[]> {
    const out: Evaluation[] = [];
    if (isCertificative(type)) {
      for (const r of await this.cert.byPeriod.all(periodId, type)) out.push(await this.toCertificative(r));
      return out;
    }
    for (const r of await this.byPeriodStmt.all(periodId, type)) out.push(await this.toEvaluation(r));
    return out;
  }

  private async toCertificative(r: CertificativeRow): Promise<Evaluation> {
    const levels: Record<string, Level> = {};
    for (const l of await this.cert.levels.all(r.id)) levels[l.code] = l.level;
    return {
      assignmentId: r.assignmentId, type: r.unit, tasksDone: [], levels, modes: {}, engagement: null, meetingDate: r.meetingDate,
      comment: r.comment, updatedAt: r.updatedAt, version: r.version,
    };
  }

  /** Every bilan (entreprise, attitudes) of a learner, across periods, by meeting date; certificative grids apart. */
  async ofLearner(learnerId: number): Promise<Evaluation[]> {
    const out: Evaluation[] = [];
    for (const r of await this.byLearnerStmt.all(learnerId)) out.push(await this.toEvaluation(r));
    return out;
  }

  /** The learner's assignments (one per period), for views that cover every period. */
  async assignmentsOfLearner(learnerId: number): Promise<Array<{ id: number; periodId: number }>> {
    return this.assignmentsOfLearnerStmt.all(learnerId);
  }

  async getBilanPersonnel(assignmentId: number): Promise<BilanPersonnel | undefined> {
    const r = await this.bpGetStmt.get(assignmentId);
    return r && toBilanPersonnel(r);
  }

  async bilansPersonnelsInPeriod(periodId: number): Promise<BilanPersonnel[]> {
    return (await this.bpByPeriodStmt.all(periodId)).map(toBilanPersonnel);
  }

  /**
   * Replaces the bilan personnel of an assignment, one version more. With `expectedVersion` (0 for none), only if
   * the stored one is still at that version: false when someone saved or deleted it since (nothing is written).
   */
  async saveBilanPersonnel(assignmentId: number, b: BilanPersonnelContent, updatedAt: string, expectedVersion?: number): Promise<boolean> {
    if (expectedVersion && !(await this.bpGetStmt.get(assignmentId))) return false;
    const row = await this.bpUpsertStmt.get({
      assignmentId, strengths: JSON.stringify(b.strengths), improvements: JSON.stringify(b.improvements),
      perspectives: JSON.stringify(b.perspectives), at: updatedAt, expected: expectedVersion ?? null,
    });
    return row !== undefined;
  }
}

function toBilanPersonnel(r: BilanPersonnelRow): BilanPersonnel {
  return {
    assignmentId: r.assignmentId,
    strengths: JSON.parse(r.strengths),
    improvements: JSON.parse(r.improvements),
    perspectives: JSON.parse(r.perspectives),
    updatedAt: r.updatedAt,
    version: r.version,
  };
}

interface CertificativeRow {
  id: number;
  assignmentId: number;
  unit: 'E31' | 'E33';
  meetingDate: string;
  comment: string | null;
  updatedAt: string;
  version: number;
}

const CERT_COLS = `c.id, c.assignment_id AS assignmentId, c.unit, c.meeting_date AS meetingDate, c.comment, c.updated_at AS updatedAt, c.version`;

function certificativeStatements(db: DB) {
  return {
    get: db.prepare<[number, string], CertificativeRow>(`SELECT ${CERT_COLS} FROM certificative_evaluations c WHERE c.assignment_id = ? AND c.unit = ?`),
    byPeriod: db.prepare<[number, string], CertificativeRow>(
      `SELECT ${CERT_COLS} FROM certificative_evaluations c JOIN assignments a ON a.id = c.assignment_id
       WHERE a.period_id = ? AND c.unit = ? ORDER BY a.id`,
    ),
    levels: db.prepare<[number], { code: string; level: Level }>('SELECT code, level FROM certificative_levels WHERE evaluation_id = ? ORDER BY code'),
    upsert: db.prepare<[Record<string, unknown>], { id: number }>(
      `INSERT INTO certificative_evaluations (assignment_id, unit, meeting_date, comment, updated_at)
       VALUES (@assignmentId, @unit, @meetingDate, @comment, @at)
       ON CONFLICT (assignment_id, unit) DO UPDATE SET meeting_date = excluded.meeting_date, comment = excluded.comment,
         updated_at = excluded.updated_at, version = certificative_evaluations.version + 1
       WHERE certificative_evaluations.version = COALESCE(@expected, certificative_evaluations.version)
       RETURNING id`,
    ),
    clear: db.prepare<[number]>('DELETE FROM certificative_levels WHERE evaluation_id = ?'),
    level: db.prepare<[number, string, string]>('INSERT INTO certificative_levels (evaluation_id, code, level) VALUES (?, ?, ?)'),
    delete: db.prepare<[number, string]>('DELETE FROM certificative_evaluations WHERE assignment_id = ? AND unit = ?'),
  };
}
type CertificativeStatements = ReturnType<typeof certificativeStatements>;
