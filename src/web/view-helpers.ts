// Formatting helpers the views call (dates in French, labels); no rule, no data access.
import { frenchDate } from '../domain/dates.js';
import { LEVELS, LEVEL_COLOURS, TYPE_LABELS } from '../domain/evaluation.js';
import { bilanStateLabel, levelField, taskField } from '../domain/portal.js';
import { frenchDayDate } from '../domain/tutor-state.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const levelNames = Object.fromEntries(
  LEVELS.map((l) => [l, l === 'NE' ? 'non évaluable' : `niveau ${l}, ${LEVEL_COLOURS[l].name}`]),
) as Record<(typeof LEVELS)[number], string>;

export const viewHelpers = {
  date: (iso: string | null | undefined) => (iso ? frenchDate(iso) : ''),
  day: (instant: string | null | undefined) => (instant ? frenchDayDate(instant) : ''),
  typeLabel: (t: keyof typeof TYPE_LABELS) => TYPE_LABELS[t],
  bilanState: bilanStateLabel,
  levels: LEVELS,
  levelName: (l: keyof typeof LEVEL_COLOURS) => levelNames[l],
  /** The names of the answers, plain text without markup characters (written raw by the grids). */
  levelNames,
  /** HTML escaping, for a value computed once and written raw many times. */
  esc: (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]),
  levelField,
  taskField,
  /**
   * The rows a textarea needs to show all of its text on a phone (about 34 characters a line at 390 px), plus one
   * to type in: never fewer than `min`, never more than 15 (the box scrolls beyond).
   */
  rows: (value: string | null | undefined, min: number) => {
    const lines = String(value ?? '').split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / 34)), 0);
    return Math.min(15, Math.max(min, value ? lines + 1 : min));
  },
  /** A field name as an HTML id (codes hold dots and colons). */
  id: (name: string) => 'f-' + name.replace(/[^A-Za-z0-9_-]/g, '_'),
};
export type ViewHelpers = typeof viewHelpers;
