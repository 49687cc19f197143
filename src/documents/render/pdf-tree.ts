// The tree block in PDF: one line per node, with vector connector lines (rails, tees and elbows) on the left.
import type { Content } from 'pdfmake/interfaces.js';
import { STYLE, treeRows, type TreeBlock } from '../model.js';

const hex = (c: string) => `#${c}`;
/** Horizontal step per level, and height of one line, in points. */
const INDENT = 14;
const ROW = 13;
/** Where a connector column's vertical line sits: under the first letter of the parent's label. */
const RAIL_X = 4;
const LABEL_X = 2;
const KEEP_TOGETHER = 30;

type Line = { type: 'line'; x1: number; y1: number; x2: number; y2: number; lineWidth: number; lineColor: string };
const seg = (x1: number, y1: number, x2: number, y2: number): Line => ({
  type: 'line', x1, y1, x2, y2, lineWidth: 0.8, lineColor: hex(STYLE.color.muted),
});

export function pdfTree(b: TreeBlock): Content {
  const rows = treeRows(b.roots);
  const lines: Content[] = rows.map((r) => {
    const label = [
      { text: r.node.label, bold: true, color: hex(STYLE.color.accent) },
      ...(r.node.detail ? [{ text: ` — ${r.node.detail}` }] : []),
    ];
    if (r.depth === 0) return { text: label, margin: [LABEL_X, 1, 0, 0] } as Content;
    const canvas: Line[] = [];
    r.rails.forEach((on, i) => on && canvas.push(seg(i * INDENT + RAIL_X, 0, i * INDENT + RAIL_X, ROW)));
    const x = (r.depth - 1) * INDENT + RAIL_X;
    canvas.push(seg(x, 0, x, r.last ? ROW / 2 : ROW), seg(x, ROW / 2, x + INDENT - RAIL_X, ROW / 2));
    return {
      columns: [
        { width: r.depth * INDENT, canvas },
        { width: '*', text: label, margin: [LABEL_X, 1, 0, 0] },
      ],
      columnGap: 0,
    } as Content;
  });
  return { stack: lines, margin: [0, 0, 0, STYLE.gap.block], unbreakable: rows.length <= KEEP_TOGETHER } as Content;
}
