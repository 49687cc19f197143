// The dashboard PDF: the blocks of documents/dashboard.ts through the shared PDF renderer, followed by one
// chart per competency of its levels over time, drawn with pdfmake canvas vectors (the layout kit has no chart
// block; this is the only pdfmake-specific piece, kept next to the renderer it extends).
import type { Content } from 'pdfmake/interfaces.js';
import { LEVEL_COLOURS, type Level } from '../../domain/evaluation.js';
import { columnsOf, type Dashboard, type DashboardRow } from '../../domain/dashboard.js';
import { shortFrenchDate } from '../../domain/dates.js';
import { STYLE, CONTENT_WIDTH } from '../model.js';
import { dashboardBlocks } from '../dashboard.js';
import { pdfDefinition } from './pdf.js';
import { printPdf } from './pdf-fonts.js';

const hex = (c: string) => `#${c}`;
/** Rows of the chart, top to bottom: the five levels, then NE on a band of its own. */
const BANDS: Level[] = ['4', '3', '2', '1', '0', 'NE'];
const LABEL_WIDTH = 150;
const AXIS_WIDTH = 16;
const CHART_HEIGHT = 66;
const BAND_STEP = (CHART_HEIGHT - 10) / (BANDS.length - 1);
const AXIS_LINE = 5.5 * 1.164;

export async function dashboardPdf(d: Dashboard, now = new Date()): Promise<Buffer> {
  const def = pdfDefinition(dashboardBlocks(d, now, true));
  const charts = competencyCharts(d);
  def.content = [...(def.content as Content[]), ...charts];
  return printPdf(def);
}

/** One chart per competency or sub-competency that has at least one answer, all on the same time axis. */
export function competencyCharts(d: Dashboard): Content[] {
  const columns = columnsOf(d, 'entreprise');
  if (columns.length === 0) return [];
  const width = CONTENT_WIDTH - LABEL_WIDTH - AXIS_WIDTH - 10;
  const step = width / columns.length;
  const xOf = new Map(columns.map(([i], k) => [i, step * (k + 0.5)]));
  const yOf = (l: Level) => 5 + BANDS.indexOf(l) * BAND_STEP;
  return d.competencies
    .filter((r) => r.history.length)
    .map((r) => chart(r, width, xOf, yOf, columns.map(([, e]) => `${e.period}\n${shortFrenchDate(e.meetingDate)}`), step));
}

function chart(
  row: DashboardRow,
  width: number,
  xOf: Map<number, number>,
  yOf: (l: Level) => number,
  xLabels: string[],
  step: number,
): Content {
  const vectors: object[] = [];
  for (const band of BANDS) {
    vectors.push({
      type: 'line', x1: 0, y1: yOf(band), x2: width, y2: yOf(band), lineWidth: 0.4,
      lineColor: band === 'NE' ? hex(LEVEL_COLOURS.NE.hex) : '#C8C8C8', dash: band === 'NE' ? { length: 2, space: 2 } : undefined,
    });
  }
  // Consecutive numeric answers are joined; an NE interrupts nothing but is not joined either.
  const numeric = row.history.filter((h) => h.level !== 'NE');
  if (numeric.length > 1) {
    vectors.push({
      type: 'polyline', lineWidth: 1.2, lineColor: hex(STYLE.color.accent),
      points: numeric.map((h) => ({ x: xOf.get(h.evaluation)!, y: yOf(h.level) })),
    });
  }
  for (const h of row.history) {
    vectors.push({
      type: 'ellipse', x: xOf.get(h.evaluation)!, y: yOf(h.level), r1: 3.6, r2: 3.6,
      color: hex(LEVEL_COLOURS[h.level].hex), lineColor: '#FFFFFF', lineWidth: 0.6,
    });
  }
  const sub = row.parent !== null;
  return {
    unbreakable: true,
    margin: [0, 0, 0, 8],
    columns: [
      {
        width: LABEL_WIDTH,
        stack: [
          { text: row.code, bold: true, color: hex(sub ? STYLE.color.muted : STYLE.color.accent), fontSize: STYLE.size.table },
          { text: row.title, fontSize: STYLE.size.small, color: hex(STYLE.color.muted) },
          { text: `Dernier niveau : ${row.latest?.level ?? '—'}`, fontSize: STYLE.size.small, margin: [0, 2, 0, 0] },
        ],
        margin: [sub ? 10 : 0, 0, 0, 0],
      },
      {
        width: AXIS_WIDTH,
        stack: BANDS.map((b) => ({
          text: b,
          fontSize: 5.5,
          bold: true,
          color: hex(LEVEL_COLOURS[b].hex),
          alignment: 'right',
          lineHeight: 1,
          // Each label centred on its band: DejaVu's line box is about 1.164 × the font size.
          margin: [0, b === '4' ? 5 - AXIS_LINE / 2 : BAND_STEP - AXIS_LINE, 0, 0],
        })),
      },
      {
        width,
        stack: [
          { canvas: vectors },
          {
            columns: xLabels.map((t) => ({ text: t, width: step, alignment: 'center', fontSize: 5.5, color: hex(STYLE.color.muted) })),
            columnGap: 0,
            margin: [0, 4, 0, 0],
          },
        ],
      },
    ],
    columnGap: 5,
  } as Content;
}
