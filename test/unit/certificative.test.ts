// The E31/E33 certificative grids: the référentiel's exam units (schema, codes), their items, kind and scale rules.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  canonicalEvaluation,
  emptyEvaluation,
  evaluationItems,
  evaluationLockReason,
  evaluationProblems,
  evaluationRefusal,
  type EvaluationContent,
} from '../../src/domain/evaluation.js';
import { examUnit, type Referentiel } from '../../src/domain/referentiel.js';
import { referentielProblems } from '../../src/importers/referentiel.js';
import { documentsForPeriod } from '../../src/domain/print.js';

const load = () => JSON.parse(readFileSync(join(import.meta.dirname, '../../templates/referentiels/bac-pro-mspc.json'), 'utf8')) as Referentiel;
const ref = load();
const e33 = { name: 'E33 T', className: 'TMSPC', kind: 'E33' as const, end: '2026-01-30' };
const content = (levels: EvaluationContent['levels']): EvaluationContent => ({ tasksDone: [], levels, modes: {}, engagement: null, meetingDate: '2026-01-30', comment: null });

describe('référentiel exam units', () => {
  it('the Bac Pro MSPC draft has E31 and E33 grids, marked draft', () => {
    for (const code of ['E31', 'E33']) {
      const unit = examUnit(ref, code)!;
      expect(unit.draft).toBe(true);
      expect(unit.criteria.length).toBeGreaterThanOrEqual(5);
      expect(unit.scale.map((s) => s.code)).toEqual(['4', '3', '2', '1', 'NE']);
    }
    expect(referentielProblems(ref)).toEqual([]);
  });

  it('refuses a criterion code already used by a competency, a step outside the six answers, a duplicate step', () => {
    const r = load() as unknown as Record<string, any>;
    r.examUnits[0].criteria[0].code = 'C1.1';
    r.examUnits[1].scale[0].code = 'TS';
    r.examUnits[1].scale.push({ code: '3', title: 'Encore' });
    const problems = referentielProblems(r);
    expect(problems).toContainEqual({ path: 'examUnits[0].criteria[0].code', message: 'code de critère « C1.1 » déjà utilisé par une compétence ou une attitude' });
    expect(problems.map((p) => p.path)).toContain('examUnits[1].scale[0].code');
    expect(problems).toContainEqual({ path: 'examUnits[1].scale[5].code', message: "réponse de l'échelle « 3 » en double (déjà utilisé en examUnits[1].scale[1])" });
  });
});

describe('certificative evaluation rules', () => {
  it("lists the unit's criteria as the grid's items", () => {
    expect(evaluationItems(ref, 'E33').map((i) => i.code)).toEqual(examUnit(ref, 'E33')!.criteria.map((c) => c.code));
  });

  it('is recorded for a period of its own kind only, and needs the grid in the référentiel', () => {
    expect(evaluationRefusal(e33, 'E33', ref)).toBeNull();
    expect(evaluationRefusal(e33, 'E31', ref)).toBe("« E33 T » (TMSPC) n'est pas une période E31 : pas de grille certificative E31");
    expect(evaluationRefusal({ ...e33, kind: 'Période 2' }, 'E33', ref)).toContain("n'est pas une période E33");
    const bare = { ...ref, examUnits: undefined };
    expect(evaluationRefusal(e33, 'E33', bare)).toBe(
      "le référentiel BACPRO-MSPC n'a pas de grille certificative E33 (examUnits) : importez-en un qui la donne (cpro referentiel import)",
    );
  });

  it("refuses an answer outside the unit's scale, an unknown criterion, tasks and engagement", () => {
    expect(evaluationProblems(ref, 'E33', content({ 'E33.1': '4', 'E33.2': 'NE' }))).toEqual([]);
    expect(evaluationProblems(ref, 'E33', { ...content({ 'E33.1': '0', 'C1.1': '3' }), tasksDone: ['A1T1'], engagement: 2 })).toEqual([
      'code de critère inconnu du référentiel BACPRO-MSPC : « C1.1 »',
      'une grille certificative E33 ne coche pas de tâches',
      "l'engagement se note dans le bilan entreprise, pas dans la grille certificative E33",
      "réponse « 0 » hors de l'échelle de l'épreuve E33 pour E33.1 (valeurs possibles : 4 (Très satisfaisant), 3 (Satisfaisant), 2 (Insuffisant), 1 (Très insuffisant), NE (Non évalué) ou vide)",
    ]);
  });

  it('starts empty on the last day, orders answers as the grid, and locks by the same rule', () => {
    expect(emptyEvaluation(ref, 'E33', e33)).toMatchObject({ levels: {}, meetingDate: '2026-01-30' });
    expect(Object.keys(canonicalEvaluation(ref, 'E33', content({ 'E33.3': '2', 'E33.1': '4' })).levels)).toEqual(['E33.1', 'E33.3']);
    expect(evaluationLockReason('E33', '2026-01-30', null, '2026-02-10')).toBe(
      'la grille certificative E33 est verrouillée : sa date de rencontre (30/01/2026) est antérieure au dernier bilan intermédiaire de compétences de la classe (10/02/2026)',
    );
  });

  it('is printed with the grilles of an E31/E33 period, in place of the bilan entreprise and without a « not produced » line', () => {
    expect(documentsForPeriod('grilles', 'E33')).toEqual({ kinds: ['bilan-attitudes', 'grille-certificative'], skipped: [] });
    expect(documentsForPeriod('grilles', 'Période 2')).toEqual({ kinds: ['bilan-attitudes', 'bilan-entreprise'], skipped: [] });
    expect(documentsForPeriod('grilles', 'Période 1').skipped.map((s) => s.document)).toEqual(['bilan-entreprise']);
  });
});
