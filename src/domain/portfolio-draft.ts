// The portfolio as the learner types it on the portal (a draft of strings, kept even when invalid), and its way
// into the one validation of portfolio files: the draft becomes the same tree a YAML file parses into, each value
// numbered so that an error's « line » names the form field it belongs to (importers/portfolio-draft-check.ts).
// One rule, two faces.
import type { CompanyPresentation, OrgNode, PortfolioAnnex, PortfolioContent } from './portfolio.js';

export const COMPANY_FIELDS = [
  'name', 'sector', 'activity', 'employees', 'maintenanceStaff', 'history', 'address', 'postalCode', 'city', 'phone',
  'latitude', 'longitude',
] as const satisfies ReadonlyArray<keyof CompanyPresentation>;
export type CompanyField = (typeof COMPANY_FIELDS)[number];

export const WORK_ORDER_FIELDS = ['date', 'sector', 'requester', 'machine', 'work', 'supplies', 'documentation'] as const;
export const REPORT_FIELDS = ['defects', 'causes', 'repairs', 'duration'] as const;

/** One box of the org chart, flat: `parent` is another node's id ('' at the top); siblings keep the list's order. */
export interface DraftOrgNode {
  id: string;
  parent: string;
  role: string;
  /** One name per line. */
  names: string;
}
export interface DraftWeek {
  number: number;
  from: string;
  to: string;
  activities: string;
  liked: string;
  succeeded: string;
}
export interface DraftActivity {
  title: string;
  selected: boolean;
  conditions: string;
  workOrder: Record<(typeof WORK_ORDER_FIELDS)[number], string>;
  report: Record<(typeof REPORT_FIELDS)[number], string>;
}
export interface PortfolioDraft {
  company: Record<CompanyField, string>;
  org: DraftOrgNode[];
  weeks: DraftWeek[];
  activities: DraftActivity[];
  /** Annexes as the content lists them (uploaded files by name, links); edited by uploads, not typed. */
  annexes: PortfolioAnnex[];
}

/** The weeks of a period, Monday to Friday, cut to its dates (ISO yyyy-mm-dd). */
export function weeksOfPeriod(start: string, end: string): Array<{ number: number; from: string; to: string }> {
  const out: Array<{ number: number; from: string; to: string }> = [];
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const s = day(start);
  const monday = new Date(s.getTime() - ((s.getUTCDay() + 6) % 7) * 86_400_000);
  for (let m = monday, n = 1; iso(m) <= end && n <= 60; m = new Date(m.getTime() + 7 * 86_400_000), n++) {
    const friday = iso(new Date(m.getTime() + 4 * 86_400_000));
    const from = iso(m) < start ? start : iso(m);
    const to = friday > end ? end : friday;
    if (from <= to) out.push({ number: out.length + 1, from, to });
  }
  return out;
}

const str = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const frDate = (iso: string | null) => (iso ? iso.split('-').reverse().join('/') : '');
const emptyWorkOrder = () => Object.fromEntries(WORK_ORDER_FIELDS.map((f) => [f, ''])) as DraftActivity['workOrder'];
const emptyReport = () => Object.fromEntries(REPORT_FIELDS.map((f) => [f, ''])) as DraftActivity['report'];
export const emptyActivity = (): DraftActivity => ({ title: '', selected: false, conditions: '', workOrder: emptyWorkOrder(), report: emptyReport() });

/**
 * The draft a learner starts from: the recorded content when there is one, else the liaison sheet's company;
 * each week of the period has its entry (weeks already written keep theirs).
 */
export function initialDraft(
  content: PortfolioContent | null,
  sheetCompany: { name: string | null; address: string | null; postalCode: string | null; city: string | null; sector: string | null; phone: string | null } | null,
  period: { start: string; end: string },
): PortfolioDraft {
  const c = content?.company;
  const company = Object.fromEntries(COMPANY_FIELDS.map((f) => [f, ''])) as Record<CompanyField, string>;
  if (c) for (const f of COMPANY_FIELDS) company[f] = str(c[f]);
  else if (sheetCompany) {
    for (const f of ['name', 'address', 'postalCode', 'city', 'sector', 'phone'] as const) company[f] = str(sheetCompany[f]);
  }
  const org: DraftOrgNode[] = [];
  const walk = (nodes: OrgNode[], parent: string) => {
    for (const n of nodes) {
      const id = String(org.length + 1);
      org.push({ id, parent, role: n.role, names: n.names.join('\n') });
      walk(n.children, id);
    }
  };
  walk(content?.orgChart ?? [], '');
  const written = new Map((content?.weeks ?? []).map((w) => [w.number, w]));
  const weeks: DraftWeek[] = weeksOfPeriod(period.start, period.end).map((w) => {
    const had = written.get(w.number);
    written.delete(w.number);
    return {
      number: w.number,
      from: frDate(had?.from ?? w.from),
      to: frDate(had?.to ?? w.to),
      activities: had?.activities ?? '',
      liked: had?.liked ?? '',
      succeeded: had?.succeeded ?? '',
    };
  });
  for (const w of written.values()) {
    weeks.push({ number: w.number, from: frDate(w.from), to: frDate(w.to), activities: w.activities, liked: str(w.liked), succeeded: str(w.succeeded) });
  }
  const activities: DraftActivity[] = (content?.activities ?? []).map((a) => ({
    title: a.title,
    selected: a.selected,
    conditions: str(a.conditions),
    workOrder: Object.fromEntries(WORK_ORDER_FIELDS.map((f) => [f, f === 'date' ? frDate(a.workOrder.date) : str(a.workOrder[f])])) as DraftActivity['workOrder'],
    report: Object.fromEntries(REPORT_FIELDS.map((f) => [f, str(a.report[f])])) as DraftActivity['report'],
  }));
  return { company, org, weeks, activities, annexes: content?.annexes ?? [] };
}

// ── org chart edits (no JavaScript: each is a button posting the form) ────────────────────────────────────

export type OrgEdit = { kind: 'add'; parent: string } | { kind: 'remove'; id: string } | { kind: 'up'; id: string };

export function nextOrgId(org: DraftOrgNode[]): string {
  return String(org.reduce((m, n) => Math.max(m, Number(n.id) || 0), 0) + 1);
}

/** The nodes under `id`, itself included. */
export function subtree(org: DraftOrgNode[], id: string): Set<string> {
  const out = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const n of org) if (out.has(n.parent) && !out.has(n.id)) (out.add(n.id), (grew = true));
  }
  return out;
}

export function editOrg(org: DraftOrgNode[], e: OrgEdit): DraftOrgNode[] {
  if (e.kind === 'add') {
    if (e.parent && !org.some((n) => n.id === e.parent)) return org;
    return [...org, { id: nextOrgId(org), parent: e.parent, role: '', names: '' }];
  }
  if (e.kind === 'remove') {
    const gone = subtree(org, e.id);
    return org.filter((n) => !gone.has(n.id));
  }
  const i = org.findIndex((n) => n.id === e.id);
  if (i < 0) return org;
  const j = org.slice(0, i).map((n, k) => [n, k] as const).filter(([n]) => n.parent === org[i].parent).pop()?.[1];
  if (j === undefined) return org;
  const out = [...org];
  [out[j], out[i]] = [out[i], out[j]];
  return out;
}

/** A move that would put a node under itself or its own descendants: refused with this French message. */
export function orgMoveError(org: DraftOrgNode[], id: string, parent: string): string | null {
  if (!parent) return null;
  if (!org.some((n) => n.id === parent)) return 'ce poste de rattachement n\'existe plus';
  return subtree(org, id).has(parent) ? 'une case ne peut pas être rattachée à elle-même ni à une case qui dépend d\'elle' : null;
}

/** Depth of each node (1 at the top), for indenting the page. */
export function orgDepths(org: DraftOrgNode[]): Map<string, number> {
  const byId = new Map(org.map((n) => [n.id, n]));
  const depth = new Map<string, number>();
  const of = (n: DraftOrgNode, guard = 0): number => {
    if (depth.has(n.id)) return depth.get(n.id)!;
    const p = n.parent ? byId.get(n.parent) : undefined;
    const d = p && guard < 50 ? of(p, guard + 1) + 1 : 1;
    depth.set(n.id, d);
    return d;
  };
  org.forEach((n) => of(n));
  return depth;
}

/** Nodes in tree order (parents before children, siblings in list order), for display. */
export function orgInTreeOrder(org: DraftOrgNode[]): DraftOrgNode[] {
  const out: DraftOrgNode[] = [];
  const walk = (parent: string) => {
    for (const n of org.filter((x) => x.parent === parent)) (out.push(n), walk(n.id));
  };
  walk('');
  return out;
}
