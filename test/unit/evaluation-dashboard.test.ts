// The dashboard computation: chronology by meeting date across periods, latest level and history, engagement.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDashboard, columnsOf, type DashboardSource } from '../../src/domain/dashboard.js';
import type { Evaluation, Level } from '../../src/domain/evaluation.js';
import type { Period } from '../../src/domain/model.js';
import type { PeriodKind } from '../../src/domain/period-kinds.js';
import type { Referentiel } from '../../src/domain/referentiel.js';

const ref = JSON.parse(readFileSync(join(import.meta.dirname, '../../templates/referentiels/bac-pro-mspc.json'), 'utf8')) as Referentiel;
const learner = { id: 1, lastName: 'ACCARDO', firstName: 'Aline', className: '1MSPC', ine: null };

const period = (id: number, name: string, kind: PeriodKind, start: string, end: string): Period => ({
  id, name, kind, start, end, bilanDate: end, classId: 1, className: '2MSPC1', referentiel: ref.code, objectives: [], tasks: [], createdAt: '',
});
const evaluation = (type: 'entreprise' | 'attitudes', meetingDate: string, levels: Record<string, Level>, engagement: number | null = null): Evaluation => ({
  assignmentId: 0, type, tasksDone: [], levels, modes: {}, engagement, meetingDate, comment: null, updatedAt: '',
});
const source = (p: Period, evaluations: Evaluation[], latestBilanIntermediaire: string | null = null): DashboardSource => ({
  period: p, referentiel: ref, evaluations, latestBilanIntermediaire,
});

describe('buildDashboard', () => {
  // Periods created out of order (the third period's annex was imported first), meeting dates decide.
  const p3 = period(1, 'PFMP 3', 'Autre', '2025-11-03', '2025-11-28');
  const p1 = period(2, 'PFMP 1', 'Période 1', '2025-01-13', '2025-02-07');
  const p2 = period(3, 'PFMP 2', 'Période 2', '2025-06-02', '2025-06-27');
  const p4 = period(4, 'PFMP 4', 'Autre', '2026-01-05', '2026-01-30');
  const d = buildDashboard(learner, [
    source(p3, [evaluation('entreprise', '2025-12-01', { 'C2.2': 'NE', 'C1.1': '4' }, 4), evaluation('attitudes', '2025-11-28', { AT1: '4' })]),
    source(p1, [evaluation('attitudes', '2025-02-07', { AT1: '2', AT4: '1' })], '2025-09-01'),
    source(p2, [evaluation('entreprise', '2025-06-26', { 'C2.2': '2', 'C1.1': '3', 'C1.1.1': '3' }, 3), evaluation('attitudes', '2025-06-26', { AT1: '3' })]),
    source(p4, []),
  ]);

  it('orders every evaluation by meeting date across periods, attitudes before entreprise on the same day', () => {
    expect(d.evaluations.map((e) => `${e.meetingDate} ${e.period} ${e.type}`)).toEqual([
      '2025-02-07 PFMP 1 attitudes',
      '2025-06-26 PFMP 2 attitudes',
      '2025-06-26 PFMP 2 entreprise',
      '2025-11-28 PFMP 3 attitudes',
      '2025-12-01 PFMP 3 entreprise',
    ]);
    expect(d.evaluations.map((e) => e.locked)).toEqual([true, false, false, false, false]);
    expect(d.periodsWithoutEvaluation).toEqual(['PFMP 4']);
  });

  it('gives each competency its history in that order and its latest level, NE not hiding an earlier level', () => {
    const c22 = d.competencies.find((r) => r.code === 'C2.2')!;
    expect(c22.history.map((h) => [h.period, h.level])).toEqual([['PFMP 2', '2'], ['PFMP 3', 'NE']]);
    expect(c22.latest).toMatchObject({ period: 'PFMP 2', level: '2' });
    expect(d.competencies.find((r) => r.code === 'C1.1')!.latest).toMatchObject({ period: 'PFMP 3', level: '4' });
    expect(d.competencies.find((r) => r.code === 'C1.1.1')).toMatchObject({ parent: 'C1.1', latest: { level: '3' } });
    expect(d.competencies.find((r) => r.code === 'C3.1')).toMatchObject({ latest: null, history: [] });
    expect(d.competencies.map((r) => r.code).slice(0, 3)).toEqual(['C1.1', 'C1.1.1', 'C1.1.2']);
  });

  it('gives NE as latest only when nothing else was answered', () => {
    const only = buildDashboard(learner, [source(p2, [evaluation('entreprise', '2025-06-27', { 'C3.2': 'NE' })])]);
    expect(only.competencies.find((r) => r.code === 'C3.2')!.latest?.level).toBe('NE');
  });

  it('follows attitudes and engagement over time', () => {
    expect(d.attitudes.find((r) => r.code === 'AT1')!.history.map((h) => h.level)).toEqual(['2', '3', '4']);
    expect(d.attitudes.find((r) => r.code === 'AT4')!.latest?.level).toBe('1');
    expect(d.engagement.map((e) => [e.period, e.value])).toEqual([['PFMP 2', 3], ['PFMP 3', 4]]);
    expect(columnsOf(d, 'entreprise').map(([i, e]) => [i, e.period])).toEqual([[2, 'PFMP 2'], [4, 'PFMP 3']]);
  });

  it('keeps the history of a code that the référentiel no longer has', () => {
    const old = buildDashboard(learner, [source(p2, [evaluation('entreprise', '2025-06-27', { 'C9.1': '3' })])]);
    expect(old.competencies.at(-1)).toMatchObject({ code: 'C9.1', title: '(absent du référentiel)', latest: { level: '3' } });
  });
});
