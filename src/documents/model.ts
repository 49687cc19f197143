// The layout kit shared by every document: block types, their builders, and the visual style both renderers apply.
import { LEVEL_COLOURS, LEVELS, type Level } from '../domain/evaluation.js';

export { LEVELS, type Level };

/** A run of text inside a paragraph. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export interface TitleBlock {
  kind: 'title';
  text: string;
  /** Lines printed under the title (diploma, period, legal reference…). */
  subtitle: string[];
  /** Printed at the foot of every page with the page number, so that loose pages can be put back together. */
  footer?: string;
}

/** A section heading; renderers keep it on the same page as what follows. */
export interface HeadingBlock {
  kind: 'heading';
  text: string;
}

export interface ParagraphBlock {
  kind: 'paragraph';
  runs: Run[];
}

/** A label → value table; a null value is an empty cell left to complete by hand. */
export interface Field {
  label: string;
  value: string | null;
}
export interface FieldsBlock {
  kind: 'fields';
  rows: Field[];
  /** Two columns print pairs of fields side by side. */
  columns: 1 | 2;
}

/** A row spanning the whole table, introducing the rows after it. */
export interface GroupRow {
  group: string;
}
export interface TableBlock {
  kind: 'table';
  header: string[];
  rows: Array<string[] | GroupRow>;
  /** Relative column widths, one per header cell. */
  widths: number[];
}

/** The week's timetable to fill in: Monday to Saturday, morning and afternoon. */
export interface WeekScheduleBlock {
  kind: 'week';
}

export interface TickItem {
  code?: string;
  label: string;
  checked: boolean;
}
export interface TickGroup {
  title?: string;
  items: TickItem[];
}
/** A list of tick boxes, optionally grouped; checked boxes print marked. */
export interface TicksBlock {
  kind: 'ticks';
  groups: TickGroup[];
}

export interface LevelRow {
  code?: string;
  label: string;
  /** The recorded answer, marked in its colour; null prints the six empty boxes. */
  level: Level | null;
  /** 0: a competency or item; 1: a detailed sub-competency under it. */
  depth: 0 | 1;
}
/** Rows answered on the six-answer scale 4/3/2/1/0/NE, each answer in its colour. */
export interface LevelsBlock {
  kind: 'levels';
  /** Header of the label column ("Compétences", "Attitudes professionnelles"). */
  caption: string;
  rows: LevelRow[];
}

/** A rating on STAR_COUNT stars, filled up to the recorded value. */
export interface StarsBlock {
  kind: 'stars';
  label: string;
  value: number | null;
  hint?: string;
}

/** A framed area to complete by hand, optionally pre-filled with items or text that remain editable. */
export interface BoxBlock {
  kind: 'box';
  /** Printed above the frame; empty for none. */
  label: string;
  items: string[];
  text?: string;
  /** Empty writing lines left after any pre-filled content. */
  lines: number;
}

export interface SignatureParty {
  role: string;
  name?: string;
  note?: string;
  /** Prints a "Date :" line; off when the document has its own "Fait à … le …". */
  dated?: boolean;
}
export interface SignaturesBlock {
  kind: 'signatures';
  parties: SignatureParty[];
}

export interface PageBreakBlock {
  kind: 'pageBreak';
}

export interface SmallPrintBlock {
  kind: 'smallPrint';
  text: string;
}

/** One node of a tree: a bold label (a role) and an optional detail after it (the people holding it). */
export interface TreeNode {
  label: string;
  detail?: string;
  children: TreeNode[];
}
/** A hierarchy drawn as a tree, each node under its parent with connector lines (an org chart). */
export interface TreeBlock {
  kind: 'tree';
  roots: TreeNode[];
}

export type Block =
  | TitleBlock
  | HeadingBlock
  | ParagraphBlock
  | FieldsBlock
  | TableBlock
  | WeekScheduleBlock
  | TicksBlock
  | LevelsBlock
  | StarsBlock
  | BoxBlock
  | SignaturesBlock
  | PageBreakBlock
  | SmallPrintBlock
  | TreeBlock;

// ── Builders ──────────────────────────────────────────────────────────────────────────────────────────────

export const title = (text: string, subtitle: string[] = [], footer?: string): TitleBlock => ({
  kind: 'title',
  text,
  subtitle,
  footer,
});
export const heading = (text: string): HeadingBlock => ({ kind: 'heading', text });
export const paragraph = (...parts: Array<string | Run>): ParagraphBlock => ({
  kind: 'paragraph',
  runs: parts.map((p) => (typeof p === 'string' ? { text: p } : p)),
});
export const bold = (text: string): Run => ({ text, bold: true });
export const italic = (text: string): Run => ({ text, italic: true });
export const fields = (rows: Array<[string, string | null]>, columns: 1 | 2 = 1): FieldsBlock => ({
  kind: 'fields',
  rows: rows.map(([label, value]) => ({ label, value })),
  columns,
});
export const table = (header: string[], rows: Array<string[] | GroupRow>, widths: number[]): TableBlock => ({
  kind: 'table',
  header,
  rows,
  widths,
});
export const weekSchedule = (): WeekScheduleBlock => ({ kind: 'week' });
export const ticks = (groups: TickGroup[]): TicksBlock => ({ kind: 'ticks', groups });
export const levels = (caption: string, rows: LevelRow[]): LevelsBlock => ({ kind: 'levels', caption, rows });
export const stars = (label: string, value: number | null, hint?: string): StarsBlock => ({
  kind: 'stars',
  label,
  value,
  hint,
});
export const box = (label: string, opts: { items?: string[]; text?: string; lines?: number } = {}): BoxBlock => ({
  kind: 'box',
  label,
  items: opts.items ?? [],
  text: opts.text,
  lines: opts.lines ?? 3,
});
export const signatures = (parties: SignatureParty[]): SignaturesBlock => ({ kind: 'signatures', parties });
export const pageBreak = (): PageBreakBlock => ({ kind: 'pageBreak' });
export const smallPrint = (text: string): SmallPrintBlock => ({ kind: 'smallPrint', text });
export const tree = (roots: TreeNode[]): TreeBlock => ({ kind: 'tree', roots });

/** One printed line of a tree: the node, its depth, and which connector columns its line crosses. */
export interface TreeRow {
  node: TreeNode;
  depth: number;
  /** For each connector column before the node's own (depth - 1 of them): whether an ancestor's line passes. */
  rails: boolean[];
  /** The last child of its parent: its connector is an elbow └, otherwise a tee ├. */
  last: boolean;
}

/** The tree's lines in reading order; both renderers draw the same connectors from them. */
export function treeRows(roots: TreeNode[]): TreeRow[] {
  const out: TreeRow[] = [];
  const walk = (nodes: TreeNode[], depth: number, rails: boolean[]) =>
    nodes.forEach((node, i) => {
      const last = i === nodes.length - 1;
      out.push({ node, depth, rails, last });
      // Roots have no connector; below them each level adds one column, crossed while siblings remain.
      walk(node.children, depth + 1, depth === 0 ? [] : [...rails, !last]);
    });
  walk(roots, 0, []);
  return out;
}

export function isGroupRow(row: string[] | GroupRow): row is GroupRow {
  return !Array.isArray(row);
}

/** Notes right after a heading, kept on its page together with it. */
export function isLead(b: Block): boolean {
  return b.kind === 'paragraph' || b.kind === 'smallPrint';
}

/** A box short enough to be moved to the next page whole rather than split. */
export function isShortBox(b: BoxBlock): boolean {
  return b.items.length + b.lines < 25;
}

/** Blocks never split across pages, so a heading can be kept on the same page as the whole of them. */
export function isCompact(b: Block): boolean {
  switch (b.kind) {
    case 'week':
    case 'stars':
    case 'signatures':
      return true;
    case 'box':
      return isShortBox(b);
    case 'fields':
      return b.rows.length <= 12;
    default:
      return false;
  }
}

/** Whether a levels table has sub-rows; only then are its top rows printed bold. */
export function isNested(rows: LevelRow[]): boolean {
  return rows.some((r) => r.depth === 1);
}

// ── Shared style ──────────────────────────────────────────────────────────────────────────────────────────

export const STAR_COUNT = 4;

/** Labels of the week table rows and columns. */
export const WEEK_DAYS = ['Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi'] as const;
export const WEEK_COLUMNS = ['Jour', 'Matin (de … à …)', 'Après-midi (de … à …)', 'Durée'] as const;
export const WEEK_TOTAL = 'Total hebdomadaire';

/** What each answer means, printed under a levels table by the documents that use one. */
export const LEVEL_LEGEND =
  `Niveaux de réussite : ${LEVELS.filter((l) => l !== 'NE')
    .map((l) => `${l} (${LEVEL_COLOURS[l].name})`)
    .join(', ')}, du plus au moins réussi ; ` +
  `NE (${LEVEL_COLOURS.NE.name}) : non évaluable, compétence non mobilisée. Sans réponse : non évaluée.`;

/** Typographic and page measures, in points (1/72 in), shared by the DOCX and PDF renderers. */
export const STYLE = {
  page: { width: 595.28, height: 841.89 }, // A4
  margins: { top: 42, right: 42, bottom: 48, left: 42 },
  font: { pdf: 'DejaVuSans', docx: 'Arial', symbolsDocx: 'Segoe UI Symbol' },
  size: { title: 15, subtitle: 9.5, heading: 10.5, body: 9, table: 8.5, small: 7.5, stars: 15, footer: 7 },
  /** Space after blocks and inside cells. */
  gap: { block: 7, heading: 4, cellX: 4, cellY: 2.5 },
  /** Height of one empty writing line in a box or an empty cell. */
  lineHeight: 17,
  signatureHeight: 54,
  tickColumn: 16,
  levelColumn: 24,
  codeColumn: 46,
  color: {
    text: '1A1A1A',
    muted: '595959',
    accent: '1F4E79',
    headingFill: 'DCE6F1',
    labelFill: 'F2F2F2',
    groupFill: 'EEF3F8',
    border: '9FB3C8',
    rule: '1F4E79',
    starOn: 'E0A100',
    starOff: 'A6A6A6',
  },
  /** Each answer's colour (the user guide's), a light tint of it for empty boxes, and the text colour on it. */
  level: {
    '4': { fill: LEVEL_COLOURS['4'].hex, tint: 'DDF0E2', text: 'FFFFFF' },
    '3': { fill: LEVEL_COLOURS['3'].hex, tint: 'FCF2D4', text: '1A1A1A' },
    '2': { fill: LEVEL_COLOURS['2'].hex, tint: 'FCE5CF', text: '1A1A1A' },
    '1': { fill: LEVEL_COLOURS['1'].hex, tint: 'F8DADA', text: 'FFFFFF' },
    '0': { fill: LEVEL_COLOURS['0'].hex, tint: 'E8E8E8', text: 'FFFFFF' },
    NE: { fill: LEVEL_COLOURS.NE.hex, tint: 'DAE6F8', text: 'FFFFFF' },
  } satisfies Record<Level, { fill: string; tint: string; text: string }>,
} as const;

/** The printable width between the margins, in points. */
export const CONTENT_WIDTH = STYLE.page.width - STYLE.margins.left - STYLE.margins.right;

/** Splits a total width in proportion to relative widths. */
export function proportional(total: number, relative: number[]): number[] {
  const sum = relative.reduce((a, b) => a + b, 0);
  return relative.map((w) => (total * w) / sum);
}

// ── Normalisation ─────────────────────────────────────────────────────────────────────────────────────────

/** A deep copy of the blocks with every string in NFC, so that composed and decomposed input print the same. */
export function normalizeBlocks(blocks: Block[]): Block[] {
  return nfcDeep(blocks) as Block[];
}

function nfcDeep(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(nfcDeep);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = nfcDeep(v);
    return out;
  }
  return value;
}

/** The first title of a document: its metadata title and the text of its page footer. */
export function documentTitle(blocks: Block[]): { title: string; footer: string } {
  const t = blocks.find((b): b is TitleBlock => b.kind === 'title');
  const text = t?.text ?? 'Document';
  return { title: text, footer: t?.footer ?? text };
}
