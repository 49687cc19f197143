// The store: one open database and its repositories. The only module family that holds SQL.
import { openDb, type DB, type OpenOptions } from './db.js';
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

  /** The store as the user named it (a file path, or a PostgreSQL URL with its password masked). */
  readonly path: string;

  constructor(readonly db: DB) {
    this.path = db.label;
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

  /** Which engine holds the store: services never ask, the CLI tells the user. */
  get engine(): DB['kind'] {
    return this.db.kind;
  }

  /** Told once when a write waits for another command's lock (the CLI prints it on stderr). */
  set onLockWait(fn: ((message: string) => void) | undefined) {
    this.db.onLockWait = fn;
  }

  /**
   * Runs `fn` in one write transaction (writers take turns from its start): everything or nothing is written.
   * Every repository call made inside `fn` joins it.
   */
  transaction<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.db.transaction(async () => fn());
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/** Opens the store named by `target`: a SQLite file path, or a postgres:// URL. */
export async function openStore(target: string, opts: OpenOptions = {}): Promise<Store> {
  return new Store(await openDb(target, opts));
}
