// A référentiel: the diploma's activity blocks and tasks, competencies and attitudes items (data, never code).

export interface RefItem {
  code: string;
  title: string;
}
export interface RefBlock extends RefItem {
  tasks: RefItem[];
}
export interface RefCompetency extends RefItem {
  details?: RefItem[];
}
/** The answers a certificative grid uses, each with the wording of the exam's grid (a subset of the six answers). */
export interface RefScaleStep {
  code: '4' | '3' | '2' | '1' | '0' | 'NE';
  title: string;
}
/** An exam unit's certificative grid (E31, E33): the criteria assessed during the period and the scale. */
export interface RefExamUnit {
  code: 'E31' | 'E33';
  title: string;
  draft?: boolean;
  scale: RefScaleStep[];
  criteria: RefItem[];
}
export interface Referentiel {
  code: string;
  diploma: string;
  draft?: boolean;
  draftNote?: string;
  family?: string;
  blocks: RefBlock[];
  competencies: RefCompetency[];
  attitudes: RefItem[];
  /** Certificative grids of the periods tied to an exam unit; absent when the référentiel has none. */
  examUnits?: RefExamUnit[];
}

/** The grid of an exam unit, or undefined when the référentiel does not give it. */
export function examUnit(ref: Referentiel, code: string): RefExamUnit | undefined {
  return ref.examUnits?.find((u) => u.code === code);
}

/** Every task of the référentiel, with its block, in référentiel order. */
export function allTasks(ref: Referentiel): Array<RefItem & { block: string }> {
  return ref.blocks.flatMap((b) => b.tasks.map((t) => ({ ...t, block: b.code })));
}

export function taskTitle(ref: Referentiel, code: string): string | undefined {
  for (const b of ref.blocks) for (const t of b.tasks) if (t.code === code) return t.title;
  return undefined;
}

/** Normalises a task code as users type it ("a1t1 " → "A1T1"). */
export function normaliseTaskCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Splits an activities cell ("A1T1 | A2T1, A3T2") into codes. */
export function splitTaskCodes(cell: string): string[] {
  return cell
    .split(/[|,;\n]/)
    .map(normaliseTaskCode)
    .filter((c) => c.length > 0);
}

/** Splits an objectives cell: one objective per line, or separated by " | ". */
export function splitObjectives(cell: string): string[] {
  return cell
    .split(/\r?\n|\s\|\s/)
    .map((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);
}

const taskCodeSets = new WeakMap<Referentiel, Set<string>>();

/** Codes that the référentiel does not know, in the order given. */
export function unknownTaskCodes(ref: Referentiel, codes: string[]): string[] {
  let known = taskCodeSets.get(ref);
  if (!known) {
    known = new Set(allTasks(ref).map((t) => t.code));
    taskCodeSets.set(ref, known);
  }
  return codes.filter((c) => !known.has(c));
}
