// Pure rules of domain/evaluation.ts: the scale, validation by name, kind and lock rules, canonical form, merging.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LEVELS,
  LEVEL_COLOURS,
  canonicalEvaluation,
  defaultMeetingDate,
  emptyEvaluation,
  evaluationChanges,
  evaluationItems,
  evaluationLockReason,
  evaluationProblems,
  evaluationRefusal,
  parseEngagement,
  parseLevel,
  sameEvaluation,
  type EvaluationContent,
} from '../../src/domain/evaluation.js';
import { splitListCell } from '../../src/domain/bilan-personnel.js';
import { mergeRow } from '../../src/services/evaluations/import-evaluations.js';
import type { Referentiel } from '../../src/domain/referentiel.js';
import type { EvaluationRow } from '../../src/importers/evaluation.js';

const ref = JSON.parse(readFileSync(join(import.meta.dirname, '../../templates/referentiels/bac-pro-mspc.json'), 'utf8')) as Referentiel;
const period = { name: 'PFMP 2', className: '2MSPC1', kind: 'Période 2' as const, start: '2025-06-02', end: '2025-06-27' };

const content = (over: Partial<EvaluationContent> = {}): EvaluationContent => ({
  tasksDone: [],
  levels: {},
  modes: {},
  engagement: null,
  meetingDate: '2025-06-27',
  comment: null,
  ...over,
});

describe('the six-answer scale', () => {
  it('has the six answers of the user guide, each in its colour', () => {
    expect(LEVELS).toEqual(['4', '3', '2', '1', '0', 'NE']);
    expect(Object.fromEntries(LEVELS.map((l) => [l, LEVEL_COLOURS[l].name]))).toEqual({
      '4': 'vert', '3': 'jaune', '2': 'orange', '1': 'rouge', '0': 'gris', NE: 'bleu',
    });
  });
  it('parses answers as typed, empty meaning no answer, anything else invalid', () => {
    expect(parseLevel('3')).toBe('3');
    expect(parseLevel(' ne ')).toBe('NE');
    expect(parseLevel('N.E.')).toBe('NE');
    expect(parseLevel('')).toBeNull();
    expect(parseLevel('5')).toBeUndefined();
    expect(parseLevel('A')).toBeUndefined();
    expect(parseLevel('3.5')).toBeUndefined();
  });
  it('parses engagement as 1–4 or stars', () => {
    expect(parseEngagement('3')).toBe(3);
    expect(parseEngagement('★★☆☆')).toBe(2);
    expect(parseEngagement('')).toBeNull();
    expect(parseEngagement('0')).toBeUndefined();
    expect(parseEngagement('5')).toBeUndefined();
    expect(parseEngagement('trois')).toBeUndefined();
  });
});

describe('grid items', () => {
  it('lists competencies each followed by its sub-competencies, and the attitudes', () => {
    const items = evaluationItems(ref, 'entreprise');
    expect(items.slice(0, 4).map((i) => [i.code, i.parent])).toEqual([
      ['C1.1', null], ['C1.1.1', 'C1.1'], ['C1.1.2', 'C1.1'], ['C1.2', null],
    ]);
    expect(items.find((i) => i.code === 'C2.3')!.details).toEqual(['C2.3.1', 'C2.3.2', 'C2.3.3']);
    expect(evaluationItems(ref, 'attitudes').map((i) => i.code)).toHaveLength(10);
  });
});

describe('kind rule', () => {
  it('refuses a bilan entreprise for Période 1, E31 and E33, saying why', () => {
    expect(evaluationRefusal({ ...period, name: 'PFMP 1', kind: 'Période 1' }, 'entreprise')).toBe(
      "« PFMP 1 » (2MSPC1) n'a pas de bilan entreprise : une « Période 1 » est évaluée sur les seules attitudes " +
        "professionnelles ; seul le bilan des attitudes professionnelles (--type attitudes) s'y enregistre",
    );
    expect(evaluationRefusal({ ...period, kind: 'E31' }, 'entreprise')).toContain("rattachée à une épreuve d'examen");
    expect(evaluationRefusal({ ...period, kind: 'E33' }, 'entreprise')).toContain('grille certificative');
  });
  it('accepts a bilan entreprise for Période 2 and Autre, and attitudes for every kind', () => {
    expect(evaluationRefusal(period, 'entreprise')).toBeNull();
    expect(evaluationRefusal({ ...period, kind: 'Autre' }, 'entreprise')).toBeNull();
    for (const kind of ['Période 1', 'Période 2', 'Autre', 'E31', 'E33'] as const) {
      expect(evaluationRefusal({ ...period, kind }, 'attitudes')).toBeNull();
    }
  });
});

describe('lock rule', () => {
  it('locks an evaluation whose meeting date is before the latest bilan intermédiaire, giving both dates', () => {
    expect(evaluationLockReason('entreprise', '2025-06-27', '2025-06-27', '2025-09-15')).toBe(
      'le bilan entreprise est verrouillé : sa date de rencontre (27/06/2025) est antérieure au dernier bilan ' +
        'intermédiaire de compétences de la classe (15/09/2025)',
    );
  });
  it('refuses to give an evaluation a date that would lock it at once', () => {
    expect(evaluationLockReason('attitudes', null, '2025-06-27', '2025-09-15')).toBe(
      'la date de rencontre 27/06/2025 est antérieure au dernier bilan intermédiaire de compétences de la classe ' +
        '(15/09/2025) : un bilan à cette date serait verrouillé',
    );
    expect(evaluationLockReason('attitudes', null, '2025-09-16', '2025-09-15')).toBeNull();
    expect(evaluationLockReason('entreprise', '2025-06-27', '2025-06-27', null)).toBeNull();
  });
});

describe('canonical form', () => {
  it('defaults the meeting date to the period end', () => {
    expect(defaultMeetingDate(period)).toBe('2025-06-27');
    expect(emptyEvaluation(ref, 'entreprise', period).meetingDate).toBe('2025-06-27');
  });
  it('orders tasks and levels as the référentiel, infers modes, trims the comment', () => {
    const c = canonicalEvaluation(ref, 'entreprise', content({
      tasksDone: ['A2T1', 'A1T1', 'A2T1'],
      levels: { 'C2.2': '3', 'C1.1.2': '2', 'C1.2': 'NE' },
      comment: '  bien \r\n ',
    }));
    expect(c.tasksDone).toEqual(['A1T1', 'A2T1']);
    expect(Object.keys(c.levels)).toEqual(['C1.1.2', 'C1.2', 'C2.2']);
    expect(c.modes).toEqual({ 'C1.1': 'detailed', 'C2.1': 'global', 'C2.3': 'global' });
    expect(c.comment).toBe('bien');
  });
  it('keeps a chosen detailed mode without answers, and drops tasks and engagement from attitudes', () => {
    expect(canonicalEvaluation(ref, 'entreprise', content({ modes: { 'C2.3': 'detailed' } })).modes['C2.3']).toBe('detailed');
    const a = canonicalEvaluation(ref, 'attitudes', content({ tasksDone: ['A1T1'], engagement: 3, levels: { AT1: '4' } }));
    expect(a).toMatchObject({ tasksDone: [], engagement: null, modes: {} });
  });
  it('compares and describes changes', () => {
    const a = canonicalEvaluation(ref, 'entreprise', content({ levels: { 'C2.2': '2' }, engagement: 2 }));
    const b = canonicalEvaluation(ref, 'entreprise', content({ levels: { 'C2.2': '3' }, engagement: 2 }));
    expect(sameEvaluation(a, a)).toBe(true);
    expect(sameEvaluation(a, b)).toBe(false);
    expect(evaluationChanges(a, { ...b, meetingDate: '2025-06-30' })).toEqual(['C2.2 : 2 → 3', 'date de rencontre : 27/06/2025 → 30/06/2025']);
  });
});

describe('validation by name', () => {
  it('names unknown codes, unknown tasks, double modes and bad engagement', () => {
    const problems = evaluationProblems(ref, 'entreprise', content({
      tasksDone: ['A1T1', 'Z9T9'],
      levels: { 'C9.9': '3', 'C1.1': '2', 'C1.1.1': '3', 'C2.2': '7' as never },
      engagement: 5,
    }));
    expect(problems).toEqual([
      'code de compétence inconnu du référentiel BACPRO-MSPC : « C9.9 »',
      'réponse « 7 » invalide pour C2.2 (valeurs possibles : 4, 3, 2, 1, 0, NE ou vide)',
      'code de tâche inconnu du référentiel BACPRO-MSPC : « Z9T9 »',
      "C1.1 est évaluée à la fois globalement et par compétences détaillées (C1.1.1) : choisissez l'un des deux",
      'engagement « 5 » invalide (de 1 à 4 étoiles, ou vide)',
    ]);
  });
  it('refuses competencies, tasks and engagement in a bilan des attitudes', () => {
    expect(evaluationProblems(ref, 'attitudes', content({ levels: { 'C1.1': '3', AT1: '4' }, tasksDone: ['A1T1'], engagement: 2 }))).toEqual([
      "code d'attitude inconnu du référentiel BACPRO-MSPC : « C1.1 »",
      'un bilan des attitudes ne coche pas de tâches',
      "l'engagement se note dans le bilan entreprise, pas dans le bilan des attitudes",
    ]);
  });
});

describe('an imported row onto a recorded evaluation', () => {
  const recorded = {
    ...canonicalEvaluation(ref, 'entreprise', content({
      tasksDone: ['A1T1'], levels: { 'C1.1.1': '3', 'C1.1.2': '2', 'C2.2': '2' }, engagement: 3, comment: 'ok',
    })),
    assignmentId: 1, type: 'entreprise' as const, updatedAt: '',
  };
  const row = (over: Partial<EvaluationRow>): EvaluationRow => ({ line: 2, ine: null, lastName: 'A', firstName: 'B', levels: new Map(), blank: false, ...over });

  it('keeps what absent columns hold and clears what empty cells hold', () => {
    const merged = mergeRow(ref, 'entreprise', period, recorded, row({ levels: new Map([['C2.2', null], ['C3.1', '4']]), engagement: null }));
    expect(merged.levels).toEqual({ 'C1.1.1': '3', 'C1.1.2': '2', 'C3.1': '4' });
    expect(merged).toMatchObject({ tasksDone: ['A1T1'], engagement: null, comment: 'ok', meetingDate: '2025-06-27' });
  });
  it('switches a competency to global when the file answers it globally', () => {
    const merged = mergeRow(ref, 'entreprise', period, recorded, row({ levels: new Map([['C1.1', '4']]) }));
    expect(merged.levels).toEqual({ 'C1.1': '4', 'C2.2': '2' });
    expect(merged.modes['C1.1']).toBe('global');
  });
  it('gives an empty date cell the period end', () => {
    const merged = mergeRow(ref, 'entreprise', period, { ...recorded, meetingDate: '2025-06-30' }, row({ meetingDate: null }));
    expect(merged.meetingDate).toBe('2025-06-27');
  });
});

describe('bilan personnel cells', () => {
  it('splits one item per line or " | ", dropping bullets', () => {
    expect(splitListCell('- Assiduité\r\n• Communication\n\n')).toEqual(['Assiduité', 'Communication']);
    expect(splitListCell('Curiosité | Soin du travail')).toEqual(['Curiosité', 'Soin du travail']);
    expect(splitListCell('')).toEqual([]);
  });
});
