// A portal draft through the one validation of portfolio files: the draft becomes the same tree a YAML file parses
// into (importers/portfolio-check.ts), each value numbered so that an error's « line » names the form field it
// belongs to, and its texts meet the same limits and control-character rule as a file's. One rule, two faces.
import type { DataError } from '../domain/errors.js';
import type { PortfolioContent } from '../domain/portfolio.js';
import { COMPANY_FIELDS, REPORT_FIELDS, WORK_ORDER_FIELDS, type CompanyField, type PortfolioDraft } from '../domain/portfolio-draft.js';
import { validatePortfolio, type FileNode, type MapNode, type ScalarNode } from './portfolio-check.js';
import { checkTexts } from './portfolio.js';

/** The YAML key of each field: the first spelling the file format documents. */
const COMPANY_KEYS: Record<CompanyField, string> = {
  name: 'raison sociale', sector: "secteur d'activité", activity: 'activité', employees: "nombre d'employés",
  maintenanceStaff: 'personnes au service maintenance', history: 'historique', address: 'adresse',
  postalCode: 'code postal', city: 'ville', phone: 'téléphone', latitude: 'latitude', longitude: 'longitude',
};
const WORK_ORDER_KEYS: Record<(typeof WORK_ORDER_FIELDS)[number], string> = {
  date: 'date', sector: 'secteur', requester: 'demandeur', machine: 'machine', work: 'nature du travail',
  supplies: 'fournitures', documentation: 'documentation',
};
const REPORT_KEYS: Record<(typeof REPORT_FIELDS)[number], string> = {
  defects: 'défauts constatés', causes: 'causes', repairs: 'réparations effectuées', duration: 'durée',
};

// ── the draft through the file validation ─────────────────────────────────────────────────────────────────

export interface DraftValidation {
  content?: PortfolioContent;
  /** French messages by form field name ('' when they belong to no field). */
  errors: Record<string, string>;
  all: DataError[];
}

/** Validates the draft with the file format's rules; entries the learner has not started are left out. */
export function validateDraft(draft: PortfolioDraft, learner: { ine: string | null; lastName: string; firstName: string }): DraftValidation {
  const fields: string[] = [''];
  const at = (field: string) => fields.push(field) - 1;
  const scalar = (field: string, value: string | boolean | null): ScalarNode => ({ type: 'scalar', line: at(field), value });
  const map = (field: string, entries: Array<[string, FileNode]>): MapNode => {
    const line = at(field);
    return { type: 'map', line, entries: entries.map(([key, value]) => ({ key, line: value.line, value })) };
  };
  const blank = (...s: string[]) => s.every((x) => !x.trim());

  const company = map('entreprise.name', COMPANY_FIELDS.filter((f) => draft.company[f].trim()).map((f) => [COMPANY_KEYS[f], scalar(`entreprise.${f}`, draft.company[f])]));
  const orgTree = (parent: string): FileNode => ({
    type: 'seq',
    line: at(''),
    items: draft.org
      .filter((n) => n.parent === parent && !(blank(n.role, n.names) && !draft.org.some((c) => c.parent === n.id)))
      .map((n) => {
        const entries: Array<[string, FileNode]> = [['rôle', scalar(`org.${n.id}.role`, n.role)]];
        if (n.names.trim()) entries.push(['nom', scalar(`org.${n.id}.names`, n.names)]);
        if (draft.org.some((c) => c.parent === n.id)) entries.push(['équipe', orgTree(n.id)]);
        return map(`org.${n.id}.role`, entries);
      }),
  });
  const weeks: FileNode = {
    type: 'seq',
    line: at(''),
    items: draft.weeks.map((w, i) => [w, i] as const).filter(([w]) => !blank(w.activities, w.liked, w.succeeded)).map(([w, i]) => {
      const entries: Array<[string, FileNode]> = [['semaine', scalar(`semaine.${i}.number`, String(w.number))]];
      if (w.from.trim()) entries.push(['du', scalar(`semaine.${i}.from`, w.from)]);
      if (w.to.trim()) entries.push(['au', scalar(`semaine.${i}.to`, w.to)]);
      entries.push(['activités', scalar(`semaine.${i}.activities`, w.activities)]);
      if (w.liked.trim()) entries.push(["j'ai aimé", scalar(`semaine.${i}.liked`, w.liked)]);
      if (w.succeeded.trim()) entries.push(["j'ai réussi", scalar(`semaine.${i}.succeeded`, w.succeeded)]);
      return map(`semaine.${i}.activities`, entries);
    }),
  };
  const activities: FileNode = {
    type: 'seq',
    line: at(''),
    items: draft.activities
      .map((a, i) => [a, i] as const)
      .filter(([a]) => !blank(a.title, a.conditions, ...Object.values(a.workOrder), ...Object.values(a.report)))
      .map(([a, i]) => {
        const wo = WORK_ORDER_FIELDS.filter((f) => a.workOrder[f].trim()).map((f): [string, FileNode] => [WORK_ORDER_KEYS[f], scalar(`activite.${i}.bt.${f}`, a.workOrder[f])]);
        const rp = REPORT_FIELDS.filter((f) => a.report[f].trim()).map((f): [string, FileNode] => [REPORT_KEYS[f], scalar(`activite.${i}.ri.${f}`, a.report[f])]);
        const entries: Array<[string, FileNode]> = [['titre', scalar(`activite.${i}.title`, a.title)], ['exporter', scalar(`activite.${i}.selected`, a.selected)]];
        if (a.conditions.trim()) entries.push(['conditions', scalar(`activite.${i}.conditions`, a.conditions)]);
        if (wo.length) entries.push(['bon de travail', map(`activite.${i}.title`, wo)]);
        if (rp.length) entries.push(["rapport d'intervention", map(`activite.${i}.title`, rp)]);
        return map(`activite.${i}.title`, entries);
      }),
  };
  const annexes: FileNode = {
    type: 'seq',
    line: at('annexes'),
    items: draft.annexes.map((x) =>
      map('annexes', [
        [x.kind === 'fichier' ? 'fichier' : 'lien', scalar('annexes', x.target)],
        ...(x.title ? [['titre', scalar('annexes', x.title)] as [string, FileNode]] : []),
      ]),
    ),
  };
  const who: Array<[string, FileNode]> = learner.ine ? [['ine', scalar('', learner.ine)]] : [];
  who.push(['nom', scalar('', learner.lastName)], ['prénom', scalar('', learner.firstName)]);
  const root = map('', [
    ['apprenant', map('', who)],
    ['entreprise', company],
    ['organigramme', orgTree('')],
    ['semaines', weeks],
    ['activités', activities],
    ['annexes', annexes],
  ]);
  // The file's text rule first (control characters, length), then its content rules.
  const all: DataError[] = [];
  checkTexts(root, '', all);
  const r = validatePortfolio(root);
  all.push(...r.errors);
  const errors: Record<string, string> = {};
  for (const e of all) {
    const field = fields[e.line ?? 0] ?? '';
    errors[field] = errors[field] ? `${errors[field]} ; ${e.message}` : e.message;
  }
  return { ...(r.portfolio && !all.length ? { content: r.portfolio.content } : {}), errors, all };
}
