// Reading portfolio files: bytes → text → YAML tree with line numbers → validated portfolio. Every error names its
// file and line; a folder is read whole so that all its errors are reported at once.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { LineCounter, Node as YamlNode } from 'yaml';

// The yaml package is loaded on first use only, so that start-up stays fast for every other command.
let yamlModule: typeof import('yaml') | undefined;
const yaml = () => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
import { UserError, type DataError } from '../domain/errors.js';
import type { OrgNode, ParsedPortfolio, PortfolioContent } from '../domain/portfolio.js';
import { validatePortfolio, type FileNode } from './portfolio-check.js';
import { decode } from './csv/decode.js';
import { FIELD_LIMITS, MAX_YAML_BYTES, MAX_YAML_DEPTH, textProblem, yamlDepthExceeds } from '../domain/limits.js';

/** Bigger than any portfolio a learner types; protects against a wrong file given by mistake. */
const MAX_BYTES = MAX_YAML_BYTES;

export interface PortfolioFileResult {
  /** The path as given (a folder's files are joined to it), for messages. */
  file: string;
  portfolio?: ParsedPortfolio;
  errors: DataError[];
  warnings: string[];
}

const YAML_EXTENSIONS = new Set(['.yaml', '.yml']);

/** The portfolio files of a path: the file itself, or a folder's .yaml/.yml files (not its sub-folders), sorted. */
export function portfolioFiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new UserError(`fichier ou dossier introuvable : « ${path} »`);
  }
  if (!st.isDirectory()) return [path];
  const files = readdirSync(path)
    .filter((f) => !f.startsWith('.') && YAML_EXTENSIONS.has(extname(f).toLowerCase()))
    .sort((a, b) => a.localeCompare(b, 'fr'))
    .map((f) => join(path, f))
    .filter((f) => statSync(f).isFile());
  if (!files.length) throw new UserError(`aucun fichier .yaml ni .yml dans le dossier « ${path} »`);
  return files;
}

/** The text of a portfolio file, decoded as every imported file is; Windows-1252 from an old Notepad, with a warning. */
function decodeText(bytes: Buffer, file: string, warnings: string[]): string | DataError {
  try {
    const { text, encoding } = decode(bytes, basename(file), undefined, 'un portfolio YAML (texte)');
    if (encoding === 'windows-1252') warnings.push(`${basename(file)} : fichier non UTF-8, lu en Windows-1252 ; enregistrez-le en UTF-8`);
    return text;
  } catch (e) {
    if (e instanceof UserError) return { file, message: e.message };
    throw e;
  }
}

const YAML_ERRORS: Record<string, string> = {
  DUPLICATE_KEY: 'la même clé est donnée deux fois au même niveau',
  TAB_AS_INDENT: 'tabulation dans le retrait : utilisez des espaces',
  BAD_INDENT: "retrait incorrect : les clés d'un même niveau doivent commencer à la même colonne",
  MULTILINE_IMPLICIT_KEY:
    'ligne mal formée : une clé tient sur une ligne et se termine par « : » ; un texte sur plusieurs lignes commence par « | »',
  BLOCK_AS_IMPLICIT_KEY:
    'ligne mal formée : si le texte contient « : », mettez-le entre guillemets (ou écrivez « | » puis le texte en ' +
    'retrait à la ligne) ; sinon, vérifiez le retrait des lignes qui suivent',
  MISSING_CHAR: 'caractère manquant : guillemet, crochet ou accolade fermant, ou « - » devant un élément de liste ; ou retrait incorrect',
  BAD_SCALAR_START: 'un texte ne peut pas commencer par ce caractère : mettez-le entre guillemets',
  UNEXPECTED_TOKEN: 'syntaxe inattendue : vérifiez les « : », les « - » et les guillemets de cette ligne',
  MULTIPLE_DOCS: 'un seul portfolio par fichier (ligne « --- » en trop ?)',
  BAD_DQ_ESCAPE: 'barre oblique inverse « \\ » invalide dans un texte entre guillemets doubles',
  KEY_OVER_1024_CHARS: 'clé trop longue : il manque sans doute un retour à la ligne après « : »',
};

function lineOf(lc: LineCounter, offset: number | undefined): number {
  return offset === undefined ? 1 : lc.linePos(offset).line;
}

/** The YAML tree as the domain's FileNode; aliases (*ancre) are refused, they have no use in a portfolio. */
function toFileNode(n: unknown, lc: LineCounter, fallbackLine: number, file: string, errors: DataError[]): FileNode {
  const node = n as YamlNode | null;
  const at = (x: YamlNode | null) => (x?.range ? lineOf(lc, x.range[0]) : fallbackLine);
  if (node === null || node === undefined) return { type: 'scalar', line: fallbackLine, value: null };
  if (yaml().isAlias(node)) {
    errors.push({ file, line: at(node), message: 'les alias YAML (« *nom ») ne sont pas acceptés : recopiez le texte' });
    return { type: 'scalar', line: at(node), value: null };
  }
  if (yaml().isScalar(node)) {
    const v = node.value;
    const value = v === null || v === undefined ? null : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
    return { type: 'scalar', line: at(node), value };
  }
  if (yaml().isSeq(node)) {
    const line = at(node);
    return { type: 'seq', line, items: node.items.map((i) => toFileNode(i, lc, line, file, errors)) };
  }
  if (yaml().isMap(node)) {
    const line = at(node);
    return {
      type: 'map',
      line,
      entries: node.items.map((pair) => {
        const keyNode = pair.key as YamlNode | null;
        const keyLine = keyNode?.range ? lineOf(lc, keyNode.range[0]) : line;
        const key = yaml().isScalar(keyNode) ? String(keyNode.value ?? '') : String(keyNode ?? '');
        const value = toFileNode(pair.value, lc, keyLine, file, errors);
        // A section is found by its key: « apprenant: » is where its problems are reported.
        if (value.type !== 'scalar') value.line = keyLine;
        return { key, line: keyLine, value };
      }),
    };
  }
  return { type: 'scalar', line: at(node), value: null };
}

/**
 * Every key and text of the tree against the portfolio text rule: control characters, length. The portal's drafts
 * go through it too (importers/portfolio-draft-check.ts).
 */
export function checkTexts(node: FileNode, file: string, errors: DataError[]): void {
  const check = (value: string, line: number, what: string) => {
    const problem = textProblem(value, what === 'clé' ? FIELD_LIMITS.other : FIELD_LIMITS.portfolioText);
    if (problem && errors.length < 100) errors.push({ file, line, message: `${what} refusé${what === 'clé' ? 'e' : ''} : ${problem}` });
  };
  if (node.type === 'scalar') {
    if (typeof node.value === 'string') check(node.value, node.line, 'texte');
  } else if (node.type === 'seq') {
    for (const item of node.items) checkTexts(item, file, errors);
  } else {
    for (const e of node.entries) {
      check(e.key, e.line, 'clé');
      checkTexts(e.value, file, errors);
    }
  }
}

/** Parses YAML text into the domain's tree, or the syntax errors with their lines. */
export function parsePortfolioYaml(text: string, file: string): { root?: FileNode; errors: DataError[] } {
  // Refused before parsing: the parser's time and memory grow fast with nesting ([[[[…), a portfolio needs 4 levels.
  const deep = yamlDepthExceeds(text, MAX_YAML_DEPTH);
  if (deep) {
    return { errors: [{ file, line: deep.line, message: `imbrication trop profonde (plus de ${MAX_YAML_DEPTH} niveaux de listes ou de clés) : ce n'est pas un portfolio` }] };
  }
  const lc = new (yaml().LineCounter)();
  // failsafe: every scalar stays the text the learner typed ("01000" keeps its zero; "oui" is read by the domain).
  const doc = yaml().parseDocument(text, { lineCounter: lc, schema: 'failsafe', prettyErrors: false, uniqueKeys: true });
  const errors: DataError[] = [];
  const seen = new Set<number>();
  for (const e of doc.errors) {
    const line = lineOf(lc, e.pos?.[0]);
    if (seen.has(line)) continue; // one mistake often yields several parser errors on its line
    seen.add(line);
    errors.push({ file, line, message: YAML_ERRORS[e.code] ?? `syntaxe YAML invalide (${e.code.toLowerCase()})` });
  }
  if (errors.length) return { errors };
  if (doc.contents === null || (yaml().isScalar(doc.contents) && (doc.contents.value ?? '') === '')) {
    return { errors: [{ file, line: 1, message: 'fichier vide : voir le modèle dans docs/portfolio.md' }] };
  }
  const root = toFileNode(doc.contents, lc, 1, file, errors);
  if (!errors.length) checkTexts(root, file, errors);
  return errors.length ? { errors } : { root, errors };
}

/** Reads and validates one portfolio file. */
export function readPortfolioFile(file: string): PortfolioFileResult {
  const warnings: string[] = [];
  let bytes: Buffer;
  try {
    const st = statSync(file);
    if (!st.isFile()) {
      return { file, errors: [{ file, message: "ce n'est pas un fichier ordinaire (périphérique, tube, dossier…) : ce n'est pas un portfolio" }], warnings };
    }
    if (st.size > MAX_BYTES) {
      return { file, errors: [{ file, message: `fichier trop gros (plus de ${MAX_BYTES / 1024 / 1024} Mo) : ce n'est pas un portfolio` }], warnings };
    }
    bytes = readFileSync(file);
  } catch (e) {
    return { file, errors: [{ file, message: `lecture impossible : ${(e as Error).message}` }], warnings };
  }
  const text = decodeText(bytes, file, warnings);
  if (typeof text !== 'string') return { file, errors: [text], warnings };
  const parsed = parsePortfolioYaml(text, file);
  if (!parsed.root) return { file, errors: parsed.errors, warnings };
  const { portfolio, errors } = validatePortfolio(parsed.root, file);
  return { file, portfolio, errors, warnings };
}

// ── writing a portfolio back to its file format ───────────────────────────────────────────────────────────

const frenchDay = (iso: string | null) => (iso ? iso.split('-').reverse().join('/') : undefined);

/**
 * A portfolio as the file a learner would write (docs/portfolio.md), with the documented keys: importing it
 * again gives the same content. Empty fields are left out; every value is a string (the reader is failsafe).
 */
export function portfolioToYaml(
  c: PortfolioContent, learner: { ine: string | null; lastName: string; firstName: string }, periodName: string,
): string {
  const put = (o: Record<string, unknown>, k: string, v: unknown) => {
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return;
    o[k] = typeof v === 'number' ? String(v) : v;
  };
  const obj = <T extends Record<string, unknown>>(entries: Array<[string, unknown]>): T => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of entries) put(o, k, v);
    return o as T;
  };
  const org = (nodes: OrgNode[]): unknown[] =>
    nodes.map((n) => obj([['rôle', n.role], ['noms', n.names], ['équipe', org(n.children)]]));
  const co = c.company;
  const root = obj([
    ['apprenant', obj([['ine', learner.ine], ['nom', learner.lastName], ['prénom', learner.firstName]])],
    ['période', periodName],
    ['entreprise', obj([
      ['raison sociale', co.name], ["secteur d'activité", co.sector], ['adresse', co.address], ['code postal', co.postalCode],
      ['ville', co.city], ['téléphone', co.phone], ['latitude', co.latitude], ['longitude', co.longitude], ['activité', co.activity],
      ["nombre d'employés", co.employees], ['personnes au service maintenance', co.maintenanceStaff], ['historique', co.history],
    ])],
    ['organigramme', org(c.orgChart)],
    ['semaines', c.weeks.map((w) => obj([
      ['semaine', w.number], ['du', frenchDay(w.from)], ['au', frenchDay(w.to)], ['activités', w.activities],
      ["j'ai aimé", w.liked], ["j'ai réussi", w.succeeded],
    ]))],
    ['activités', c.activities.map((a) => obj([
      ['titre', a.title], ['exporter', a.selected ? 'oui' : 'non'], ['conditions', a.conditions],
      ['bon de travail', obj([
        ['date', frenchDay(a.workOrder.date)], ['secteur', a.workOrder.sector], ['demandeur', a.workOrder.requester],
        ['machine', a.workOrder.machine], ['nature du travail', a.workOrder.work], ['fournitures', a.workOrder.supplies],
        ['documentation', a.workOrder.documentation],
      ])],
      ["rapport d'intervention", obj([
        ['défauts constatés', a.report.defects], ['causes', a.report.causes], ['réparations effectuées', a.report.repairs], ['durée', a.report.duration],
      ])],
    ]))],
    ['annexes', c.annexes.map((x) => obj([[x.kind === 'fichier' ? 'fichier' : 'lien', x.target], ['titre', x.title]]))],
  ]);
  const head = `# Portfolio de ${periodName} — ${learner.firstName} ${learner.lastName}\n# Format décrit dans docs/portfolio.md.\n\n`;
  return head + yaml().stringify(root, { lineWidth: 0 });
}
