// End-of-term export: what the store holds on a period or a class, one subject per table (learners, liaison
// sheets, tutors, evaluations, bilans personnels, portfolios, attendance), read through the repositories as plain rows.
import { UsageError, UserError } from '../../domain/errors.js';
import { effectiveObjectives, effectiveTasks, isIndividualised, type Learner, type Period } from '../../domain/model.js';
import { portfolioCounts } from '../../domain/portfolio.js';
import { TYPE_LABELS, EVALUATION_TYPES } from '../../domain/evaluation.js';
import type { Store } from '../../store/store.js';
import { resolvePeriod } from '../shared/resolve.js';
import { listTutors } from '../access/tutors.js';
import { safeFileName } from '../../domain/filenames.js';
import { uniqueFileName } from '../../domain/annex-files.js';
import { portfolioToYaml } from '../../importers/portfolio.js';
import { periodAttendance } from '../attendance/attendance.js';
import { shortFrenchDate } from '../../domain/dates.js';

export type Cell = string | number | boolean | null | string[];

export interface Column {
  key: string;
  /** Header of the CSV column, in French. */
  label: string;
  /** How a list is joined into one CSV cell (line breaks by default). */
  join?: string;
  /** An ISO instant: the CSV shows it as local « aaaa-mm-jj hh:mm », which spreadsheets read as a date. */
  instant?: boolean;
  /** A decimal number: the CSV writes it with a decimal comma (« 18,5 »), as French spreadsheets read it. */
  decimal?: boolean;
}

export interface Subject {
  /** Key of the subject in the JSON document. */
  id: string;
  /** CSV file name. */
  file: string;
  title: string;
  columns: Column[];
  rows: Array<Record<string, Cell>>;
}

export interface ExportScope {
  kind: 'period' | 'class';
  class: string;
  /** The period's name, for a period export. */
  period: string | null;
  periods: Array<{ id: number; name: string; kind: string; start: string; end: string }>;
}

export interface TermExport {
  scope: ExportScope;
  generatedAt: string;
  subjects: Subject[];
  /**
   * Whole files the zip carries beside the CSV: each portfolio in its file format (YAML) and the annexes the
   * learner uploaded, byte for byte, under portfolios/<période>/.
   */
  files: Array<{ name: string; content: Buffer }>;
}

const col = (key: string, label: string, join?: string): Column => ({ key, label, ...(join ? { join } : {}) });
const instant = (key: string, label: string): Column => ({ key, label, instant: true });
const decimal = (key: string, label: string): Column => ({ key, label, decimal: true });

/** The periods an export covers: one, or every period of a class. */
export async function exportScope(store: Store, opts: { period?: string; class?: string }): Promise<{ scope: ExportScope; periods: Period[] }> {
  if (!!opts.period === !!opts.class) throw new UsageError('indiquez --period <période> ou --class <classe> (l\'un des deux)');
  let periods: Period[];
  let className: string;
  if (opts.period) {
    const p = await resolvePeriod(store, opts.period);
    periods = [p];
    className = p.className;
  } else {
    const cls = await store.classes.find(opts.class!.trim());
    if (!cls) throw new UserError(`classe inconnue : « ${opts.class} » (voir « cpro periods list »)`);
    periods = (await store.periods.list()).filter((p) => p.classId === cls.id);
    className = cls.name;
  }
  return {
    periods,
    scope: {
      kind: opts.period ? 'period' : 'class',
      class: className,
      period: opts.period ? periods[0].name : null,
      periods: periods.map((p) => ({ id: p.id, name: p.name, kind: p.kind, start: p.start, end: p.end })),
    },
  };
}

const who = (l: Learner) => ({ lastName: l.lastName, firstName: l.firstName, ine: l.ine });
const WHO_COLUMNS = [col('lastName', 'Nom'), col('firstName', 'Prénom'), col('ine', 'INE')];

async function learnersSubject(store: Store, scope: ExportScope, periods: Period[]): Promise<Subject> {
  const byId = new Map<number, { learner: Learner; periods: string[] }>();
  if (scope.kind === 'class') {
    const cls = (await store.classes.find(scope.class))!;
    for (const l of await store.learners.inClass(cls.id)) byId.set(l.id, { learner: l, periods: [] });
  }
  for (const p of periods) {
    for (const l of await store.learners.inPeriod(p.id)) {
      const entry = byId.get(l.id) ?? { learner: l, periods: [] };
      entry.periods.push(p.name);
      byId.set(l.id, entry);
    }
  }
  const rows = [...byId.values()]
    .sort((a, b) => a.learner.lastName.localeCompare(b.learner.lastName, 'fr') || a.learner.firstName.localeCompare(b.learner.firstName, 'fr'))
    .map(({ learner: l, periods: ps }) => ({
      ...who(l),
      class: l.className,
      birthDate: l.birthDate,
      email: l.email,
      status: l.status,
      periods: ps,
    }));
  return {
    id: 'learners',
    file: 'apprenants.csv',
    title: 'Apprenants',
    columns: [...WHO_COLUMNS, col('class', 'Classe'), col('birthDate', 'Date de naissance'), col('email', 'Courriel'), col('status', 'Statut'), col('periods', 'Périodes', ' | ')],
    rows,
  };
}

async function sheetsSubject(store: Store, periods: Period[]): Promise<Subject> {
  const rows: Subject['rows'] = [];
  for (const p of periods) {
    const learners = new Map((await store.learners.inPeriod(p.id)).map((l) => [l.id, l]));
    for (const s of await store.sheets.inPeriod(p.id)) {
      const l = learners.get(s.learnerId)!;
      rows.push({
        period: p.name,
        ...who(l),
        companyName: s.company.name,
        companyAddress: s.company.address,
        companyPostalCode: s.company.postalCode,
        companyCity: s.company.city,
        companySector: s.company.sector,
        companyPhone: s.company.phone,
        tutorLastName: s.tutor.lastName,
        tutorFirstName: s.tutor.firstName,
        tutorPhone: s.tutor.phone,
        tutorEmail: s.tutor.email,
        tutorRole: s.tutor.role,
        objectives: effectiveObjectives(s, p),
        tasks: effectiveTasks(s, p),
        individualised: isIndividualised(s),
        updatedAt: s.updatedAt,
      });
    }
  }
  return {
    id: 'liaisonSheets',
    file: 'fiches-de-liaison.csv',
    title: 'Fiches de liaison entreprise',
    columns: [
      col('period', 'Période'), ...WHO_COLUMNS, col('companyName', 'Raison sociale'), col('companyAddress', 'Adresse'),
      col('companyPostalCode', 'Code postal'), col('companyCity', 'Ville'), col('companySector', "Secteur d'activité"),
      col('companyPhone', 'Téléphone entreprise'), col('tutorLastName', 'Nom du tuteur'), col('tutorFirstName', 'Prénom du tuteur'),
      col('tutorPhone', 'Téléphone du tuteur'), col('tutorEmail', 'Courriel du tuteur'), col('tutorRole', 'Fonction du tuteur'),
      col('objectives', 'Objectifs'), col('tasks', 'Tâches', ', '), col('individualised', 'Individualisée'), instant('updatedAt', 'Mise à jour'),
    ],
    rows,
  };
}

/** Tutors as `cpro tutors list` shows them: identity and access state, never a token nor its hash. */
async function tutorsSubject(store: Store, periods: Period[], now: Date): Promise<Subject> {
  const rows: Subject['rows'] = [];
  for (const p of periods) {
    const ines = new Map((await store.learners.inPeriod(p.id)).map((l) => [l.id, l.ine]));
    for (const t of (await listTutors(store, String(p.id), now)).tutors) {
      rows.push({
        period: p.name,
        lastName: t.learner.lastName,
        firstName: t.learner.firstName,
        ine: ines.get(t.learner.id) ?? null,
        role: t.role,
        tutorLastName: t.tutor?.lastName ?? null,
        tutorFirstName: t.tutor?.firstName ?? null,
        tutorEmail: t.tutor?.email ?? null,
        company: t.company,
        access: t.state.label,
        invitedAt: t.state.invitedAt ?? null,
        expiresAt: t.state.expiresAt ?? null,
      });
    }
  }
  return {
    id: 'tutors',
    file: 'tuteurs.csv',
    title: 'Tuteurs',
    columns: [
      col('period', 'Période'), ...WHO_COLUMNS, col('role', 'Rôle'), col('tutorLastName', 'Nom du tuteur'),
      col('tutorFirstName', 'Prénom du tuteur'), col('tutorEmail', 'Courriel du tuteur'), col('company', 'Entreprise'),
      col('access', 'Accès'), instant('invitedAt', 'Lien envoyé le'), instant('expiresAt', 'Lien valable jusqu’au'),
    ],
    rows,
  };
}

async function evaluationSubjects(store: Store, periods: Period[]): Promise<Subject[]> {
  const evaluations: Subject['rows'] = [];
  const levels: Subject['rows'] = [];
  const bilans: Subject['rows'] = [];
  for (const p of periods) {
    const byAssignment = new Map((await store.periods.assignments(p.id)).map((a) => [a.id, a.learnerId]));
    const learners = new Map((await store.learners.inPeriod(p.id)).map((l) => [l.id, l]));
    const learnerOf = (assignmentId: number) => learners.get(byAssignment.get(assignmentId)!)!;
    for (const type of EVALUATION_TYPES) {
      for (const e of await store.evaluations.inPeriod(p.id, type)) {
        const l = learnerOf(e.assignmentId);
        evaluations.push({
          period: p.name, ...who(l), type: TYPE_LABELS[type], meetingDate: e.meetingDate, tasksDone: e.tasksDone,
          engagement: e.engagement, answers: Object.keys(e.levels).length, comment: e.comment, updatedAt: e.updatedAt,
        });
        for (const [code, level] of Object.entries(e.levels).sort(([a], [b]) => a.localeCompare(b, 'fr', { numeric: true }))) {
          levels.push({ period: p.name, ...who(l), type: TYPE_LABELS[type], code, level, mode: e.modes[code] ?? null });
        }
      }
    }
    for (const b of await store.evaluations.bilansPersonnelsInPeriod(p.id)) {
      const l = learnerOf(b.assignmentId);
      bilans.push({ period: p.name, ...who(l), strengths: b.strengths, improvements: b.improvements, perspectives: b.perspectives, updatedAt: b.updatedAt });
    }
  }
  const head = [col('period', 'Période'), ...WHO_COLUMNS];
  return [
    {
      id: 'evaluations',
      file: 'evaluations.csv',
      title: 'Évaluations',
      columns: [
        ...head, col('type', 'Bilan'), col('meetingDate', 'Date de la rencontre'), col('tasksDone', 'Tâches réalisées', ', '),
        col('engagement', 'Engagement (1 à 4)'), col('answers', 'Réponses'), col('comment', 'Commentaire'), instant('updatedAt', 'Mise à jour'),
      ],
      rows: evaluations,
    },
    {
      id: 'evaluationLevels',
      file: 'evaluations-niveaux.csv',
      title: 'Évaluations — niveaux par compétence',
      columns: [...head, col('type', 'Bilan'), col('code', 'Code'), col('level', 'Niveau'), col('mode', 'Mode')],
      rows: levels,
    },
    {
      id: 'bilansPersonnels',
      file: 'bilans-personnels.csv',
      title: 'Bilans personnels',
      columns: [
        ...head, col('strengths', 'Points forts'), col('improvements', 'Axes de progrès'), col('perspectives', 'Perspectives'),
        instant('updatedAt', 'Mise à jour'),
      ],
      rows: bilans,
    },
  ];
}

async function portfolioSubjects(store: Store, periods: Period[]): Promise<Subject[]> {
  const portfolios: Subject['rows'] = [];
  const comments: Subject['rows'] = [];
  for (const p of periods) {
    const learners = new Map((await store.learners.inPeriod(p.id)).map((l) => [l.id, l]));
    const learnerOfPortfolio = new Map<number, Learner>();
    for (const pf of await store.portfolios.inPeriod(p.id)) {
      const l = learners.get(pf.learnerId)!;
      learnerOfPortfolio.set(pf.id, l);
      const c = portfolioCounts(pf.content);
      portfolios.push({
        period: p.name, ...who(l), company: pf.content.company.name, weeks: c.weeks, activities: c.activities,
        selected: c.selected, annexes: c.annexes, sourceFile: pf.sourceFile, updatedAt: pf.updatedAt,
      });
    }
    for (const cm of await store.portfolios.commentsInPeriod(p.id)) {
      const l = learnerOfPortfolio.get(cm.portfolioId)!;
      comments.push({ period: p.name, ...who(l), createdAt: cm.createdAt, author: cm.author, text: cm.text });
    }
  }
  const head = [col('period', 'Période'), ...WHO_COLUMNS];
  return [
    {
      id: 'portfolios',
      file: 'portfolios.csv',
      title: 'Portfolios',
      columns: [
        ...head, col('company', 'Entreprise'), col('weeks', 'Semaines'), col('activities', 'Activités de maintenance'),
        col('selected', 'Sélectionnées pour l’export'), col('annexes', 'Annexes'), col('sourceFile', 'Fichier'), instant('updatedAt', 'Mise à jour'),
      ],
      rows: portfolios,
    },
    {
      id: 'portfolioComments',
      file: 'portfolios-commentaires.csv',
      title: 'Commentaires des portfolios',
      columns: [...head, instant('createdAt', 'Date'), col('author', 'Auteur'), col('text', 'Commentaire')],
      rows: comments,
    },
  ];
}

/** Attendance as `cpro attendance show` computes it: per learner and period, days, hours, confirmation, gratification. */
async function attendanceSubject(store: Store, periods: Period[]): Promise<Subject> {
  const rows: Subject['rows'] = [];
  for (const p of periods) {
    for (const a of (await periodAttendance(store, p)).learners) {
      rows.push({
        period: p.name,
        lastName: a.learner.lastName,
        firstName: a.learner.firstName,
        ine: a.learner.ine,
        daysPlanned: a.daysPlanned,
        daysDone: a.daysDone,
        hours: a.hours,
        dailyHours: a.dailyHours,
        absences: a.absences.map((x) => `${shortFrenchDate(x.date)} ${x.length}${x.reason ? ` (${x.reason})` : ''}`),
        confirmed: a.confirmed,
        confirmedBy: a.confirmedBy,
        confirmedAt: a.confirmedAt,
        gratificationHours: a.gratification.cumulatedHours,
        gratificationDue: a.gratification.due,
      });
    }
  }
  return {
    id: 'attendance',
    file: 'presence.csv',
    title: 'Présence',
    columns: [
      col('period', 'Période'), ...WHO_COLUMNS, col('daysPlanned', 'Jours prévus'), decimal('daysDone', 'Jours effectués'),
      decimal('hours', 'Heures effectuées'), decimal('dailyHours', 'Heures par jour'), col('absences', 'Absences', ', '),
      col('confirmed', 'Présence confirmée'), col('confirmedBy', 'Confirmée par'), instant('confirmedAt', 'Confirmée le'),
      decimal('gratificationHours', "Heures cumulées chez l'organisme (année scolaire)"), col('gratificationDue', 'Gratification due'),
    ],
    rows,
  };
}

async function portfolioFiles(store: Store, periods: Period[]): Promise<TermExport['files']> {
  const out: TermExport['files'] = [];
  for (const p of periods) {
    const dir = `portfolios/${safeFileName(p.name)}`;
    const learners = new Map((await store.learners.inPeriod(p.id)).map((l) => [l.id, l]));
    for (const pf of await store.portfolios.inPeriod(p.id)) {
      const l = learners.get(pf.learnerId)!;
      const base = safeFileName(`${l.lastName} ${l.firstName}`);
      out.push({ name: `${dir}/${base}.yaml`, content: Buffer.from(portfolioToYaml(pf.content, l, p.name), 'utf8') });
    }
    for (const l of learners.values()) {
      const assignmentId = (await store.periods.assignmentId(p.id, l.id))!;
      const taken = new Set<string>();
      for (const a of await store.learnerSpace.annexes(assignmentId)) {
        const x = (await store.learnerSpace.annex(assignmentId, a.id))!;
        const name = uniqueFileName(safeFileName(a.fileName), taken);
        out.push({ name: `${dir}/${safeFileName(`${l.lastName} ${l.firstName}`)} - annexes/${name}`, content: x.content });
      }
    }
  }
  return out;
}

export async function collectTermExport(store: Store, opts: { period?: string; class?: string }, now: Date = new Date()): Promise<TermExport> {
  const { scope, periods } = await exportScope(store, opts);
  return {
    scope,
    generatedAt: now.toISOString(),
    subjects: [
      await learnersSubject(store, scope, periods),
      await sheetsSubject(store, periods),
      await tutorsSubject(store, periods, now),
      ...(await evaluationSubjects(store, periods)),
      ...(await portfolioSubjects(store, periods)),
      await attendanceSubject(store, periods),
    ],
    files: await portfolioFiles(store, periods),
  };
}
