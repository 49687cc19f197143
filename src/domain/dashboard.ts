// The learner's dashboard: every evaluation in chronological order of meeting date, across periods; per
// competency and per attitude the latest answer and its history; engagement over time.
import type { Period } from './model.js';
import type { PeriodKind } from './period-kinds.js';
import type { Referentiel } from './referentiel.js';
import { evaluationItems, type Evaluation, type EvaluationType, type Level } from './evaluation.js';

export interface DashboardEvaluation {
  periodId: number;
  period: string;
  kind: PeriodKind;
  className: string;
  type: EvaluationType;
  meetingDate: string;
  engagement: number | null;
  tasksDone: string[];
  comment: string | null;
  /** Whether a bilan intermédiaire has been held since: the evaluation can no longer change. */
  locked: boolean;
}

export interface HistoryPoint {
  /** Index into `evaluations`. */
  evaluation: number;
  period: string;
  meetingDate: string;
  level: Level;
}

export interface DashboardRow {
  code: string;
  title: string;
  /** The competency of a sub-competency, else null. */
  parent: string | null;
  /**
   * The most recent answer that is a level (4 to 0); NE only when the item was never evaluated otherwise, since a
   * later "non évaluable" says that the competency was not mobilised, not that the level was lost.
   */
  latest: HistoryPoint | null;
  history: HistoryPoint[];
}

export interface Dashboard {
  learner: { id: number; lastName: string; firstName: string; className: string; ine: string | null };
  evaluations: DashboardEvaluation[];
  competencies: DashboardRow[];
  attitudes: DashboardRow[];
  engagement: Array<{ evaluation: number; period: string; meetingDate: string; value: number }>;
  /** The learner's periods that have no evaluation yet. */
  periodsWithoutEvaluation: string[];
}

export interface DashboardSource {
  period: Period;
  referentiel: Referentiel;
  evaluations: Evaluation[];
  /** Latest bilan intermédiaire of the period's class, for the lock mark. */
  latestBilanIntermediaire: string | null;
}

const TYPE_ORDER: Record<EvaluationType, number> = { attitudes: 0, entreprise: 1, E31: 2, E33: 3 }; // certificative grids are not read by the dashboard (store.evaluations.ofLearner)

/**
 * Builds the dashboard. Evaluations are ordered by meeting date, then by period start, then period number, then
 * attitudes before the bilan entreprise. Rows follow the référentiels in that same order: an item that only an
 * older référentiel knew still shows its history.
 */
export function buildDashboard(learner: Dashboard['learner'], sources: DashboardSource[]): Dashboard {
  const flat = sources.flatMap((s) => s.evaluations.map((e) => ({ s, e })));
  flat.sort(
    (a, b) =>
      a.e.meetingDate.localeCompare(b.e.meetingDate) ||
      a.s.period.start.localeCompare(b.s.period.start) ||
      a.s.period.id - b.s.period.id ||
      TYPE_ORDER[a.e.type] - TYPE_ORDER[b.e.type],
  );
  const evaluations: DashboardEvaluation[] = flat.map(({ s, e }) => ({
    periodId: s.period.id,
    period: s.period.name,
    kind: s.period.kind,
    className: s.period.className,
    type: e.type,
    meetingDate: e.meetingDate,
    engagement: e.engagement,
    tasksDone: e.tasksDone,
    comment: e.comment,
    locked: s.latestBilanIntermediaire !== null && e.meetingDate < s.latestBilanIntermediaire,
  }));

  const rowsOf = (type: EvaluationType): DashboardRow[] => {
    const rows = new Map<string, DashboardRow>();
    // Référentiels in chronological order of their periods, so that the latest title of a code wins.
    const refs = [...sources].sort((a, b) => a.period.start.localeCompare(b.period.start) || a.period.id - b.period.id);
    for (const s of refs) {
      for (const item of evaluationItems(s.referentiel, type)) {
        const row = rows.get(item.code);
        if (row) row.title = item.title;
        else rows.set(item.code, { code: item.code, title: item.title, parent: item.parent, latest: null, history: [] });
      }
    }
    flat.forEach(({ s, e }, index) => {
      if (e.type !== type) return;
      for (const [code, level] of Object.entries(e.levels)) {
        let row = rows.get(code);
        if (!row) {
          row = { code, title: '(absent du référentiel)', parent: null, latest: null, history: [] };
          rows.set(code, row);
        }
        row.history.push({ evaluation: index, period: s.period.name, meetingDate: e.meetingDate, level });
      }
    });
    for (const row of rows.values()) {
      const levels = row.history.filter((h) => h.level !== 'NE');
      row.latest = levels[levels.length - 1] ?? row.history[row.history.length - 1] ?? null;
    }
    return [...rows.values()];
  };

  const engagement = flat.flatMap(({ s, e }, index) =>
    e.engagement === null ? [] : [{ evaluation: index, period: s.period.name, meetingDate: e.meetingDate, value: e.engagement }],
  );
  const periodsWithoutEvaluation = sources
    .filter((s) => s.evaluations.length === 0)
    .sort((a, b) => a.period.start.localeCompare(b.period.start) || a.period.id - b.period.id)
    .map((s) => s.period.name);
  return { learner, evaluations, competencies: rowsOf('entreprise'), attitudes: rowsOf('attitudes'), engagement, periodsWithoutEvaluation };
}

/** The evaluations of one type, as the dashboard's table columns: [index into evaluations, evaluation]. */
export function columnsOf(d: Dashboard, type: EvaluationType): Array<[number, DashboardEvaluation]> {
  return d.evaluations.flatMap((e, i) => (e.type === type ? [[i, e] as [number, DashboardEvaluation]] : []));
}
