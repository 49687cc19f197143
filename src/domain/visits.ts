// The teacher's visits and calls during a period (section 6 of the pré-convention): modes and their wording.

export const VISIT_MODES = ['visite', 'telephone', 'visio'] as const;
export type VisitMode = (typeof VISIT_MODES)[number];

export const VISIT_MODE_LABELS: Record<VisitMode, string> = {
  visite: 'visite',
  telephone: 'téléphone',
  visio: 'visio',
};

export interface TeacherVisit {
  id: number;
  assignmentId: number;
  /** ISO date. */
  date: string;
  mode: VisitMode;
  done: boolean;
  who: string | null;
  note: string | null;
}

/** The mode as typed: visite, téléphone (tel, appel), visio (visioconférence); null when unknown. */
export function parseVisitMode(input: string): VisitMode | null {
  const k = input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  if (['visite', 'visit', 'surplace'].includes(k)) return 'visite';
  if (['telephone', 'tel', 'appel', 'phone'].includes(k)) return 'telephone';
  if (['visio', 'visioconference', 'video'].includes(k)) return 'visio';
  return null;
}
