// Learners: identified by INE when known, otherwise by a normalised (nom, prénom, naissance, classe) key.
import { insertMany } from './bulk.js';
import type { DB } from './db.js';
import type { Learner, LearnerStatus } from '../domain/model.js';

const COLS = `l.id, l.ine, l.last_name AS lastName, l.first_name AS firstName, l.birth_date AS birthDate,
  l.email, l.status, l.class_id AS classId, c.name AS className`;
const FROM = 'FROM learners l JOIN classes c ON c.id = l.class_id';

export interface LearnerInput {
  ine: string | null;
  lastName: string;
  firstName: string;
  birthDate: string | null;
  email: string | null;
  status: LearnerStatus;
  classId: number;
  matchKey: string;
}

export class LearnerRepo {
  private byIdStmt;
  private byIneStmt;
  private byKeyStmt;
  private insertStmt;
  private updateStmt;
  private allStmt;
  private allKeysStmt;
  private byPeriodStmt;
  private byClassStmt;
  constructor(private db: DB) {
    this.byIdStmt = db.prepare<[number], Learner>(`SELECT ${COLS} ${FROM} WHERE l.id = ?`);
    this.byIneStmt = db.prepare<[string], Learner>(`SELECT ${COLS} ${FROM} WHERE l.ine = ?`);
    this.byKeyStmt = db.prepare<[string], Learner>(`SELECT ${COLS} ${FROM} WHERE l.match_key = ? ORDER BY l.id`);
    this.insertStmt = db.prepare(
      `INSERT INTO learners (ine, last_name, first_name, birth_date, email, status, class_id, match_key)
       VALUES (@ine, @lastName, @firstName, @birthDate, @email, @status, @classId, @matchKey)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE learners SET ine = @ine, last_name = @lastName, first_name = @firstName, birth_date = @birthDate,
       email = @email, status = @status, class_id = @classId, match_key = @matchKey WHERE id = @id`,
    );
    this.allStmt = db.prepare<[], Learner>(`SELECT ${COLS} ${FROM} ORDER BY c.name, l.last_name, l.first_name, l.id`);
    this.allKeysStmt = db.prepare<[], Learner & { matchKey: string }>(`SELECT ${COLS}, l.match_key AS matchKey ${FROM} ORDER BY l.id`);
    this.byPeriodStmt = db.prepare<[number], Learner>(
      `SELECT ${COLS} ${FROM} JOIN assignments a ON a.learner_id = l.id WHERE a.period_id = ?
       ORDER BY l.last_name, l.first_name, l.id`,
    );
    this.byClassStmt = db.prepare<[number], Learner>(
      `SELECT ${COLS} ${FROM} WHERE l.class_id = ? ORDER BY l.last_name, l.first_name, l.id`,
    );
  }
  async get(id: number): Promise<Learner | undefined> {
    return this.byIdStmt.get(id);
  }
  async byIne(ine: string): Promise<Learner | undefined> {
    return this.byIneStmt.get(ine);
  }
  async byMatchKey(key: string): Promise<Learner[]> {
    return this.byKeyStmt.all(key);
  }
  async insert(l: LearnerInput): Promise<number> {
    return this.insertStmt.insert(l);
  }
  /** `insert` for many at once (an annex import): returns the ids in the order given. */
  async insertMany(ls: LearnerInput[]): Promise<number[]> {
    return insertMany(
      this.db,
      'learners',
      ['ine', 'last_name', 'first_name', 'birth_date', 'email', 'status', 'class_id', 'match_key'],
      ls.map((l) => [l.ine, l.lastName, l.firstName, l.birthDate, l.email, l.status, l.classId, l.matchKey]),
      true,
    );
  }
  async update(id: number, l: LearnerInput): Promise<void> {
    await this.updateStmt.run({ ...l, id });
  }
  async list(): Promise<Learner[]> {
    return this.allStmt.all();
  }
  /** Every learner with its identity key, for imports that match many rows at once. */
  async withMatchKeys(): Promise<Array<Learner & { matchKey: string }>> {
    return this.allKeysStmt.all();
  }
  async inPeriod(periodId: number): Promise<Learner[]> {
    return this.byPeriodStmt.all(periodId);
  }
  async inClass(classId: number): Promise<Learner[]> {
    return this.byClassStmt.all(classId);
  }
}
