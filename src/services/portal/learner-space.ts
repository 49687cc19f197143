// Use cases of the learners' space of the portal: the portfolio typed tab by tab (a draft always kept, the content
// written once the file format's validation passes), the coordinates from a BAN-format address service, the
// annexes (type from the content, quota checked in the insert's transaction), the bilan personnel, and the
// validated evaluations. Async like the tutors' use cases.
import { createHash } from 'node:crypto';
import { splitListCell, type BilanPersonnelContent } from '../../domain/bilan-personnel.js';
import { columnRule, textProblem } from '../../domain/limits.js';
import {
  COMPANY_FIELDS, REPORT_FIELDS, WORK_ORDER_FIELDS, editOrg, emptyActivity, initialDraft, nextOrgId, orgMoveError,
  type PortfolioDraft,
} from '../../domain/portfolio-draft.js';
import { validateDraft } from '../../importers/portfolio-draft-check.js';
import { annexTypeOf, ANNEX_MAX_BYTES, PORTFOLIO_ANNEX_QUOTA, mediaTypeLabel, uniqueFileName } from '../../domain/annex-files.js';
import type { Store } from '../../store/store.js';
import type { AnnexMeta } from '../../store/learner-space.js';
import { contactOf, type Access, type Contact } from './tutor-portal.js';
import { contentHash, type CommentView } from '../portfolio/portfolios.js';
import { learnerDashboard } from '../evaluations/dashboard.js';
import type { Dashboard } from '../../domain/dashboard.js';
import { TYPE_LABELS, type EvaluationType } from '../../domain/evaluation.js';
import { PORTAL_BILAN_TYPES, fieldDifferences, readVersionField, type FormConflict } from '../../domain/portal.js';
import { changeAuthorship } from '../../domain/errors.js';

export const TABS = ['entreprise', 'geolocalisation', 'organigramme', 'semaines', 'activites', 'annexes', 'commentaires'] as const;
export type Tab = (typeof TABS)[number];
export const TAB_LABELS: Record<Tab, string> = {
  entreprise: "Présenter l'entreprise",
  geolocalisation: "Géolocaliser l'entreprise",
  organigramme: "Construire l'organigramme",
  semaines: 'Activités hebdomadaires',
  activites: 'Présenter une activité',
  annexes: 'Annexes',
  commentaires: 'Commentaires',
};

/** The tab a form field belongs to, for the summary of errors elsewhere in the portfolio. */
export function tabOfField(field: string): Tab {
  if (field.startsWith('entreprise.latitude') || field.startsWith('entreprise.longitude')) return 'geolocalisation';
  if (field.startsWith('entreprise.')) return 'entreprise';
  if (field.startsWith('org.')) return 'organigramme';
  if (field.startsWith('semaine.')) return 'semaines';
  if (field.startsWith('activite.')) return 'activites';
  return 'annexes';
}

interface Who {
  learner: { id: number; firstName: string; lastName: string; className: string; ine: string | null };
  period: { id: number; name: string; start: string; end: string };
}

async function who(store: Store, a: Access): Promise<Who> {
  const l = (await store.learners.get(a.learnerId))!;
  const p = (await store.periods.get(a.periodId))!;
  return {
    learner: { id: l.id, firstName: l.firstName, lastName: l.lastName, className: l.className, ine: l.ine },
    period: { id: p.id, name: p.name, start: p.start, end: p.end },
  };
}

export interface LearnerHome extends Who {
  company: string | null;
  contact: Contact;
  webEditedAt: string | null;
  /** The portfolio's last change, on the web or by an imported file: a portfolio filled from a file is not « à remplir ». */
  editedAt: string | null;
  portfolioErrors: number;
  hasBilanPersonnel: boolean;
  /** The learner's other periods: the same link opens them. */
  otherPeriods: Array<{ id: number; name: string; start: string; end: string }>;
}

export async function learnerHome(store: Store, a: Access): Promise<LearnerHome> {
  const w = await who(store, a);
  const d = await currentDraft(store, a, w);
  const edits = await store.learnerSpace.edits(a.assignmentId);
  const otherPeriods: LearnerHome['otherPeriods'] = [];
  for (const x of await store.evaluations.assignmentsOfLearner(a.learnerId)) {
    if (x.periodId === a.periodId) continue;
    const p = (await store.periods.get(x.periodId))!;
    otherPeriods.push({ id: p.id, name: p.name, start: p.start, end: p.end });
  }
  return {
    ...w,
    company: d.company.name || (await store.sheets.get(a.assignmentId))?.company.name || null,
    contact: await contactOf(store),
    webEditedAt: edits.web,
    editedAt: [edits.web, edits.file].filter((x): x is string => !!x).sort().pop() ?? null,
    portfolioErrors: validateDraft(d, w.learner).all.length,
    hasBilanPersonnel: !!(await store.evaluations.getBilanPersonnel(a.assignmentId)),
    otherPeriods,
  };
}

async function currentDraft(store: Store, a: Access, w: Who): Promise<PortfolioDraft> {
  const kept = await store.learnerSpace.draft<PortfolioDraft>(a.assignmentId);
  if (kept) return kept.draft;
  const content = (await store.portfolios.get(a.assignmentId))?.content ?? null;
  return initialDraft(content, (await store.sheets.get(a.assignmentId))?.company ?? null, w.period);
}

export interface PortfolioPage extends Who {
  tab: Tab;
  draft: PortfolioDraft;
  /** Messages by field, the import's wording. */
  errors: Record<string, string>;
  /** Tabs with errors other than the one shown. */
  elsewhere: Array<{ tab: Tab; label: string; count: number }>;
  draftSavedAt: string | null;
  webEditedAt: string | null;
  /** Whether the content the teacher sees is the draft (no error), or an older valid version. */
  upToDate: boolean;
  geocoder: boolean;
  mapLink: string | null;
  annexes: Array<AnnexMeta & { label: string }>;
  quota: { used: number; max: number; perFile: number };
  comments: CommentView[];
  notice: string | null;
}

export async function portfolioPage(store: Store, a: Access, tab: Tab, notice: string | null = null): Promise<PortfolioPage> {
  const w = await who(store, a);
  const draft = await currentDraft(store, a, w);
  return pageOf(store, a, w, tab, draft, notice);
}

async function pageOf(store: Store, a: Access, w: Who, tab: Tab, draft: PortfolioDraft, notice: string | null, extra: Record<string, string> = {}): Promise<PortfolioPage> {
  const v = validateDraft(draft, w.learner);
  const errors = { ...v.errors, ...extra };
  const counts = new Map<Tab, number>();
  for (const f of Object.keys(errors)) if (tabOfField(f) !== tab) counts.set(tabOfField(f), (counts.get(tabOfField(f)) ?? 0) + 1);
  const stored = await store.portfolios.get(a.assignmentId);
  const annexes = await store.learnerSpace.annexes(a.assignmentId);
  const lat = draft.company.latitude.trim().replace(',', '.');
  const lon = draft.company.longitude.trim().replace(',', '.');
  const geoOk = !errors['entreprise.latitude'] && !errors['entreprise.longitude'] && lat && lon;
  return {
    ...w,
    tab,
    draft,
    errors,
    elsewhere: [...counts].map(([t, count]) => ({ tab: t, label: TAB_LABELS[t], count })),
    draftSavedAt: (await store.learnerSpace.draft(a.assignmentId))?.updatedAt ?? null,
    webEditedAt: (await store.learnerSpace.edits(a.assignmentId)).web,
    upToDate: !!v.content && !!stored && stored.contentHash === contentHash(v.content),
    geocoder: !!(await store.config.get('portal.geocoder')) || !!process.env.CPRO_GEOCODER,
    mapLink: geoOk ? `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}` : null,
    annexes: annexes.map((x) => ({ ...x, label: mediaTypeLabel(x.mediaType) })),
    quota: { used: annexes.reduce((n, x) => n + x.size, 0), max: PORTFOLIO_ANNEX_QUOTA, perFile: ANNEX_MAX_BYTES },
    comments: stored
      ? (await store.portfolios.comments(stored.id)).map((c) => ({ id: c.id, author: c.author, text: c.text, createdAt: c.createdAt, authorRole: c.authorRole ?? 'enseignant' }))
      : [],
    notice,
  };
}

type Form = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v ?? '');

/** Reads the fields of one tab into the draft; the other tabs' values are left as they were. */
function readTab(draft: PortfolioDraft, tab: Tab, form: Form): { draft: PortfolioDraft; errors: Record<string, string> } {
  const d: PortfolioDraft = structuredClone(draft);
  const errors: Record<string, string> = {};
  if (tab === 'entreprise') {
    for (const f of COMPANY_FIELDS) if (f !== 'latitude' && f !== 'longitude' && form[`entreprise.${f}`] !== undefined) d.company[f] = one(form[`entreprise.${f}`]);
  } else if (tab === 'geolocalisation') {
    for (const f of ['latitude', 'longitude'] as const) if (form[`entreprise.${f}`] !== undefined) d.company[f] = one(form[`entreprise.${f}`]);
  } else if (tab === 'organigramme') {
    for (const n of d.org) {
      if (form[`org.${n.id}.role`] !== undefined) n.role = one(form[`org.${n.id}.role`]);
      if (form[`org.${n.id}.names`] !== undefined) n.names = one(form[`org.${n.id}.names`]);
    }
    for (const n of [...d.org]) {
      const parent = form[`org.${n.id}.parent`];
      if (parent === undefined || one(parent) === n.parent) continue;
      const problem = orgMoveError(d.org, n.id, one(parent));
      if (problem) errors[`org.${n.id}.parent`] = problem;
      else {
        // Moved: it goes last among its new siblings.
        d.org = [...d.org.filter((x) => x.id !== n.id), { ...n, parent: one(parent) }];
      }
    }
  } else if (tab === 'semaines') {
    d.weeks.forEach((w, i) => {
      for (const f of ['activities', 'liked', 'succeeded'] as const) if (form[`semaine.${i}.${f}`] !== undefined) w[f] = one(form[`semaine.${i}.${f}`]);
    });
  } else if (tab === 'activites') {
    d.activities.forEach((x, i) => {
      const p = `activite.${i}.`;
      if (form[`${p}title`] === undefined) return;
      x.title = one(form[`${p}title`]);
      x.selected = one(form[`${p}selected`]) === 'oui';
      x.conditions = one(form[`${p}conditions`]);
      for (const f of WORK_ORDER_FIELDS) x.workOrder[f] = one(form[`${p}bt.${f}`]);
      for (const f of REPORT_FIELDS) x.report[f] = one(form[`${p}ri.${f}`]);
    });
  }
  return { draft: d, errors };
}

/** The buttons of a tab other than « Enregistrer »: add, remove or move an org chart box; add or remove an activity. */
function applyAction(d: PortfolioDraft, action: string): { draft: PortfolioDraft; focus: string | null } {
  const [verb, arg = ''] = action.split(':');
  if (verb === 'org-add') {
    const id = nextOrgId(d.org);
    return { draft: { ...d, org: editOrg(d.org, { kind: 'add', parent: arg }) }, focus: `org.${id}.role` };
  }
  if (verb === 'org-remove') return { draft: { ...d, org: editOrg(d.org, { kind: 'remove', id: arg }) }, focus: null };
  if (verb === 'org-up') return { draft: { ...d, org: editOrg(d.org, { kind: 'up', id: arg }) }, focus: `org.${arg}.role` };
  if (verb === 'activite-add') return { draft: { ...d, activities: [...d.activities, emptyActivity()] }, focus: `activite.${d.activities.length}.title` };
  if (verb === 'activite-remove') {
    const i = Number(arg);
    return { draft: { ...d, activities: d.activities.filter((_, k) => k !== i) }, focus: null };
  }
  return { draft: d, focus: null };
}

export interface SaveResult {
  page: PortfolioPage;
  /** The draft had no error: the portfolio the teacher sees now holds it. */
  published: boolean;
  focus: string | null;
}

/**
 * Saves a tab: what was typed always goes into the draft; when the whole draft passes the file format's
 * validation, it becomes the portfolio's content (a web edit, dated). Buttons edit lists (org chart, activities).
 */
export async function savePortfolioTab(store: Store, a: Access, tab: Tab, form: Form, now: Date): Promise<SaveResult> {
  const w = await who(store, a);
  const read = readTab(await currentDraft(store, a, w), tab, form);
  const action = one(form.action);
  const { draft, focus } = action && action !== 'enregistrer' ? applyAction(read.draft, action) : { draft: read.draft, focus: null };
  return publish(store, a, w, tab, draft, now, read.errors, focus);
}

async function publish(
  store: Store, a: Access, w: Who, tab: Tab, draft: PortfolioDraft, now: Date, extra: Record<string, string>, focus: string | null,
  notice: string | null = null,
): Promise<SaveResult> {
  const v = validateDraft(draft, w.learner);
  const at = now.toISOString();
  let published = false;
  await store.transaction(async () => {
    await store.learnerSpace.saveDraft(a.assignmentId, draft, at);
    if (v.content && Object.keys(extra).length === 0) {
      const hash = contentHash(v.content);
      if ((await store.portfolios.get(a.assignmentId))?.contentHash !== hash) await store.learnerSpace.saveWebContent(a.assignmentId, v.content, hash, at);
      published = true;
    }
  });
  return { page: await pageOf(store, a, w, tab, draft, notice, extra), published, focus };
}

// ── geolocation ─────────────────────────────────────────────────────────────────────────────────────────────

export type Fetcher = (url: string, init?: { signal?: AbortSignal }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/**
 * Fills the coordinates from the company's address with the configured BAN-format service (GET /search/?q=…):
 * the first feature's [longitude, latitude]. Nothing configured, nothing found or a service down: a French notice,
 * and the learner can still type them.
 */
export async function geocodeCompany(store: Store, a: Access, form: Form, now: Date, fetcher: Fetcher = fetch as unknown as Fetcher): Promise<SaveResult> {
  const w = await who(store, a);
  const read = readTab(await currentDraft(store, a, w), 'geolocalisation', form);
  const d = read.draft;
  const base = (process.env.CPRO_GEOCODER || (await store.config.get('portal.geocoder')) || '').replace(/\/+$/, '');
  const address = [d.company.address, d.company.postalCode, d.company.city].map((s) => s.trim()).filter(Boolean).join(' ');
  let notice: string;
  if (!base) notice = "Aucun service d'adresses n'est configuré : saisissez la latitude et la longitude.";
  else if (!address) notice = "L'adresse de l'entreprise est vide : complétez l'onglet « Présenter l'entreprise », ou saisissez les coordonnées.";
  else {
    try {
      const res = await fetcher(`${base}/search/?q=${encodeURIComponent(address)}&limit=1`, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as { features?: Array<{ geometry?: { coordinates?: unknown[] }; properties?: { label?: string } }> };
      const f = body.features?.[0];
      const [lon, lat] = (f?.geometry?.coordinates ?? []) as number[];
      if (typeof lat !== 'number' || typeof lon !== 'number') notice = `Adresse introuvable : « ${address} ». Vérifiez-la, ou saisissez les coordonnées.`;
      else {
        d.company.latitude = lat.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
        d.company.longitude = lon.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
        notice = `Coordonnées trouvées pour « ${f?.properties?.label ?? address} ».`;
      }
    } catch {
      notice = "Le service d'adresses ne répond pas : réessayez plus tard, ou saisissez les coordonnées.";
    }
  }
  return publish(store, a, w, 'geolocalisation', d, now, read.errors, null, notice);
}

// ── annexes ─────────────────────────────────────────────────────────────────────────────────────────────────

export type UploadResult = { added: true } | { added: false; reason: string };

/**
 * Adds an uploaded annex: its type read from its first bytes (PDF, JPEG, PNG), at most 5 Mo (the route stops
 * reading beyond, `truncated`), and the portfolio's 30 Mo checked in the insert's transaction.
 */
export async function addAnnex(
  store: Store, a: Access, file: { name: string; bytes: Buffer; truncated: boolean }, now: Date,
): Promise<UploadResult> {
  const typed = file.name.normalize('NFC').replace(/[\\/:*?"<>|\x00-\x1f]+/g, '-').trim().slice(0, 120) || 'annexe';
  // Two annexes never share a name: the portfolio lists them by name, the exports write them by name.
  const name = uniqueFileName(typed, new Set((await store.learnerSpace.annexes(a.assignmentId)).map((x) => x.fileName)));
  if (file.truncated || file.bytes.length > ANNEX_MAX_BYTES) return { added: false, reason: `« ${name} » dépasse 5 Mo : réduis-le (photo moins grande, PDF compressé).` };
  if (file.bytes.length === 0) return { added: false, reason: `« ${name} » est vide.` };
  const type = annexTypeOf(file.bytes);
  if (!type) return { added: false, reason: `« ${name} » n'est ni un PDF, ni une image JPEG ou PNG (son contenu a été vérifié, pas seulement son nom).` };
  const w = await who(store, a);
  const r = await store.learnerSpace.addAnnex(
    a.assignmentId,
    { fileName: name, mediaType: type, sha256: createHash('sha256').update(file.bytes).digest('hex'), content: file.bytes },
    PORTFOLIO_ANNEX_QUOTA,
    now.toISOString(),
  );
  if (!r.added) {
    const left = Math.max(0, PORTFOLIO_ANNEX_QUOTA - r.used);
    return { added: false, reason: `« ${name} » ne rentre plus : le portfolio a déjà ${mo(r.used)} d'annexes sur 30 Mo (reste ${mo(left)}).` };
  }
  const d = await currentDraft(store, a, w);
  await publish(store, a, w, 'annexes', { ...d, annexes: [...d.annexes, { kind: 'fichier', target: name, title: null }] }, now, {}, null);
  return { added: true };
}

const mo = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`;

export async function removeAnnex(store: Store, a: Access, id: number, now: Date): Promise<boolean> {
  const x = await store.learnerSpace.annex(a.assignmentId, id);
  if (!x || !(await store.learnerSpace.removeAnnex(a.assignmentId, id))) return false;
  const w = await who(store, a);
  const d = await currentDraft(store, a, w);
  const i = d.annexes.findIndex((e) => e.kind === 'fichier' && e.target === x.fileName);
  await publish(store, a, w, 'annexes', { ...d, annexes: d.annexes.filter((_, k) => k !== i) }, now, {}, null);
  return true;
}

export async function annexFile(store: Store, a: Access, id: number): Promise<{ name: string; type: string; bytes: Buffer } | null> {
  const x = await store.learnerSpace.annex(a.assignmentId, id);
  return x ? { name: x.fileName, type: x.mediaType, bytes: x.content } : null;
}

// ── bilan personnel ─────────────────────────────────────────────────────────────────────────────────────────

export interface BilanPersonnelForm extends Who {
  values: { strengths: string; improvements: string; perspectives: string };
  errors: Record<string, string>;
  updatedAt: string | null;
  /** The version the bilan was read at (0 for none yet), sent back by the form's hidden field. */
  version: number;
  conflict: FormConflict | null;
}

const BILAN_PERSONNEL_LABELS = { strengths: 'Mes points forts', improvements: 'Mes axes de progrès', perspectives: 'Mes perspectives' } as const;

export async function bilanPersonnelForm(store: Store, a: Access): Promise<BilanPersonnelForm> {
  const b = await store.evaluations.getBilanPersonnel(a.assignmentId);
  return {
    ...(await who(store, a)),
    values: { strengths: (b?.strengths ?? []).join('\n'), improvements: (b?.improvements ?? []).join('\n'), perspectives: (b?.perspectives ?? []).join('\n') },
    errors: {},
    updatedAt: b?.updatedAt ?? null,
    version: b?.version ?? 0,
    conflict: null,
  };
}

/** One item per line, as in the import's cells (split by the same rule); saved as soon as something is written. */
export async function saveBilanPersonnelForm(store: Store, a: Access, form: Form, now: Date): Promise<{ saved: true } | { saved: false; form: BilanPersonnelForm }> {
  const values = { strengths: one(form.strengths), improvements: one(form.improvements), perspectives: one(form.perspectives) };
  const content: BilanPersonnelContent = {
    strengths: splitListCell(values.strengths),
    improvements: splitListCell(values.improvements),
    perspectives: splitListCell(values.perspectives),
  };
  // The import's rule for these columns (control characters, length), field by field.
  const errors: Record<string, string> = {};
  for (const k of ['strengths', 'improvements', 'perspectives'] as const) {
    const problem = textProblem(values[k].trim(), columnRule(k));
    if (problem) errors[k] = problem;
  }
  // The version the learner's text started from, kept when the form comes back with errors.
  const expected = readVersionField(form);
  const again = async (errs: Record<string, string>) => {
    const page = await bilanPersonnelForm(store, a);
    return { saved: false as const, form: { ...page, values, errors: errs, version: expected ?? page.version } };
  };
  if (Object.keys(errors).length) return again(errors);
  if (content.strengths.length + content.improvements.length + content.perspectives.length === 0) {
    return again({ strengths: 'écrivez au moins un point fort, un axe de progrès ou une perspective' });
  }
  const saved = await store.transaction(() => store.evaluations.saveBilanPersonnel(a.assignmentId, content, now.toISOString(), expected));
  if (saved) return { saved: true };
  // Saved by someone else since the form was shown (the teacher's import): what is stored now, the text kept.
  const fresh = await bilanPersonnelForm(store, a);
  const conflict: FormConflict = {
    authorship: changeAuthorship({ at: fresh.updatedAt, by: null }),
    deleted: fresh.updatedAt === null,
    differences: fieldDifferences((['strengths', 'improvements', 'perspectives'] as const).map((k) => ({ label: BILAN_PERSONNEL_LABELS[k], saved: fresh.values[k], typed: values[k] }))),
  };
  return { saved: false, form: { ...fresh, values, conflict } };
}

// ── my evaluations ──────────────────────────────────────────────────────────────────────────────────────────

export interface MyEvaluations extends Who {
  bilans: Array<{ type: EvaluationType; label: string; validatedAt: string | null; meetingDate: string; engagement: number | null; comment: string | null }>;
  pending: string[];
  dashboard: Dashboard;
}

/** The bilans of this period once validated (a draft stays unseen), and the tableau de bord. */
export async function myEvaluations(store: Store, a: Access): Promise<MyEvaluations> {
  const w = await who(store, a);
  const bilans: MyEvaluations['bilans'] = [];
  const pending: string[] = [];
  for (const type of PORTAL_BILAN_TYPES) {
    const e = await store.evaluations.get(a.assignmentId, type);
    if (!e) continue;
    if (e.provenance?.status !== 'validated') {
      pending.push(TYPE_LABELS[type]);
      continue;
    }
    bilans.push({ type, label: TYPE_LABELS[type], validatedAt: e.provenance.validatedAt, meetingDate: e.meetingDate, engagement: e.engagement ?? null, comment: e.comment ?? null });
  }
  return { ...w, bilans, pending, dashboard: await learnerDashboard(store, String(a.learnerId), { validatedOnly: true }) };
}

