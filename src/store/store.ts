// The store: one open database and its repositories. The only module family that holds SQL.
import { openDb, writeTransaction, type DB } from './db.js';
import { ClassRepo } from './classes.js';
import { LearnerRepo } from './learners.js';
import { PeriodRepo } from './periods.js';
import { SheetRepo } from './sheets.js';
import { ConfigRepo } from './config.js';
import { ReferentielRepo } from './referentiels.js';
import { BilanIntermediaireRepo } from './bilans-intermediaires.js';
import { TutorRepo } from './tutors.js';
import { PortfolioRepo } from './portfolios.js';
import { RetentionRepo } from './retention.js';
import { EvaluationRepo } from './evaluations.js';
import { VisitRepo } from './visits.js';
import { PortalRepo } from './portal.js';
import { LearnerSpaceRepo } from './learner-space.js';
import { AttendanceRepo } from './attendance.js';

export class Store {
  readonly classes: ClassRepo;
  readonly learners: LearnerRepo;
  readonly periods: PeriodRepo;
  readonly sheets: SheetRepo;
  readonly config: ConfigRepo;
  readonly referentiels: ReferentielRepo;
  readonly bilansIntermediaires: BilanIntermediaireRepo;
  readonly tutors: TutorRepo;
  readonly portfolios: PortfolioRepo;
  readonly retention: RetentionRepo;
  readonly evaluations: EvaluationRepo;
  readonly visits: VisitRepo;
  readonly portal: PortalRepo;
  readonly learnerSpace: LearnerSpaceRepo;
  readonly attendance: AttendanceRepo;

  constructor(readonly db: DB, readonly path: string) {
    this.classes = new ClassRepo(db);
    this.learners = new LearnerRepo(db);
    this.periods = new PeriodRepo(db);
    this.sheets = new SheetRepo(db);
    this.config = new ConfigRepo(db);
    this.referentiels = new ReferentielRepo(db);
    this.bilansIntermediaires = new BilanIntermediaireRepo(db);
    this.tutors = new TutorRepo(db);
    this.portfolios = new PortfolioRepo(db);
    this.retention = new RetentionRepo(db);
    this.evaluations = new EvaluationRepo(db);
    this.visits = new VisitRepo(db);
    this.portal = new PortalRepo(db);
    this.learnerSpace = new LearnerSpaceRepo(db);
    this.attendance = new AttendanceRepo(db);
  }

  /** Told once when a write waits for another command's lock (the CLI prints it on stderr). */
  onLockWait?: (message: string) => void;

  /** Runs `fn` in one write transaction (write lock taken at BEGIN): everything or nothing is written. */
  transaction<T>(fn: () => T): T {
    return writeTransaction(this.db, this.path, fn, this.onLockWait);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export function openStore(path: string): Store {
  return new Store(openDb(path), path);
}
