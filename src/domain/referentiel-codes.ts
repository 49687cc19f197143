// The rule a JSON schema cannot say: every code of a référentiel is unique within its kind.
import type { Referentiel } from './referentiel.js';

export interface FieldProblem {
  /** Where, as a user reads it in the file: "blocks[1].tasks[0].code". */
  path: string;
  message: string;
}

/**
 * Duplicate codes: blocks among blocks, tasks across all blocks, competencies together with their detailed
 * sub-competencies (a detail is evaluated like a competency), attitudes among attitudes. Tolerates a malformed
 * référentiel (what is not a list or has no string code is skipped), so that it can run beside the schema check.
 */
export function duplicateCodeProblems(ref: Referentiel): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const list = (v: unknown): Array<Record<string, unknown>> =>
    Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' ? (x as Record<string, unknown>) : {})) : [];
  const check = (items: Array<{ code: unknown; path: string }>, what: string) => {
    const seen = new Map<string, string>();
    for (const { code, path } of items) {
      if (typeof code !== 'string') continue;
      const first = seen.get(code);
      if (first) problems.push({ path: `${path}.code`, message: `${what} « ${code} » en double (déjà utilisé en ${first})` });
      else seen.set(code, path);
    }
  };
  const blocks = list(ref.blocks);
  check(blocks.map((b, i) => ({ code: b.code, path: `blocks[${i}]` })), 'code de bloc');
  check(
    blocks.flatMap((b, i) => list(b.tasks).map((t, j) => ({ code: t.code, path: `blocks[${i}].tasks[${j}]` }))),
    'code de tâche',
  );
  check(
    list(ref.competencies).flatMap((c, i) => [
      { code: c.code, path: `competencies[${i}]` },
      ...list(c.details).map((d, j) => ({ code: d.code, path: `competencies[${i}].details[${j}]` })),
    ]),
    'code de compétence',
  );
  check(list(ref.attitudes).map((a, i) => ({ code: a.code, path: `attitudes[${i}]` })), "code d'attitude");
  return problems;
}
