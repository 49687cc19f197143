// The tree block in DOCX: one paragraph per node, connectors drawn with box-drawing characters in a monospaced
// font so that they line up whatever the labels (Word has no simple drawing primitive that survives editing).
import { Paragraph, TextRun } from 'docx';
import { STYLE, treeRows, type TreeBlock } from '../model.js';

const tw = (pt: number) => Math.round(pt * 20);
const hp = (pt: number) => Math.round(pt * 2);
const CONNECTOR_FONT = 'Courier New';
/** Exact line height: the vertical connectors of consecutive lines nearly touch. */
const LINE = 12;
/** Trees up to this many lines are kept on one page. */
const KEEP_TOGETHER = 40;

export function docxTree(b: TreeBlock): Paragraph[] {
  const rows = treeRows(b.roots);
  const C = STYLE.color;
  return rows.map((r, i) => {
    const prefix = r.depth === 0 ? '' : r.rails.map((on) => (on ? '│  ' : '   ')).join('') + (r.last ? '└─ ' : '├─ ');
    const runs: TextRun[] = [];
    if (prefix) runs.push(new TextRun({ text: prefix, font: CONNECTOR_FONT, color: C.muted, size: hp(STYLE.size.body) }));
    runs.push(new TextRun({ text: r.node.label, bold: true, color: C.accent }));
    if (r.node.detail) runs.push(new TextRun({ text: ` — ${r.node.detail}` }));
    const lastRow = i === rows.length - 1;
    return new Paragraph({
      children: runs,
      keepNext: !lastRow && rows.length <= KEEP_TOGETHER,
      spacing: { before: 0, after: lastRow ? tw(STYLE.gap.block) : 0, line: tw(LINE), lineRule: 'exact' },
    });
  });
}
