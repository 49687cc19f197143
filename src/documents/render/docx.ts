// Blocks → DOCX (A4, editable in Word and LibreOffice), with the docx package.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  HeightRule,
  PageNumber,
  Paragraph,
  ShadingType,
  TabStopType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IBorderOptions,
  type IParagraphOptions,
  type IRunOptions,
} from 'docx';
import {
  CONTENT_WIDTH,
  LEVELS,
  STAR_COUNT,
  STYLE,
  WEEK_COLUMNS,
  WEEK_DAYS,
  WEEK_TOTAL,
  documentTitle,
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
  type TitleBlock,
} from '../model.js';
import { docxTree } from './docx-tree.js';
import { packDocx } from './docx-pack.js';

const C = STYLE.color;
const S = STYLE.size;
/** Points → twentieths of a point (twips), the unit of Word measures. */
const tw = (pt: number) => Math.round(pt * 20);
/** Points → half-points, the unit of Word font sizes. */
const hp = (pt: number) => Math.round(pt * 2);
const WIDTH = tw(CONTENT_WIDTH);

type Body = Array<Paragraph | Table>;

const line = (color: string = C.border, size = 4, style: IBorderOptions['style'] = BorderStyle.SINGLE): IBorderOptions => ({
  style,
  size,
  color,
});

const fill = (color: string) => ({ type: ShadingType.CLEAR, color: 'auto', fill: color });

interface CellText extends IRunOptions {
  text: string;
}
interface CellOptions {
  runs?: CellText[] | string;
  paragraphs?: Paragraph[];
  fill?: string;
  span?: number;
  align?: (typeof AlignmentType)[keyof typeof AlignmentType];
  indent?: number;
  bold?: boolean;
  color?: string;
}

function para(runs: CellText[] | string, opts: Partial<IParagraphOptions> = {}, runDefaults: IRunOptions = {}): Paragraph {
  const list = typeof runs === 'string' ? [{ text: runs }] : runs;
  // Word prints "\n" inside a run as a space: each line after the first becomes a run after a line break.
  const children = list.flatMap((r) =>
    r.text.split('\n').map((text, i) => new TextRun({ ...runDefaults, ...r, text, ...(i ? { break: 1 } : {}) })),
  );
  return new Paragraph({ ...opts, children });
}

function cell(o: CellOptions): TableCell {
  const run: IRunOptions = { bold: o.bold, color: o.color, size: hp(S.table) };
  const paragraphs = o.paragraphs ?? [
    para(o.runs ?? '', { alignment: o.align, indent: o.indent ? { left: tw(o.indent) } : undefined }, run),
  ];
  return new TableCell({
    children: paragraphs,
    shading: o.fill ? fill(o.fill) : undefined,
    columnSpan: o.span,
    verticalAlign: VerticalAlign.TOP,
  });
}

interface TableOptions {
  widths: number[]; // points
  header?: number; // count of header rows, repeated on each page
  minHeight?: number | ((row: number) => number);
  keepTogether?: boolean;
  /** Rows kept on the page of the row after them (the rows of a group but its last). */
  keepWithNext?: (row: number) => boolean;
  borders?: 'grid' | 'ruled';
}

/** For groups of rows given by their sizes (header rows count as a group kept with the next row): which rows keep with the next. */
function groupChain(sizes: number[]): (row: number) => boolean {
  const keep: boolean[] = [];
  for (const n of sizes) for (let k = 0; k < n; k++) keep.push(k < n - 1);
  return (row) => keep[row] ?? false;
}

function makeTable(rows: TableCell[][], o: TableOptions): Table {
  const widths = o.widths.map(tw);
  const total = widths.reduce((a, b) => a + b, 0);
  const grid = line();
  const inner = o.borders === 'ruled' ? line('C8C8C8', 4, BorderStyle.DOTTED) : grid;
  return new Table({
    width: { size: total, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    margins: { top: tw(STYLE.gap.cellY), bottom: tw(STYLE.gap.cellY), left: tw(STYLE.gap.cellX), right: tw(STYLE.gap.cellX) },
    borders: {
      top: grid,
      bottom: grid,
      left: grid,
      right: grid,
      insideHorizontal: inner,
      insideVertical: grid,
    },
    rows: rows.map((children, i) => {
      const h = typeof o.minHeight === 'function' ? o.minHeight(i) : o.minHeight;
      return new TableRow({
        children,
        cantSplit: true,
        tableHeader: o.header !== undefined && i < o.header,
        // Header rows stay with the first data row; a table kept together chains every row to the next.
        keepNext:
          (o.header !== undefined && i < o.header) ||
          (o.keepTogether && i < rows.length - 1) ||
          (o.keepWithNext?.(i) ?? false),
        height: h ? { value: tw(h), rule: HeightRule.ATLEAST } : undefined,
      });
    }),
  });
}

/** Space after a table: Word has no table margin, so a small empty paragraph follows. */
const spacer = (pt: number = STYLE.gap.block) => new Paragraph({ spacing: { before: 0, after: 0, line: tw(pt), lineRule: 'exact' } });

const headerCell = (text: string, extra: Partial<CellOptions> = {}) =>
  cell({ runs: text, bold: true, color: C.accent, fill: C.headingFill, ...extra });

function innerWidths(relative: number[]): number[] {
  return proportional(CONTENT_WIDTH, relative);
}

function titleBlock(b: TitleBlock): Body {
  const rule = { bottom: { style: BorderStyle.SINGLE, size: 12, color: C.rule, space: 4 } };
  const out: Paragraph[] = [
    para([{ text: b.text }], {
      heading: HeadingLevel.TITLE,
      spacing: { after: tw(2) },
      border: b.subtitle.length ? undefined : rule,
    }, { bold: true, size: hp(S.title), color: C.accent }),
  ];
  b.subtitle.forEach((s, i) =>
    out.push(
      para(s, { spacing: { after: tw(1) }, border: i === b.subtitle.length - 1 ? rule : undefined }, {
        size: hp(S.subtitle),
        color: C.muted,
      }),
    ),
  );
  out.push(spacer(8));
  return out;
}

function fieldsBlock(b: FieldsBlock): Body {
  const label = (text: string) => cell({ runs: text, color: C.muted, fill: C.labelFill });
  const value = (v: string | null) => cell({ runs: v ?? '' });
  const rows: TableCell[][] = [];
  if (b.columns === 1) {
    for (const r of b.rows) rows.push([label(r.label), value(r.value)]);
    return [makeTable(rows, { widths: innerWidths([30, 70]), minHeight: STYLE.lineHeight }), spacer()];
  }
  for (let i = 0; i < b.rows.length; i += 2) {
    const [a, c] = [b.rows[i], b.rows[i + 1]];
    rows.push([label(a.label), value(a.value), c ? label(c.label) : cell({}), c ? value(c.value) : cell({})]);
  }
  return [makeTable(rows, { widths: innerWidths([17, 33, 17, 33]), minHeight: STYLE.lineHeight }), spacer()];
}

function tableBlock(b: TableBlock): Body {
  const n = b.header.length;
  const rows: TableCell[][] = [b.header.map((h) => headerCell(h))];
  const sizes = [1];
  let grouped = false; // rows after a group row belong to it; others stand alone
  for (const row of b.rows) {
    if (isGroupRow(row)) {
      rows.push([cell({ runs: row.group, bold: true, fill: C.groupFill, span: n })]);
      sizes.push(1);
      grouped = true;
    } else {
      rows.push(row.map((text) => cell({ runs: text })));
      if (grouped) sizes[sizes.length - 1]++;
      else sizes.push(1);
    }
  }
  return [makeTable(rows, { widths: innerWidths(b.widths), header: 1, keepWithNext: groupChain(sizes) }), spacer()];
}

function weekBlock(): Body {
  const rows: TableCell[][] = [WEEK_COLUMNS.map((h) => headerCell(h))];
  for (const day of WEEK_DAYS) rows.push([cell({ runs: day }), cell({}), cell({}), cell({})]);
  rows.push([cell({ runs: WEEK_TOTAL, bold: true, fill: C.labelFill, span: 3 }), cell({})]);
  return [
    makeTable(rows, {
      widths: innerWidths([20, 32, 32, 16]),
      header: 1,
      keepTogether: true,
      minHeight: (i) => (i === 0 ? 0 : STYLE.lineHeight + 2 * STYLE.gap.cellY),
    }),
    spacer(),
  ];
}

const tickCell = (checked: boolean) =>
  cell({ runs: checked ? 'X' : '', bold: true, color: C.accent, align: AlignmentType.CENTER });

function ticksBlock(b: TicksBlock): Body {
  const withCodes = b.groups.some((g) => g.items.some((i) => i.code));
  const n = withCodes ? 3 : 2;
  const rows: TableCell[][] = [];
  const sizes: number[] = [];
  for (const g of b.groups) {
    sizes.push(g.items.length + (g.title ? 1 : 0));
    if (g.title) rows.push([cell({ runs: g.title, bold: true, fill: C.groupFill, span: n })]);
    for (const item of g.items) {
      const row = [tickCell(item.checked)];
      if (withCodes) row.push(cell({ runs: item.code ?? '', color: C.muted }));
      row.push(cell({ runs: item.label }));
      rows.push(row);
    }
  }
  const fixed = withCodes ? [STYLE.tickColumn + 2 * STYLE.gap.cellX, STYLE.codeColumn + 2 * STYLE.gap.cellX] : [STYLE.tickColumn + 2 * STYLE.gap.cellX];
  const rest = CONTENT_WIDTH - fixed.reduce((a, c) => a + c, 0);
  return [makeTable(rows, { widths: [...fixed, rest], keepWithNext: groupChain(sizes) }), spacer()];
}

function levelsBlock(b: LevelsBlock): Body {
  const withCodes = b.rows.some((r) => r.code);
  const header: TableCell[] = [];
  if (withCodes) header.push(headerCell('Code'));
  header.push(headerCell(b.caption));
  for (const l of LEVELS) {
    const s = STYLE.level[l];
    header.push(cell({ runs: l, bold: true, color: s.text, fill: s.fill, align: AlignmentType.CENTER }));
  }
  const rows: TableCell[][] = [header];
  const sizes = [1];
  const nested = isNested(b.rows);
  for (const r of b.rows) {
    const sub = r.depth === 1;
    // A competency and its detailed sub-competencies stay on one page.
    if (sub && sizes.length > 1) sizes[sizes.length - 1]++;
    else sizes.push(1);
    const row: TableCell[] = [];
    if (withCodes) row.push(cell({ runs: r.code ?? '', bold: nested && !sub, color: sub ? C.muted : C.text }));
    row.push(cell({ runs: r.label, bold: nested && !sub, indent: sub ? 10 : 0 }));
    for (const l of LEVELS) {
      const s = STYLE.level[l];
      const on = r.level === l;
      row.push(cell({ runs: on ? 'X' : '', bold: true, color: s.text, fill: on ? s.fill : s.tint, align: AlignmentType.CENTER }));
    }
    rows.push(row);
  }
  const levelCols = LEVELS.map(() => STYLE.levelColumn);
  const code = withCodes ? [STYLE.codeColumn + 2 * STYLE.gap.cellX] : [];
  const label = CONTENT_WIDTH - [...code, ...levelCols].reduce((a, c) => a + c, 0);
  return [
    makeTable(rows, { widths: [...code, label, ...levelCols], header: 1, keepWithNext: groupChain(sizes) }),
    spacer(),
  ];
}

function starsBlock(b: StarsBlock): Body {
  const value = b.value ?? 0;
  const glyphs = Array.from({ length: STAR_COUNT }, (_, i) => ({
    text: i < value ? '★' : '☆',
    color: i < value ? C.starOn : C.starOff,
    font: STYLE.font.symbolsDocx,
    size: hp(S.stars),
  }));
  const labelParas = [para([{ text: b.label, bold: true }], {}, { size: hp(S.table) })];
  if (b.hint) labelParas.push(para(b.hint, {}, { size: hp(S.small), color: C.muted }));
  const spaced = glyphs.flatMap((g, i) => (i ? [{ text: ' ', size: g.size }, g] : [g]));
  const row = [
    cell({ paragraphs: labelParas }),
    cell({ paragraphs: [para(spaced, { alignment: AlignmentType.CENTER })] }),
  ];
  return [makeTable([row], { widths: innerWidths([70, 30]) }), spacer()];
}

function boxBlock(b: BoxBlock): Body {
  const rows: TableCell[][] = [];
  const content: Paragraph[] = b.items.map((item) =>
    para(`•\t${item}`, { indent: { left: tw(12), hanging: tw(9) }, tabStops: [{ type: TabStopType.LEFT, position: tw(12) }] }, {
      size: hp(S.table),
    }),
  );
  if (b.text) content.push(para(b.text, {}, { size: hp(S.table) }));
  if (content.length) rows.push([cell({ paragraphs: content })]);
  for (let i = 0; i < b.lines; i++) rows.push([cell({})]);
  if (!rows.length) rows.push([cell({})]);
  const first = content.length ? 1 : 0;
  const short = isShortBox(b);
  const label = b.label
    ? [para(b.label, { keepNext: true, spacing: { after: tw(2) } }, { bold: true, size: hp(S.table), color: C.accent })]
    : [];
  return [
    ...label,
    makeTable(rows, {
      widths: [CONTENT_WIDTH],
      borders: 'ruled',
      keepTogether: short,
      minHeight: (i) => (i < first ? 0 : STYLE.lineHeight),
    }),
    spacer(),
  ];
}

function signaturesBlock(b: SignaturesBlock): Body {
  const perRow = b.parties.length === 4 ? 2 : Math.min(3, b.parties.length);
  const rows: TableCell[][] = [];
  for (let i = 0; i < b.parties.length; i += perRow) {
    const row = b.parties.slice(i, i + perRow).map((p) => {
      const ps = [para([{ text: p.role, bold: true, color: C.accent }], {}, { size: hp(S.table) })];
      if (p.name) ps.push(para(p.name, {}, { size: hp(S.table) }));
      if (p.note) ps.push(para(p.note, {}, { size: hp(S.small), color: C.muted }));
      if (p.dated !== false) ps.push(para('Date :', { spacing: { before: tw(3) } }, { size: hp(S.table), color: C.muted }));
      ps.push(para('Signature :', { spacing: { before: tw(p.dated === false ? 3 : 0) } }, { size: hp(S.table), color: C.muted }));
      return cell({ paragraphs: ps });
    });
    while (row.length < perRow) row.push(cell({}));
    rows.push(row);
  }
  return [
    makeTable(rows, {
      widths: innerWidths(Array<number>(perRow).fill(1)),
      minHeight: STYLE.signatureHeight + 2 * STYLE.gap.cellY,
      keepTogether: true,
    }),
    spacer(),
  ];
}

/** `keepNext` is set on a heading's notes, so that they stay on the page of what follows. */
function blockBody(b: Block, keepNext = false): Body {
  switch (b.kind) {
    case 'title':
      return titleBlock(b);
    case 'heading':
      return [
        para(b.text, {
          heading: HeadingLevel.HEADING_2,
          keepNext: true,
          keepLines: true,
          shading: fill(C.headingFill),
          // Borders in the fill colour pad the shaded band above and below the text, as in the PDF.
          border: {
            left: { style: BorderStyle.SINGLE, size: 24, color: C.accent, space: 4 },
            top: { style: BorderStyle.SINGLE, size: 4, color: C.headingFill, space: 2 },
            bottom: { style: BorderStyle.SINGLE, size: 4, color: C.headingFill, space: 2 },
          },
          spacing: { before: tw(6), after: tw(STYLE.gap.heading + 2) },
          indent: { left: tw(4) },
        }, { bold: true, color: C.accent, size: hp(S.heading) }),
      ];
    case 'paragraph':
      return [
        new Paragraph({
          keepNext,
          spacing: { after: tw(STYLE.gap.block) },
          children: b.runs.map((r) => new TextRun({ text: r.text, bold: r.bold, italics: r.italic })),
        }),
      ];
    case 'fields':
      return fieldsBlock(b);
    case 'table':
      return tableBlock(b);
    case 'week':
      return weekBlock();
    case 'ticks':
      return ticksBlock(b);
    case 'levels':
      return levelsBlock(b);
    case 'stars':
      return starsBlock(b);
    case 'box':
      return boxBlock(b);
    case 'signatures':
      return signaturesBlock(b);
    case 'pageBreak':
      return [new Paragraph({ pageBreakBefore: true })];
    case 'tree':
      return docxTree(b);
    case 'smallPrint':
      return [para(b.text, { keepNext, spacing: { after: tw(STYLE.gap.block) } }, { size: hp(S.small), color: C.muted })];
  }
}

function footer(text: string): Footer {
  const run = { size: hp(S.footer), color: C.muted };
  return new Footer({
    children: [
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: WIDTH }],
        children: [
          new TextRun({ ...run, text }),
          new TextRun({ ...run, children: ['\tPage ', PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES] }),
        ],
      }),
    ],
  });
}

/** The docx Document of a list of blocks. */
export function docxDocument(input: Block[]): Document {
  const blocks = normalizeBlocks(input);
  const meta = documentTitle(blocks);
  const m = STYLE.margins;
  return new Document({
    title: meta.title,
    creator: 'cprosync',
    styles: {
      default: {
        document: {
          // French, so that Word and LibreOffice spell-check what the teacher types into the fields.
          run: { font: STYLE.font.docx, size: hp(S.body), color: C.text, language: { value: 'fr-FR' } },
          paragraph: { spacing: { before: 0, after: 0, line: 252 } },
        },
        title: { run: { font: STYLE.font.docx, size: hp(S.title), bold: true, color: C.accent } },
        heading2: { run: { font: STYLE.font.docx, size: hp(S.heading), bold: true, color: C.accent } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: tw(STYLE.page.width), height: tw(STYLE.page.height) },
            margin: { top: tw(m.top), right: tw(m.right), bottom: tw(m.bottom), left: tw(m.left), footer: tw(m.bottom / 2) },
          },
        },
        footers: { default: footer(meta.footer) },
        children: blocks.flatMap((b, i) => {
          let k = i - 1;
          while (k >= 0 && isLead(blocks[k])) k--;
          return blockBody(b, isLead(b) && k >= 0 && blocks[k].kind === 'heading');
        }),
      },
    ],
  });
}

/** Renders blocks to a DOCX file's bytes. */
export function renderDocx(blocks: Block[]): Promise<Buffer> {
  return packDocx(docxDocument(blocks));
}
