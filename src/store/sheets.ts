// Liaison sheets (fiche de liaison entreprise), one per assignment.
import type { DB } from './db.js';
import type { LiaisonSheet } from '../domain/model.js';

interface SheetRow {
  assignmentId: number;
  periodId: number;
  learnerId: number;
  company_name: string | null;
  company_address: string | null;
  company_postal_code: string | null;
  company_city: string | null;
  company_sector: string | null;
  company_phone: string | null;
  company_siret?: string | null;
  company_signatory?: string | null;
  tutor_last_name: string | null;
  tutor_first_name: string | null;
  tutor_phone: string | null;
  tutor_email: string | null;
  tutor_role: string | null;
  objectives: string | null;
  tasks: string | null;
  updated_at: string | null;
  version: number;
}

const SELECT = `SELECT s.company_name, s.company_address, s.company_postal_code, s.company_city, s.company_sector,
  s.company_phone, s.company_siret, s.company_signatory, s.tutor_last_name, s.tutor_first_name, s.tutor_phone,
  s.tutor_email, s.tutor_role, s.objectives, s.tasks, s.updated_at, s.version, s.assignment_id AS assignmentId, a.period_id AS periodId, a.learner_id AS learnerId
  FROM liaison_sheets s JOIN assignments a ON a.id = s.assignment_id`;

function toSheet(r: SheetRow): LiaisonSheet {
  return {
    assignmentId: r.assignmentId,
    periodId: r.periodId,
    learnerId: r.learnerId,
    company: {
      name: r.company_name,
      address: r.company_address,
      postalCode: r.company_postal_code,
      city: r.company_city,
      sector: r.company_sector,
      phone: r.company_phone,
      siret: r.company_siret ?? null,
      signatory: r.company_signatory ?? null,
    },
    tutor: {
      lastName: r.tutor_last_name,
      firstName: r.tutor_first_name,
      phone: r.tutor_phone,
      email: r.tutor_email,
      role: r.tutor_role,
    },
    ownObjectives: r.objectives === null ? null : JSON.parse(r.objectives),
    ownTasks: r.tasks === null ? null : JSON.parse(r.tasks),
    updatedAt: r.updated_at,
    version: Number(r.version),
  };
}

export class SheetRepo {
  private byAssignmentStmt;
  private byPeriodStmt;
  private saveStmt;
  constructor(db: DB) {
    this.byAssignmentStmt = db.prepare<[number], SheetRow>(`${SELECT} WHERE s.assignment_id = ?`);
    this.byPeriodStmt = db.prepare<[number], SheetRow>(`${SELECT} WHERE a.period_id = ? ORDER BY a.id`);
    this.saveStmt = db.prepare(
      `UPDATE liaison_sheets SET company_name = @company_name, company_address = @company_address,
       company_postal_code = @company_postal_code, company_city = @company_city, company_sector = @company_sector,
       company_phone = @company_phone, company_siret = @company_siret, company_signatory = @company_signatory,
       tutor_last_name = @tutor_last_name, tutor_first_name = @tutor_first_name,
       tutor_phone = @tutor_phone, tutor_email = @tutor_email, tutor_role = @tutor_role,
       objectives = @objectives, tasks = @tasks, updated_at = @updated_at, version = version + 1
       WHERE assignment_id = @assignment_id AND version = COALESCE(@expected, version)`,
    );
  }
  async get(assignmentId: number): Promise<LiaisonSheet | undefined> {
    const r = await this.byAssignmentStmt.get(assignmentId);
    return r && toSheet(r);
  }
  async inPeriod(periodId: number): Promise<LiaisonSheet[]> {
    return (await this.byPeriodStmt.all(periodId)).map(toSheet);
  }
  /**
   * Writes a sheet, one version more. With `expectedVersion` (the version it was read at), only if the stored
   * sheet is still at that version: false when someone saved it since (then nothing is written).
   */
  async save(s: LiaisonSheet, updatedAt: string, expectedVersion?: number): Promise<boolean> {
    const r = await this.saveStmt.run({
      assignment_id: s.assignmentId,
      company_name: s.company.name,
      company_address: s.company.address,
      company_postal_code: s.company.postalCode,
      company_city: s.company.city,
      company_sector: s.company.sector,
      company_phone: s.company.phone,
      company_siret: s.company.siret,
      company_signatory: s.company.signatory,
      tutor_last_name: s.tutor.lastName,
      tutor_first_name: s.tutor.firstName,
      tutor_phone: s.tutor.phone,
      tutor_email: s.tutor.email,
      tutor_role: s.tutor.role,
      objectives: s.ownObjectives === null ? null : JSON.stringify(s.ownObjectives),
      tasks: s.ownTasks === null ? null : JSON.stringify(s.ownTasks),
      updated_at: updatedAt,
      expected: expectedVersion ?? null,
    });
    return r.changes > 0;
  }
}
