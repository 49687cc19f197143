// The learner's bilan personnel of a period: points forts, axes de progrès, perspectives (read-only for teachers).

export interface BilanPersonnelContent {
  strengths: string[];
  improvements: string[];
  /** "Mes perspectives pour la prochaine PFMP", one paragraph per line. */
  perspectives: string[];
}

export interface BilanPersonnel extends BilanPersonnelContent {
  assignmentId: number;
  updatedAt: string;
  /** The stored row's version, one more at each save: a save from an older read is refused. Absent outside the store. */
  version?: number;
}

/** Splits a cell into its items: one per line, or separated by " | "; bullets ("- ", "• ") are dropped. */
export function splitListCell(cell: string): string[] {
  return cell
    .split(/\r?\n|\r|\s\|\s/)
    .map((s) => s.normalize('NFC').replace(/^\s*(?:[-•*–·]\s+)/, '').replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);
}

export function isEmptyBilanPersonnel(b: BilanPersonnelContent): boolean {
  return b.strengths.length + b.improvements.length + b.perspectives.length === 0;
}

export function sameBilanPersonnel(a: BilanPersonnelContent, b: BilanPersonnelContent): boolean {
  const key = (x: BilanPersonnelContent) => JSON.stringify([x.strengths, x.improvements, x.perspectives]);
  return key(a) === key(b);
}
