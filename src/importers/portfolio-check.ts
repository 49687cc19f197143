// Checking a portfolio file: the parsed YAML tree (FileNode) against the keys a learner may write, with their
// French spellings (alias table), into the domain's PortfolioContent; every problem with its line. The rules on
// a portfolio's content (counts, weeks within the period, what is exported) stay in domain/portfolio.ts.
import type { DataError } from '../domain/errors.js';
import { parseDate } from '../domain/dates.js';
import type { CompanyPresentation, OrgNode, WeekEntry, MaintenanceActivity, PortfolioAnnex, PortfolioContent, LearnerRef, ParsedPortfolio } from '../domain/portfolio.js';
import { cleanText, matchKey } from '../domain/text.js';
import { normaliseIne } from '../domain/validation.js';

// ── Parsed file tree ──────────────────────────────────────────────────────────────────────────────────────

/** A portfolio file once parsed, independent of the parser: every node knows its line. */
export type FileNode = MapNode | SeqNode | ScalarNode;
export interface MapNode {
  type: 'map';
  line: number;
  entries: Array<{ key: string; line: number; value: FileNode }>;
}
export interface SeqNode {
  type: 'seq';
  line: number;
  items: FileNode[];
}
export interface ScalarNode {
  type: 'scalar';
  line: number;
  value: string | number | boolean | null;
}

// ── Keys a learner may write ──────────────────────────────────────────────────────────────────────────────

/** A key as documented (first spelling) and the other spellings accepted, compared by matchKey. */
type KeySpec = readonly [string, ...string[]];

const K = {
  root: {
    learner: ['apprenant', 'élève', 'apprenti', 'apprentie'],
    period: ['période', 'pfmp'],
    company: ['entreprise', "présentation de l'entreprise"],
    orgChart: ['organigramme'],
    weeks: ['semaines', 'activités hebdomadaires'],
    activities: ['activités', 'activités de maintenance'],
    annexes: ['annexes'],
  },
  learner: {
    ine: ['ine', 'numéro ine'],
    lastName: ['nom'],
    firstName: ['prénom'],
    className: ['classe'],
  },
  company: {
    name: ['raison sociale', 'nom', "nom de l'entreprise"],
    sector: ["secteur d'activité", 'secteur'],
    activity: ['activité', "activité de l'entreprise", "activités de l'entreprise"],
    employees: ["nombre d'employés", 'employés', 'effectif'],
    maintenanceStaff: ['personnes au service maintenance', 'service maintenance', 'nombre de personnes dans le service maintenance'],
    history: ['historique', "historique de l'entreprise"],
    address: ['adresse'],
    postalCode: ['code postal'],
    city: ['ville'],
    phone: ['téléphone', 'tél'],
    latitude: ['latitude'],
    longitude: ['longitude'],
  },
  org: {
    role: ['rôle', 'fonction', 'poste', 'service'],
    names: ['nom', 'noms', 'personne', 'personnes'],
    children: ['équipe', 'sous', 'rattachés'],
  },
  week: {
    number: ['semaine', 'numéro'],
    from: ['du', 'début'],
    to: ['au', 'fin'],
    activities: ['activités', "ce que j'ai fait"],
    liked: ["j'ai aimé", "ce que j'ai aimé"],
    succeeded: ["j'ai réussi", "ce que j'ai réussi"],
  },
  activity: {
    title: ['titre', "titre de l'activité"],
    selected: ['exporter', 'sélectionnée', 'export'],
    conditions: ['conditions', 'conditions de réalisation'],
    workOrder: ['bon de travail'],
    report: ["rapport d'intervention"],
  },
  workOrder: {
    date: ['date'],
    sector: ['secteur'],
    requester: ['demandeur'],
    machine: ['machine'],
    work: ['nature du travail', 'nature du travail à réaliser', 'travail à réaliser'],
    supplies: ['fournitures'],
    documentation: ['documentation'],
  },
  report: {
    defects: ['défauts constatés', 'défauts'],
    causes: ['causes', 'cause'],
    repairs: ['réparations effectuées', 'réparations'],
    duration: ['durée', "durée de l'intervention"],
  },
  annex: {
    file: ['fichier', 'document'],
    link: ['lien', 'adresse web', 'url'],
    title: ['titre', 'description'],
  },
} as const satisfies Record<string, Record<string, KeySpec>>;

// ── Validation ────────────────────────────────────────────────────────────────────────────────────────────

class Checker {
  readonly errors: DataError[] = [];
  constructor(private file: string | undefined) {}
  error(line: number, message: string): void {
    this.errors.push({ ...(this.file ? { file: this.file } : {}), line, message });
  }
}

type Fields<S extends Record<string, KeySpec>> = Partial<Record<keyof S, { node: FileNode; line: number }>>;

const kindName = (n: FileNode) => (n.type === 'map' ? 'une liste de clés' : n.type === 'seq' ? 'une liste' : 'un texte');

/**
 * The entries of a map, by field: an unknown key is an error naming the accepted ones, and two spellings of
 * the same field (« activité » and « activite ») are a duplicate.
 */
function fieldsOf<S extends Record<string, KeySpec>>(ck: Checker, node: MapNode, spec: S, where: string): Fields<S> {
  const byKey = new Map<string, keyof S>();
  for (const [field, spellings] of Object.entries(spec)) for (const s of spellings) byKey.set(matchKey(s), field);
  const out: Fields<S> = {};
  for (const e of node.entries) {
    const field = byKey.get(matchKey(e.key));
    if (field === undefined) {
      const known = Object.values(spec).map((s) => `« ${s[0]} »`).join(', ');
      ck.error(e.line, `clé inconnue « ${e.key} »${where ? ` dans « ${where} »` : ''} ; clés possibles : ${known}`);
      continue;
    }
    const seen = out[field];
    if (seen) {
      ck.error(e.line, `« ${e.key} » est donné deux fois${where ? ` dans « ${where} »` : ''} (déjà à la ligne ${seen.line})`);
      continue;
    }
    out[field] = { node: e.value, line: e.line };
  }
  return out;
}

const isEmpty = (n: FileNode | undefined) =>
  !n || (n.type === 'scalar' && (n.value === null || String(n.value).trim() === ''));

/** Text: a scalar, or a list of lines joined by line breaks; empty → null. */
function text(ck: Checker, n: FileNode | undefined, label: string): string | null {
  if (!n || isEmpty(n)) return null;
  if (n.type === 'scalar') return cleanBlock(String(n.value));
  if (n.type === 'seq' && n.items.every((i) => i.type === 'scalar')) {
    const lines = n.items.map((i) => cleanBlock(String((i as ScalarNode).value ?? ''))).filter((s) => s);
    return lines.length ? lines.join('\n') : null;
  }
  ck.error(n.line, `« ${label} » : attendu un texte (ou une liste de lignes), trouvé ${kindName(n)}`);
  return null;
}

/** Keeps line breaks (a block scalar is several lines on purpose) but trims each line's end and the whole. */
function cleanBlock(s: string): string {
  return s
    .normalize('NFC')
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A one-line text (names, titles): inner whitespace collapsed. */
function line(ck: Checker, n: FileNode | undefined, label: string): string | null {
  const t = text(ck, n, label);
  return t === null ? null : cleanText(t);
}

function count(ck: Checker, n: FileNode | undefined, label: string): number | null {
  if (!n || isEmpty(n)) return null;
  const raw = n.type === 'scalar' ? String(n.value).trim().replace(/\s+/g, '') : '';
  if (n.type !== 'scalar' || !/^\d{1,7}$/.test(raw)) {
    ck.error(n.line, `« ${label} » : attendu un nombre entier positif, trouvé ${n.type === 'scalar' ? `« ${n.value} »` : kindName(n)}`);
    return null;
  }
  return Number(raw);
}

function coordinate(ck: Checker, n: FileNode | undefined, label: string, limit: number): number | null {
  if (!n || isEmpty(n)) return null;
  const raw = n.type === 'scalar' ? String(n.value).trim().replace(',', '.') : '';
  const v = /^[+-]?\d{1,3}(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(v) || Math.abs(v) > limit) {
    ck.error(n.line, `« ${label} » : attendu un nombre décimal entre -${limit} et ${limit} (par exemple 49.4431), trouvé ${n.type === 'scalar' ? `« ${n.value} »` : kindName(n)}`);
    return null;
  }
  return v;
}

function date(ck: Checker, n: FileNode | undefined, label: string): string | null {
  if (!n || isEmpty(n)) return null;
  const raw = n.type === 'scalar' ? String(n.value) : '';
  const iso = parseDate(raw);
  if (!iso) {
    ck.error(n.line, `« ${label} » : date invalide ${n.type === 'scalar' ? `« ${raw} »` : `(${kindName(n)})`}, attendu jj/mm/aaaa`);
    return null;
  }
  return iso;
}

const YES = new Set(['oui', 'o', 'vrai', 'true', 'yes', 'x', '1']);
const NO = new Set(['non', 'n', 'faux', 'false', 'no', '0']);

function flag(ck: Checker, n: FileNode | undefined, label: string): boolean {
  if (!n || isEmpty(n)) return false;
  if (n.type === 'scalar') {
    if (typeof n.value === 'boolean') return n.value;
    const k = matchKey(String(n.value));
    if (YES.has(k)) return true;
    if (NO.has(k)) return false;
  }
  ck.error(n.line, `« ${label} » : attendu « oui » ou « non », trouvé ${n.type === 'scalar' ? `« ${n.value} »` : kindName(n)}`);
  return false;
}

function asMap(ck: Checker, n: FileNode | undefined, label: string): MapNode | null {
  if (!n || isEmpty(n)) return null;
  if (n.type === 'map') return n;
  ck.error(n.line, `« ${label} » : attendu des clés (« clé: valeur » sur les lignes suivantes, en retrait), trouvé ${kindName(n)}`);
  return null;
}

function asSeq(ck: Checker, n: FileNode | undefined, label: string): FileNode[] {
  if (!n || isEmpty(n)) return [];
  if (n.type === 'seq') return n.items;
  if (n.type === 'map') return [n]; // a single item written without its dash
  ck.error(n.line, `« ${label} » : attendu une liste (une ligne « - » par élément), trouvé ${kindName(n)}`);
  return [];
}

const MAX_ORG_DEPTH = 10;

function orgNodes(ck: Checker, n: FileNode | undefined, depth: number): OrgNode[] {
  const out: OrgNode[] = [];
  for (const item of asSeq(ck, n, 'organigramme')) {
    // "- Direction" alone is a box with a role and nobody named yet.
    if (item.type === 'scalar') {
      if (!isEmpty(item)) out.push({ role: cleanText(String(item.value)), names: [], children: [] });
      continue;
    }
    const m = asMap(ck, item, 'organigramme');
    if (!m) continue;
    const f = fieldsOf(ck, m, K.org, 'organigramme');
    const role = line(ck, f.role?.node, 'rôle');
    if (!role) ck.error(m.line, 'organigramme : chaque case a besoin d\'un « rôle » (par exemple « rôle: Responsable maintenance »)');
    const namesText = text(ck, f.names?.node, 'nom');
    const names = namesText ? namesText.split('\n').map((s) => cleanText(s)).filter(Boolean) : [];
    let children: OrgNode[] = [];
    if (f.children) {
      if (depth >= MAX_ORG_DEPTH) ck.error(f.children.line, `organigramme : plus de ${MAX_ORG_DEPTH} niveaux`);
      else children = orgNodes(ck, f.children.node, depth + 1);
    }
    if (role) out.push({ role, names, children });
  }
  return out;
}

function weeks(ck: Checker, n: FileNode | undefined): WeekEntry[] {
  const out: WeekEntry[] = [];
  const lines = new Map<number, number>();
  asSeq(ck, n, 'semaines').forEach((item, i) => {
    const m = asMap(ck, item, 'semaines');
    if (!m) return;
    const f = fieldsOf(ck, m, K.week, 'semaines');
    const number = f.number ? count(ck, f.number.node, 'semaine') : i + 1;
    const from = date(ck, f.from?.node, 'du');
    const to = date(ck, f.to?.node, 'au');
    if (from && to && to < from) ck.error(f.to!.line, `semaine : la date « au » précède la date « du »`);
    const activities = text(ck, f.activities?.node, 'activités');
    if (!activities) ck.error(m.line, `semaine ${number ?? i + 1} : « activités » manquant (ce que vous avez fait cette semaine)`);
    if (number !== null) {
      const seen = lines.get(number);
      if (seen !== undefined) ck.error(f.number?.line ?? m.line, `la semaine ${number} est décrite deux fois (déjà à la ligne ${seen})`);
      else lines.set(number, f.number?.line ?? m.line);
    }
    if (number === null || !activities) return;
    out.push({
      number,
      from,
      to,
      activities,
      liked: text(ck, f.liked?.node, "j'ai aimé"),
      succeeded: text(ck, f.succeeded?.node, "j'ai réussi"),
    });
  });
  return out.sort((a, b) => a.number - b.number);
}

function activities(ck: Checker, n: FileNode | undefined): MaintenanceActivity[] {
  const out: MaintenanceActivity[] = [];
  for (const item of asSeq(ck, n, 'activités')) {
    const m = asMap(ck, item, 'activités');
    if (!m) continue;
    const f = fieldsOf(ck, m, K.activity, 'activités');
    const title = line(ck, f.title?.node, 'titre');
    if (!title) ck.error(m.line, 'activité de maintenance : « titre » manquant');
    const wo = asMap(ck, f.workOrder?.node, 'bon de travail');
    const wf = wo ? fieldsOf(ck, wo, K.workOrder, 'bon de travail') : {};
    const rp = asMap(ck, f.report?.node, "rapport d'intervention");
    const rf = rp ? fieldsOf(ck, rp, K.report, "rapport d'intervention") : {};
    const activity: MaintenanceActivity = {
      title: title ?? '',
      selected: flag(ck, f.selected?.node, 'exporter'),
      conditions: text(ck, f.conditions?.node, 'conditions'),
      workOrder: {
        date: date(ck, wf.date?.node, 'date'),
        sector: line(ck, wf.sector?.node, 'secteur'),
        requester: line(ck, wf.requester?.node, 'demandeur'),
        machine: line(ck, wf.machine?.node, 'machine'),
        work: text(ck, wf.work?.node, 'nature du travail'),
        supplies: text(ck, wf.supplies?.node, 'fournitures'),
        documentation: text(ck, wf.documentation?.node, 'documentation'),
      },
      report: {
        defects: text(ck, rf.defects?.node, 'défauts constatés'),
        causes: text(ck, rf.causes?.node, 'causes'),
        repairs: text(ck, rf.repairs?.node, 'réparations effectuées'),
        duration: line(ck, rf.duration?.node, 'durée'),
      },
    };
    if (title) out.push(activity);
  }
  return out;
}

function isWebAddress(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
}

function annexes(ck: Checker, n: FileNode | undefined): PortfolioAnnex[] {
  const out: PortfolioAnnex[] = [];
  for (const item of asSeq(ck, n, 'annexes')) {
    const m = asMap(ck, item, 'annexes');
    if (!m) continue;
    const f = fieldsOf(ck, m, K.annex, 'annexes');
    const file = line(ck, f.file?.node, 'fichier');
    const link = line(ck, f.link?.node, 'lien');
    const title = line(ck, f.title?.node, 'titre');
    if (!file && !link) {
      ck.error(m.line, 'annexe : donnez un « fichier » (nom du document) ou un « lien » (adresse web)');
      continue;
    }
    if (file && link) {
      ck.error(m.line, 'annexe : un « fichier » ou un « lien », pas les deux (faites deux annexes)');
      continue;
    }
    if (link && !isWebAddress(link)) {
      ck.error(f.link!.line, `annexe : lien invalide « ${link} », attendu une adresse commençant par https:// ou http://`);
      continue;
    }
    out.push(file ? { kind: 'fichier', target: file, title } : { kind: 'lien', target: link!, title });
  }
  return out;
}

function company(ck: Checker, n: FileNode | undefined): CompanyPresentation {
  const m = asMap(ck, n, 'entreprise');
  const f = m ? fieldsOf(ck, m, K.company, 'entreprise') : {};
  const c: CompanyPresentation = {
    name: line(ck, f.name?.node, 'raison sociale'),
    sector: line(ck, f.sector?.node, "secteur d'activité"),
    activity: text(ck, f.activity?.node, 'activité'),
    employees: count(ck, f.employees?.node, "nombre d'employés"),
    maintenanceStaff: count(ck, f.maintenanceStaff?.node, 'personnes au service maintenance'),
    history: text(ck, f.history?.node, 'historique'),
    address: line(ck, f.address?.node, 'adresse'),
    postalCode: line(ck, f.postalCode?.node, 'code postal'),
    city: line(ck, f.city?.node, 'ville'),
    phone: line(ck, f.phone?.node, 'téléphone'),
    latitude: coordinate(ck, f.latitude?.node, 'latitude', 90),
    longitude: coordinate(ck, f.longitude?.node, 'longitude', 180),
  };
  if (c.employees !== null && c.maintenanceStaff !== null && c.maintenanceStaff > c.employees) {
    ck.error(
      f.maintenanceStaff!.line,
      `« personnes au service maintenance » (${c.maintenanceStaff}) dépasse le « nombre d'employés » (${c.employees})`,
    );
  }
  if ((c.latitude === null) !== (c.longitude === null) && (f.latitude || f.longitude)) {
    const given = f.latitude ?? f.longitude!;
    ck.error(given.line, 'géolocalisation : donnez la « latitude » et la « longitude » ensemble');
  }
  return c;
}

function learnerRef(ck: Checker, n: FileNode | undefined, rootLine: number): LearnerRef {
  const empty: LearnerRef = { ine: null, lastName: null, firstName: null, line: rootLine };
  if (!n) {
    ck.error(rootLine, "« apprenant » manquant : indiquez votre INE, ou votre nom et votre prénom");
    return empty;
  }
  const m = asMap(ck, n, 'apprenant');
  if (!m) return { ...empty, line: n.line };
  const f = fieldsOf(ck, m, K.learner, 'apprenant');
  const ineText = line(ck, f.ine?.node, 'ine');
  const ref: LearnerRef = {
    ine: ineText ? normaliseIne(ineText) : null,
    lastName: line(ck, f.lastName?.node, 'nom'),
    firstName: line(ck, f.firstName?.node, 'prénom'),
    line: m.line,
  };
  if (!ref.ine && !(ref.lastName && ref.firstName)) {
    ck.error(m.line, '« apprenant » : indiquez « ine », ou « nom » et « prénom »');
  }
  return ref;
}

/**
 * Validates a parsed portfolio file. Every problem is reported with its line; `portfolio` is only given when
 * there is none, so that an import never keeps half a file.
 */
export function validatePortfolio(root: FileNode, file?: string): { portfolio?: ParsedPortfolio; errors: DataError[] } {
  const ck = new Checker(file);
  if (root.type !== 'map') {
    ck.error(root.line, 'le portfolio doit commencer par des clés (« apprenant: », « entreprise: »…), voir docs/portfolio.md');
    return { errors: ck.errors };
  }
  const f = fieldsOf(ck, root, K.root, '');
  const learner = learnerRef(ck, f.learner?.node, root.line);
  const periodName = line(ck, f.period?.node, 'période');
  const content: PortfolioContent = {
    company: company(ck, f.company?.node),
    orgChart: orgNodes(ck, f.orgChart?.node, 1),
    weeks: weeks(ck, f.weeks?.node),
    activities: activities(ck, f.activities?.node),
    annexes: annexes(ck, f.annexes?.node),
  };
  const errors = ck.errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (errors.length) return { errors };
  return {
    portfolio: { learner, period: periodName ? { name: periodName, line: f.period!.line } : null, content },
    errors,
  };
}
