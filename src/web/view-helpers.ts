// Formatting helpers the views call (dates in French, labels); no rule, no data access.
import { frenchDate } from '../domain/dates.js';
import { LEVELS, LEVEL_COLOURS, TYPE_LABELS } from '../domain/evaluation.js';
import { bilanStateLabel, levelField, taskField } from '../domain/portal.js';
import { frenchDayDate } from '../domain/tutor-state.js';

export const viewHelpers = {
  date: (iso: string | null | undefined) => (iso ? frenchDate(iso) : ''),
  day: (instant: string | null | undefined) => (instant ? frenchDayDate(instant) : ''),
  typeLabel: (t: keyof typeof TYPE_LABELS) => TYPE_LABELS[t],
  bilanState: bilanStateLabel,
  levels: LEVELS,
  levelName: (l: keyof typeof LEVEL_COLOURS) => (l === 'NE' ? 'non évaluable' : `niveau ${l}, ${LEVEL_COLOURS[l].name}`),
  levelField,
  taskField,
  /** A field name as an HTML id (codes hold dots and colons). */
  id: (name: string) => 'f-' + name.replace(/[^A-Za-z0-9_-]/g, '_'),
};
export type ViewHelpers = typeof viewHelpers;
