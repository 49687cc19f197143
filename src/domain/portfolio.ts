// A learner's portfolio of one period: its content and the rules on it (counts, weeks within the period, what is
// exported). Reading a portfolio file into this content is importers/portfolio-check.ts.

// ── Content ───────────────────────────────────────────────────────────────────────────────────────────────

export interface CompanyPresentation {
  name: string | null;
  sector: string | null;
  activity: string | null;
  employees: number | null;
  maintenanceStaff: number | null;
  history: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  phone: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** One box of the org chart: a role, the people holding it, and the roles under it. */
export interface OrgNode {
  role: string;
  names: string[];
  children: OrgNode[];
}

export interface WeekEntry {
  number: number;
  /** ISO dates, when the learner gave them. */
  from: string | null;
  to: string | null;
  activities: string;
  /** Self-evaluation: ce que j'ai aimé, ce que j'ai réussi. */
  liked: string | null;
  succeeded: string | null;
}

export interface WorkOrder {
  date: string | null;
  sector: string | null;
  requester: string | null;
  machine: string | null;
  work: string | null;
  supplies: string | null;
  documentation: string | null;
}

export interface InterventionReport {
  defects: string | null;
  causes: string | null;
  repairs: string | null;
  duration: string | null;
}

export interface MaintenanceActivity {
  title: string;
  /** Chosen by the learner for the editable export. */
  selected: boolean;
  conditions: string | null;
  workOrder: WorkOrder;
  report: InterventionReport;
}

export interface PortfolioAnnex {
  kind: 'fichier' | 'lien';
  /** A file name, or an http(s) address. */
  target: string;
  title: string | null;
}

/** What the learner wrote; teachers never change it, they comment beside it. */
export interface PortfolioContent {
  company: CompanyPresentation;
  orgChart: OrgNode[];
  weeks: WeekEntry[];
  activities: MaintenanceActivity[];
  annexes: PortfolioAnnex[];
}

/** How the file names its learner: by INE, or by nom and prénom. */
export interface LearnerRef {
  ine: string | null;
  lastName: string | null;
  firstName: string | null;
  line: number;
}

export interface ParsedPortfolio {
  learner: LearnerRef;
  /** The period named in the file, if any, to be checked against the one the teacher imports into. */
  period: { name: string; line: number } | null;
  content: PortfolioContent;
}

export interface PortfolioCounts {
  weeks: number;
  activities: number;
  selected: number;
  annexes: number;
  orgChartRoles: number;
}

export function portfolioCounts(c: PortfolioContent): PortfolioCounts {
  const count = (nodes: OrgNode[]): number => nodes.reduce((n, x) => n + 1 + count(x.children), 0);
  return {
    weeks: c.weeks.length,
    activities: c.activities.length,
    selected: c.activities.filter((a) => a.selected).length,
    annexes: c.annexes.length,
    orgChartRoles: count(c.orgChart),
  };
}

/** What replacing portfolio `a` by `b` would change, section by section, in French (empty: nothing). */
export function portfolioDifferences(a: PortfolioContent, b: PortfolioContent): string[] {
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  const out: string[] = [];
  if (!same(a.company, b.company)) out.push("la présentation de l'entreprise");
  if (!same(a.orgChart, b.orgChart)) out.push("l'organigramme");
  const weeks = new Set([...a.weeks, ...b.weeks].map((w) => w.number));
  const changed = [...weeks].filter((n) => !same(a.weeks.find((w) => w.number === n), b.weeks.find((w) => w.number === n))).sort((x, y) => x - y);
  if (changed.length) out.push(`${changed.length > 1 ? 'les semaines' : 'la semaine'} ${changed.join(', ')}`);
  if (!same(a.activities, b.activities)) out.push(`les activités (${a.activities.length} sur le portail, ${b.activities.length} dans le fichier)`);
  if (!same(a.annexes, b.annexes)) out.push('la liste des annexes');
  return out;
}

/** The activities an export prints: the selected ones, or all with `all`. */
export function activitiesForExport(c: PortfolioContent, all: boolean): MaintenanceActivity[] {
  return all ? c.activities : c.activities.filter((a) => a.selected);
}

/** Week entries whose dates fall outside the period, as French warnings. */
export function weeksOutsidePeriod(c: PortfolioContent, start: string, end: string): string[] {
  const out: string[] = [];
  for (const w of c.weeks) {
    for (const d of [w.from, w.to]) {
      if (d && (d < start || d > end)) {
        out.push(`semaine ${w.number} : la date ${d.split('-').reverse().join('/')} est hors de la période`);
        break;
      }
    }
  }
  return out;
}


// ── Stored ────────────────────────────────────────────────────────────────────────────────────────────────

/** A portfolio as the store keeps it: the learner's content of one assignment (learner × period). */
export interface StoredPortfolio {
  id: number;
  assignmentId: number;
  periodId: number;
  learnerId: number;
  content: PortfolioContent;
  /** SHA-256 of the content's JSON: importing the same file again changes nothing. */
  contentHash: string;
  /** Base name of the file imported last. */
  sourceFile: string;
  /** ISO instants: first import, and last import that changed the content. */
  importedAt: string;
  updatedAt: string;
}

/** A teacher's comment beside the portfolio: dated, signed, never merged into the learner's content. */
export interface PortfolioComment {
  id: number;
  portfolioId: number;
  author: string;
  text: string;
  createdAt: string;
  /** The teacher's (CLI) or the tutor's (portal); absent means the teacher's. */
  authorRole?: 'tuteur' | 'enseignant';
}
