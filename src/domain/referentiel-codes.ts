// The rule a JSON schema cannot say: every code of a référentiel is unique within its kind.
import type { Referentiel } from './referentiel.js';

export interface FieldProblem {
  /** Where, as a user reads it in the file: "blocks[1].tasks[0].code". */
  path: string;
  message: string;
}

/**
 * Duplicate codes: blocks among blocks, tasks across all blocks, competencies together with their detailed
 * sub-competencies (a detail is evaluated like a competency), attitudes among attitudes, exam units' criteria among
 * themselves and apart from competencies and attitudes. Tolerates a malformed
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
  // Criteria share the evaluation CSV's columns with competencies and attitudes: their codes differ from those too.
  const units = list(ref.examUnits);
  check(units.map((u, i) => ({ code: u.code, path: `examUnits[${i}]` })), 'épreuve');
  const taken = new Set(
    list(ref.competencies)
      .flatMap((c) => [c.code, ...list(c.details).map((d) => d.code)])
      .concat(list(ref.attitudes).map((a) => a.code)),
  );
  const criteria = units.flatMap((u, i) => list(u.criteria).map((c, j) => ({ code: c.code, path: `examUnits[${i}].criteria[${j}]` })));
  for (const c of criteria) {
    if (typeof c.code === 'string' && taken.has(c.code)) {
      problems.push({ path: `${c.path}.code`, message: `code de critère « ${c.code} » déjà utilisé par une compétence ou une attitude` });
    }
  }
  check(criteria, 'code de critère');
  for (const [i, u] of units.entries()) {
    check(list(u.scale).map((st, j) => ({ code: st.code, path: `examUnits[${i}].scale[${j}]` })), "réponse de l'échelle");
  }
  return problems;
}
