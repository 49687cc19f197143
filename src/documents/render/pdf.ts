// Blocks → PDF (A4, DejaVu Sans embedded), with pdfmake; the fonts are loaded once per process by pdf-fonts.ts.
import type { Content, ContentTable, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import {
  CONTENT_WIDTH,
  LEVELS,
  STAR_COUNT,
  STYLE,
  WEEK_COLUMNS,
  WEEK_DAYS,
  WEEK_TOTAL,
  documentTitle,
  isCompact,
  isGroupRow,
  isLead,
  isNested,
  isShortBox,
  normalizeBlocks,
  proportional,
  type Block,
  type BoxBlock,
  type FieldsBlock,
  type LevelsBlock,
  type SignaturesBlock,
  type StarsBlock,
  type TableBlock,
  type TicksBlock,
} from '../model.js';
import { pdfTree } from './pdf-tree.js';
import { PDF_FONT_FAMILY, printPdf } from './pdf-fonts.js';

const C = STYLE.color;
const S = STYLE.size;
const hex = (c: string) => `#${c}`;

/** The style name marking a heading's notes, which do not count as content for pageBreakBefore. */
const LEAD = 'lead';

type Layout = Exclude<ContentTable['layout'], string | undefined>;

const grid: Layout = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => hex(C.border),
  vLineColor: () => hex(C.border),
  paddingLeft: () => STYLE.gap.cellX,
  paddingRight: () => STYLE.gap.cellX,
  paddingTop: () => STYLE.gap.cellY,
  paddingBottom: () => STYLE.gap.cellY,
};

/** A bordered box whose inner lines are dotted writing lines. */
const ruled: Layout = {
  ...grid,
  hLineColor: (i, node) => (i === 0 || i === node.table.body.length ? hex(C.border) : '#C8C8C8'),
  hLineStyle: (i, node) => (i === 0 || i === node.table.body.length ? null : { dash: { length: 1, space: 2 } }),
};

const headingLayout: Layout = {
  hLineWidth: () => 0,
  vLineWidth: (i) => (i === 0 ? 3 : 0),
  vLineColor: () => hex(C.accent),
  paddingLeft: () => 6,
  paddingRight: () => 6,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

const headerCell = (text: string, extra: Record<string, unknown> = {}): TableCell => ({
  text,
  bold: true,
  color: hex(C.accent),
  fillColor: hex(C.headingFill),
  ...extra,
});

const empty = (): TableCell => ({ text: '' });

/** pdfmake row heights exclude the cell padding, which the DOCX renderer counts in: this makes rows match. */
const ROW = STYLE.lineHeight - 2 * STYLE.gap.cellY;

function widthsOf(relative: number[]): number[] {
  // pdfmake widths exclude cell padding and lines.
  const inner = CONTENT_WIDTH - relative.length * (2 * STYLE.gap.cellX + 0.5) - 0.5;
  return proportional(inner, relative);
}

function fixedThenStar(fixed: number[], starCount = 1): Array<number | string> {
  return [...fixed.map((w) => w), ...Array<string>(starCount).fill('*')];
}

function tableNode(body: TableCell[][], widths: Array<number | string>, extra: Partial<ContentTable> = {}): Content {
  return {
    table: { body, widths, dontBreakRows: true, ...extra.table },
    layout: extra.layout ?? grid,
    fontSize: S.table,
    margin: [0, 0, 0, STYLE.gap.block],
  } as Content;
}

function fieldsNode(b: FieldsBlock): Content {
  const label = (text: string): TableCell => ({ text, color: hex(C.muted), fillColor: hex(C.labelFill) });
  const value = (v: string | null): TableCell => ({ text: v ?? '' });
  if (b.columns === 1) {
    const body = b.rows.map((r) => [label(r.label), value(r.value)]);
    return tableNode(body, widthsOf([30, 70]), { table: { heights: ROW } as ContentTable['table'] });
  }
  const body: TableCell[][] = [];
  for (let i = 0; i < b.rows.length; i += 2) {
    const [a, c] = [b.rows[i], b.rows[i + 1]];
    body.push([label(a.label), value(a.value), c ? label(c.label) : empty(), c ? value(c.value) : empty()]);
  }
  return tableNode(body, widthsOf([17, 33, 17, 33]), { table: { heights: ROW } as ContentTable['table'] });
}

/** A row spanning the whole table. */
const spanRow = (text: string, n: number): TableCell[] => [
  { text, bold: true, colSpan: n, fillColor: hex(C.groupFill) },
  ...Array.from({ length: n - 1 }, empty),
];

/** The rows of a group, at most this many, are kept on one page; a longer group may break between chunks. */
const MAX_KEPT_ROWS = 20;

/**
 * A table whose groups of rows (a block title and its tasks, a competency and its details) are never split
 * across pages, with the header row repeated on each page. pdfmake can only keep single rows together, so the
 * outer table is a frame without lines or padding, and each group is a nested table in one of its rows.
 */
function groupedTable(header: TableCell[] | null, groups: TableCell[][][], widths: Array<number | string>): Content {
  const frame: Layout = { hLineWidth: () => 0, vLineWidth: () => 0, paddingLeft: () => 0, paddingRight: () => 0, paddingTop: () => 0, paddingBottom: () => 0 };
  // A nested table draws its top line only when nothing is above it on the page.
  const noTop: Layout = { ...grid, hLineWidth: (i) => (i === 0 ? 0 : 0.5) };
  const nested = (body: TableCell[][], top: boolean): TableCell => ({
    table: { widths, body, dontBreakRows: true },
    layout: top ? grid : noTop,
  });
  const chunks = groups.flatMap((g) =>
    Array.from({ length: Math.ceil(g.length / MAX_KEPT_ROWS) }, (_, k) => g.slice(k * MAX_KEPT_ROWS, (k + 1) * MAX_KEPT_ROWS)),
  );
  const body: TableCell[][] = [];
  if (header) body.push([nested([header], true)]);
  chunks.forEach((g, i) => body.push([nested(g, !header && i === 0)]));
  return {
    table: { widths: ['*'], body, headerRows: header ? 1 : 0, keepWithHeaderRows: header ? 1 : 0, dontBreakRows: true },
    layout: frame,
    fontSize: S.table,
    margin: [0, 0, 0, STYLE.gap.block],
  } as Content;
}

function tableBlockNode(b: TableBlock): Content {
  const n = b.header.length;
  const groups: TableCell[][][] = [];
  let grouped = false; // rows after a group row belong to it; others stand alone
  for (const row of b.rows) {
    if (isGroupRow(row)) {
      groups.push([spanRow(row.group, n)]);
      grouped = true;
    } else if (grouped) groups[groups.length - 1].push(row.map((text) => ({ text })));
    else groups.push([row.map((text) => ({ text }))]);
  }
  return groupedTable(
    b.header.map((h) => headerCell(h)),
    groups,
    widthsOf(b.widths),
  );
}

function weekNode(): Content {
  const body: TableCell[][] = [WEEK_COLUMNS.map((h) => headerCell(h))];
  for (const day of WEEK_DAYS) body.push([{ text: day }, empty(), empty(), empty()]);
  body.push([{ text: WEEK_TOTAL, bold: true, colSpan: 3, fillColor: hex(C.labelFill) }, empty(), empty(), empty()]);
  return {
    ...(tableNode(body, widthsOf([20, 32, 32, 16]), {
      table: { headerRows: 1, heights: (row: number) => (row === 0 ? 0 : STYLE.lineHeight) } as ContentTable['table'],
    }) as object),
    unbreakable: true,
  } as Content;
}

function tickCell(checked: boolean): TableCell {
  return { text: checked ? 'X' : '', bold: true, alignment: 'center', color: hex(C.accent) };
}

function ticksNode(b: TicksBlock): Content {
  const withCodes = b.groups.some((g) => g.items.some((i) => i.code));
  const n = withCodes ? 3 : 2;
  const groups = b.groups.map((g) => {
    const rows: TableCell[][] = g.title ? [spanRow(g.title, n)] : [];
    for (const item of g.items) {
      const row: TableCell[] = [tickCell(item.checked)];
      if (withCodes) row.push({ text: item.code ?? '', color: hex(C.muted) });
      row.push({ text: item.label });
      rows.push(row);
    }
    return rows;
  });
  const fixed = withCodes ? [STYLE.tickColumn, STYLE.codeColumn] : [STYLE.tickColumn];
  return groupedTable(null, groups, fixedThenStar(fixed));
}

function levelsNode(b: LevelsBlock): Content {
  const withCodes = b.rows.some((r) => r.code);
  const header: TableCell[] = [];
  if (withCodes) header.push(headerCell('Code'));
  header.push(headerCell(b.caption));
  for (const l of LEVELS) {
    const s = STYLE.level[l];
    header.push({ text: l, bold: true, alignment: 'center', color: hex(s.text), fillColor: hex(s.fill) });
  }
  const groups: TableCell[][][] = [];
  const nested = isNested(b.rows);
  for (const r of b.rows) {
    const row: TableCell[] = [];
    const sub = r.depth === 1;
    if (withCodes) row.push({ text: r.code ?? '', bold: nested && !sub, color: sub ? hex(C.muted) : hex(C.text) });
    row.push({ text: r.label, bold: nested && !sub, margin: [sub ? 10 : 0, 0, 0, 0] });
    for (const l of LEVELS) {
      const s = STYLE.level[l];
      const on = r.level === l;
      row.push({
        text: on ? 'X' : '',
        bold: true,
        alignment: 'center',
        color: hex(s.text),
        fillColor: hex(on ? s.fill : s.tint),
      });
    }
    // A competency and its detailed sub-competencies stay on one page.
    if (sub && groups.length) groups[groups.length - 1].push(row);
    else groups.push([row]);
  }
  const fixed = withCodes ? [STYLE.codeColumn] : [];
  const widths = [...fixed, '*', ...LEVELS.map(() => STYLE.levelColumn - 2 * STYLE.gap.cellX)];
  return groupedTable(header, groups, widths);
}

function starsNode(b: StarsBlock): Content {
  const value = b.value ?? 0;
  const glyphs = Array.from({ length: STAR_COUNT }, (_, i) => ({
    text: i < value ? '★' : '☆',
    color: hex(i < value ? C.starOn : C.starOff),
  }));
  const label: Content[] = [{ text: b.label, bold: true }];
  if (b.hint) label.push({ text: b.hint, fontSize: S.small, color: hex(C.muted) });
  return {
    ...(tableNode([[{ stack: label }, { text: glyphs, fontSize: S.stars, alignment: 'center' }]], widthsOf([70, 30])) as object),
    unbreakable: true,
  } as Content;
}

function boxNode(b: BoxBlock): Content {
  const body: TableCell[][] = [];
  const content: Content[] = [];
  if (b.items.length) content.push({ ul: b.items, margin: [0, 1, 0, 1] });
  if (b.text) content.push({ text: b.text });
  if (content.length) body.push([{ stack: content }]);
  for (let i = 0; i < b.lines; i++) body.push([{ text: '' }]);
  if (!body.length) body.push([{ text: '' }]);
  const first = content.length ? 1 : 0;
  const frame = tableNode(body, ['*'], {
    layout: ruled,
    table: { heights: (row: number) => (row < first ? 0 : ROW) } as ContentTable['table'],
  });
  const label: Content[] = b.label
    ? [{ text: b.label, bold: true, fontSize: S.table, color: hex(C.accent), margin: [0, 0, 0, 2] }]
    : [];
  // A short box moves to the next page whole rather than leaving its label behind.
  return { stack: [...label, frame], unbreakable: isShortBox(b) || undefined } as Content;
}

function signaturesNode(b: SignaturesBlock): Content {
  const perRow = b.parties.length === 4 ? 2 : Math.min(3, b.parties.length);
  const body: TableCell[][] = [];
  for (let i = 0; i < b.parties.length; i += perRow) {
    const row: TableCell[] = b.parties.slice(i, i + perRow).map((p) => ({
      stack: [
        { text: p.role, bold: true, color: hex(C.accent) },
        ...(p.name ? [{ text: p.name }] : []),
        ...(p.note ? [{ text: p.note, fontSize: S.small, color: hex(C.muted) }] : []),
        ...(p.dated === false ? [] : [{ text: 'Date :', color: hex(C.muted), margin: [0, 3, 0, 0] }]),
        { text: 'Signature :', color: hex(C.muted), margin: [0, p.dated === false ? 3 : 0, 0, 0] },
      ] as Content[],
    }));
    while (row.length < perRow) row.push(empty());
    body.push(row);
  }
  return {
    ...(tableNode(body, Array<string>(perRow).fill('*'), {
      table: { heights: STYLE.signatureHeight } as ContentTable['table'],
    }) as object),
    unbreakable: true,
  } as Content;
}

function blockNode(b: Block): Content {
  switch (b.kind) {
    case 'title':
      return {
        stack: [
          { text: b.text, fontSize: S.title, bold: true, color: hex(C.accent) },
          ...b.subtitle.map((s) => ({ text: s, fontSize: S.subtitle, color: hex(C.muted), margin: [0, 1, 0, 0] })),
          { canvas: [{ type: 'line', x1: 0, y1: 4, x2: CONTENT_WIDTH, y2: 4, lineWidth: 1.5, lineColor: hex(C.rule) }] },
        ],
        margin: [0, 0, 0, 10],
      } as Content;
    case 'heading':
      return {
        table: {
          widths: ['*'],
          // The headline mark sits on the cell so that pageBreakBefore sees what follows the heading.
          body: [[{ text: b.text, headlineLevel: 1, bold: true, color: hex(C.accent), fontSize: S.heading }]],
        },
        layout: { ...headingLayout, fillColor: () => hex(C.headingFill) },
        margin: [0, 4, 0, STYLE.gap.heading],
      } as Content;
    case 'paragraph':
      return {
        text: b.runs.map((r) => ({ text: r.text, bold: r.bold, italics: r.italic })),
        margin: [0, 0, 0, STYLE.gap.block],
        style: LEAD,
      };
    case 'fields':
      return fieldsNode(b);
    case 'table':
      return tableBlockNode(b);
    case 'week':
      return weekNode();
    case 'ticks':
      return ticksNode(b);
    case 'levels':
      return levelsNode(b);
    case 'stars':
      return starsNode(b);
    case 'box':
      return boxNode(b);
    case 'signatures':
      return signaturesNode(b);
    case 'pageBreak':
      return { text: '', pageBreak: 'after' };
    case 'tree':
      return pdfTree(b);
    case 'smallPrint':
      return { text: b.text, fontSize: S.small, color: hex(C.muted), margin: [0, -3, 0, STYLE.gap.block], style: LEAD };
  }
}

/**
 * Keeps each heading on the page of what it introduces. A heading, its notes and a compact block become one
 * unbreakable stack. Before a table, pdfmake's pageBreakBefore moves a heading that ends up with only its notes at
 * the foot of a page (it cannot do it for unbreakable blocks: their recorded positions are those before the move).
 */
function sections(blocks: Block[]): Content[] {
  const out: Content[] = [];
  for (let i = 0; i < blocks.length; i++) {
    if (blocks[i].kind !== 'heading') {
      out.push(blockNode(blocks[i]));
      continue;
    }
    let j = i + 1;
    while (j < blocks.length && isLead(blocks[j])) j++;
    const next = blocks[j];
    if (next && isCompact(next)) {
      out.push({ stack: blocks.slice(i, j + 1).map(blockNode), unbreakable: true });
      i = j;
    } else {
      out.push(...blocks.slice(i, j).map(blockNode));
      i = j - 1;
    }
  }
  return out;
}

/** The pdfmake document definition of a list of blocks (exported for tests and inspection). */
export function pdfDefinition(input: Block[]): TDocumentDefinitions {
  const blocks = normalizeBlocks(input);
  const { title, footer } = documentTitle(blocks);
  const m = STYLE.margins;
  return {
    pageSize: 'A4',
    pageMargins: [m.left, m.top, m.right, m.bottom],
    info: { title, creator: 'cprosync', producer: 'cprosync' },
    language: 'fr-FR',
    defaultStyle: { font: PDF_FONT_FAMILY, fontSize: S.body, color: hex(C.text), lineHeight: 1.1 },
    content: sections(blocks),
    styles: { [LEAD]: {} },
    footer: (page: number, pages: number) => ({
      columns: [
        { text: footer, width: '*' },
        { text: `Page ${page} / ${pages}`, width: 'auto', alignment: 'right' },
      ],
      margin: [m.left, 16, m.right, 0],
      fontSize: S.footer,
      color: hex(C.muted),
    }),
    pageBreakBefore: (node, nodes) =>
      node.headlineLevel === 1 && nodes.getFollowingNodesOnPage().every((n) => n.style === LEAD),
  } as TDocumentDefinitions;
}

/** Renders blocks to a PDF file's bytes. */
export function renderPdf(blocks: Block[]): Promise<Buffer> {
  return printPdf(pdfDefinition(blocks));
}
