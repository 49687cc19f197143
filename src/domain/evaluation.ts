// Evaluations of a period (bilan entreprise, bilan des attitudes professionnelles): the six-answer scale, what a
// référentiel lets one evaluate, validation by name, the kind and lock rules, and the canonical form compared by imports.
import { isLocked } from './locks.js';
import { shortFrenchDate } from './dates.js';
import type { Period } from './model.js';
import { noBilanEntrepriseReason } from './period-kinds.js';
import { allTasks, examUnit, type Referentiel } from './referentiel.js';
import { FIELD_LIMITS, textProblem } from './limits.js';
import { agree } from './text.js';

/** The six answers, from the most to the least successful, then "non évaluable". No answer is simply absent. */
export const LEVELS = ['4', '3', '2', '1', '0', 'NE'] as const;
export type Level = (typeof LEVELS)[number];

/** Each answer's colour in the user guide, its French name, and the RGB used in printed documents. */
export const LEVEL_COLOURS: Record<Level, { name: string; hex: string }> = {
  '4': { name: 'vert', hex: '2E9E4F' },
  '3': { name: 'jaune', hex: 'F2C12E' },
  '2': { name: 'orange', hex: 'EE8A1F' },
  '1': { name: 'rouge', hex: 'D93636' },
  '0': { name: 'gris', hex: '8C8C8C' },
  NE: { name: 'bleu', hex: '2F6FD6' },
};


export const EVALUATION_TYPES = ['entreprise', 'attitudes', 'E31', 'E33'] as const;
export type EvaluationType = (typeof EVALUATION_TYPES)[number];

/** The certificative grids: one per exam unit, recorded for a period of that kind, criteria and scale from the référentiel. */
export const CERTIFICATIVE_TYPES = ['E31', 'E33'] as const;
export type CertificativeType = (typeof CERTIFICATIVE_TYPES)[number];
export function isCertificative(type: EvaluationType): type is CertificativeType {
  return type === 'E31' || type === 'E33';
}

/** A competency with sub-competencies is evaluated either as a whole or through its sub-competencies. */
export type EvaluationMode = 'global' | 'detailed';

export const TYPE_LABELS: Record<EvaluationType, string> = {
  entreprise: 'bilan entreprise',
  attitudes: 'bilan des attitudes professionnelles',
  E31: 'grille certificative E31',
  E33: 'grille certificative E33',
};
export const TYPE_LABELS_PLURAL: Record<EvaluationType, string> = {
  entreprise: 'bilans entreprise',
  attitudes: 'bilans des attitudes professionnelles',
  E31: 'grilles certificatives E31',
  E33: 'grilles certificatives E33',
};

/** "le bilan entreprise", "la grille certificative E33": the label with its article, and the agreement it takes. */
export function typeWithArticle(type: EvaluationType): { the: string; e: string } {
  return isCertificative(type) ? { the: `la ${TYPE_LABELS[type]}`, e: 'e' } : { the: `le ${TYPE_LABELS[type]}`, e: '' };
}

/** What is recorded for one learner, one period and one type. */
export interface EvaluationContent {
  /** Codes of the tasks carried out, in référentiel order (bilan entreprise only). */
  tasksDone: string[];
  /** Answer per competency, sub-competency or attitude code; a code without answer is absent. */
  levels: Record<string, Level>;
  /** Mode of every competency that has sub-competencies (bilan entreprise only). */
  modes: Record<string, EvaluationMode>;
  /** 1 to 4 stars (bilan entreprise only), null when not given. */
  engagement: number | null;
  /** ISO date of the meeting with the tutor; it places the evaluation in the learner's chronology. */
  meetingDate: string;
  comment: string | null;
}

export interface Evaluation extends EvaluationContent {
  assignmentId: number;
  type: EvaluationType;
  updatedAt: string;
  /** Who entered it and whether it is validated (absent in values built outside the store). */
  provenance?: import('./portal.js').Provenance;
  /** The stored row's version, one more at each save: a save from an older read is refused. Absent outside the store. */
  version?: number;
}

/** One line of an evaluation grid: a competency, a sub-competency (parent set) or an attitude item. */
export interface EvaluationItem {
  code: string;
  title: string;
  parent: string | null;
  /** For a competency: the codes of its sub-competencies (empty when it has none). */
  details: string[];
}

/** The lines of the grid of a type, in référentiel order (competencies each followed by their sub-competencies). */
export function evaluationItems(ref: Referentiel, type: EvaluationType): EvaluationItem[] {
  if (isCertificative(type)) {
    return (examUnit(ref, type)?.criteria ?? []).map((c) => ({ code: c.code, title: c.title, parent: null, details: [] }));
  }
  if (type === 'attitudes') return ref.attitudes.map((a) => ({ code: a.code, title: a.title, parent: null, details: [] }));
  return ref.competencies.flatMap((c) => [
    { code: c.code, title: c.title, parent: null, details: (c.details ?? []).map((d) => d.code) },
    ...(c.details ?? []).map((d) => ({ code: d.code, title: d.title, parent: c.code, details: [] })),
  ]);
}

/** Parses an answer as typed or imported: "4"…"0", "NE" (any case); '' is no answer; undefined when invalid. */
export function parseLevel(raw: string): Level | null | undefined {
  const s = raw.trim().toUpperCase().replace(/\./g, '');
  if (s === '') return null;
  return (LEVELS as readonly string[]).includes(s) ? (s as Level) : undefined;
}

/** Parses an engagement: 1 to 4, as a digit or as stars (★★★); '' is none; undefined when invalid. */
export function parseEngagement(raw: string): number | null | undefined {
  const s = raw.trim();
  if (s === '') return null;
  if (/^[1-4]$/.test(s)) return Number(s);
  if (/^★{1,4}☆*$/.test(s)) return [...s].filter((c) => c === '★').length;
  return undefined;
}

export const LEVEL_CHOICES_TEXT = '4, 3, 2, 1, 0, NE ou vide';

/** Why a type cannot be recorded for a period, in French; null when it can. */
export function evaluationRefusal(period: Pick<Period, 'name' | 'className' | 'kind'>, type: EvaluationType, ref?: Referentiel): string | null {
  if (isCertificative(type)) {
    if (period.kind !== type) return `« ${period.name} » (${period.className}) n'est pas une période ${type} : pas de ${TYPE_LABELS[type]}`;
    if (ref && !examUnit(ref, type)) {
      return `le référentiel ${ref.code} n'a pas de grille certificative ${type} (examUnits) : importez-en un qui la donne (cpro referentiel import)`;
    }
    return null;
  }
  if (type !== 'entreprise') return null;
  const reason = noBilanEntrepriseReason(period.kind)?.replace(/ : pas de bilan entreprise$/, '');
  return reason
    ? `« ${period.name} » (${period.className}) n'a pas de bilan entreprise : ${reason} ; ` +
        'seul le bilan des attitudes professionnelles (--type attitudes) s\'y enregistre' +
        (period.kind === 'E31' || period.kind === 'E33' ? `, avec la grille certificative (--type ${period.kind})` : '')
    : null;
}

/** The meeting date of a new evaluation: the period's last day (user guide). */
export function defaultMeetingDate(period: Pick<Period, 'end'>): string {
  return period.end;
}

/**
 * Lock rule: an evaluation whose meeting date is before the class's latest bilan intermédiaire can no longer be
 * changed, and no evaluation may be given such a date. Returns the French refusal with both dates, or null.
 */
export function evaluationLockReason(
  type: EvaluationType,
  recordedDate: string | null,
  newDate: string | null,
  latestBilanIntermediaire: string | null,
): string | null {
  if (latestBilanIntermediaire === null) return null;
  const latest = shortFrenchDate(latestBilanIntermediaire);
  if (recordedDate !== null && isLocked(recordedDate, latestBilanIntermediaire)) {
    return (
      `${typeWithArticle(type).the} est verrouillé${typeWithArticle(type).e} : sa date de rencontre (${shortFrenchDate(recordedDate)}) est antérieure ` +
      `au dernier bilan intermédiaire de compétences de la classe (${latest})`
    );
  }
  if (newDate !== null && isLocked(newDate, latestBilanIntermediaire)) {
    return (
      `la date de rencontre ${shortFrenchDate(newDate)} est antérieure au dernier bilan intermédiaire de compétences ` +
      `de la classe (${latest}) : un bilan à cette date serait verrouillé`
    );
  }
  return null;
}

/** An empty evaluation of a period, as a new grid starts. */
export function emptyEvaluation(ref: Referentiel, type: EvaluationType, period: Pick<Period, 'end'>): EvaluationContent {
  return canonicalEvaluation(ref, type, {
    tasksDone: [],
    levels: {},
    modes: {},
    engagement: null,
    meetingDate: defaultMeetingDate(period),
    comment: null,
  });
}

const byRefOrder = (order: string[]) => (a: string, b: string) => {
  const ia = order.indexOf(a);
  const ib = order.indexOf(b);
  return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib) || a.localeCompare(b);
};

/**
 * The one form in which evaluations are stored and compared: tasks deduplicated in référentiel order, levels in
 * grid order, a mode for every competency that has sub-competencies (global unless detailed), comment trimmed.
 */
export function canonicalEvaluation(ref: Referentiel, type: EvaluationType, e: EvaluationContent): EvaluationContent {
  const items = evaluationItems(ref, type);
  const order = items.map((i) => i.code);
  const levels: Record<string, Level> = {};
  for (const code of Object.keys(e.levels).sort(byRefOrder(order))) levels[code] = e.levels[code];
  const modes: Record<string, EvaluationMode> = {};
  if (type === 'entreprise') {
    for (const c of items) {
      if (c.details.length === 0) continue;
      const detailed = c.details.some((d) => levels[d] !== undefined);
      modes[c.code] = detailed ? 'detailed' : levels[c.code] !== undefined ? 'global' : (e.modes[c.code] ?? 'global');
    }
  }
  const taskOrder = allTasks(ref).map((t) => t.code);
  const comment = e.comment?.replace(/\r\n?/g, '\n').trim() || null;
  return {
    tasksDone: type === 'entreprise' ? [...new Set(e.tasksDone)].sort(byRefOrder(taskOrder)) : [],
    levels,
    modes,
    engagement: type === 'entreprise' ? e.engagement : null,
    meetingDate: e.meetingDate,
    comment,
  };
}

/** Every problem of an evaluation against its référentiel, in French, naming each unknown code or value. */
export function evaluationProblems(ref: Referentiel, type: EvaluationType, e: EvaluationContent): string[] {
  const problems: string[] = [];
  const commentProblem = e.comment ? textProblem(e.comment, FIELD_LIMITS.comment) : null;
  if (commentProblem) problems.push(`commentaire : ${commentProblem}`);
  const items = new Map(evaluationItems(ref, type).map((i) => [i.code, i]));
  const what = type === 'entreprise' ? 'de compétence' : isCertificative(type) ? 'de critère' : "d'attitude";
  const unknownCodes = Object.keys(e.levels).filter((c) => !items.has(c));
  if (unknownCodes.length) {
    problems.push(`${agree(unknownCodes.length, 'code')} ${what} ${agree(unknownCodes.length, 'inconnu')} du référentiel ${ref.code} : ${quoted(unknownCodes)}`);
  }
  for (const [code, level] of Object.entries(e.levels)) {
    if (!(LEVELS as readonly string[]).includes(level)) {
      problems.push(`réponse « ${level} » invalide pour ${code} (valeurs possibles : ${LEVEL_CHOICES_TEXT})`);
    }
  }
  if (type === 'entreprise') {
    const known = new Set(allTasks(ref).map((t) => t.code));
    const unknownTasks = e.tasksDone.filter((t) => !known.has(t));
    if (unknownTasks.length) {
      problems.push(`${agree(unknownTasks.length, 'code de tâche inconnu', 'codes de tâche inconnus')} du référentiel ${ref.code} : ${quoted(unknownTasks)}`);
    }
    for (const c of items.values()) {
      if (c.details.length === 0) continue;
      const detailed = c.details.filter((d) => e.levels[d] !== undefined);
      if (e.levels[c.code] !== undefined && detailed.length) {
        problems.push(
          `${c.code} est évaluée à la fois globalement et par compétences détaillées (${detailed.join(', ')}) : choisissez l'un des deux`,
        );
      }
    }
    for (const code of Object.keys(e.modes)) {
      if (!items.get(code)?.details.length) problems.push(`${code} n'a pas de compétences détaillées : pas de mode d'évaluation à choisir`);
    }
    if (e.engagement !== null && !(Number.isInteger(e.engagement) && e.engagement >= 1 && e.engagement <= 4)) {
      problems.push(`engagement « ${e.engagement} » invalide (de 1 à 4 étoiles, ou vide)`);
    }
  } else {
    const what = isCertificative(type) ? `une ${TYPE_LABELS[type]}` : 'un bilan des attitudes';
    if (e.tasksDone.length) problems.push(`${what} ne coche pas de tâches`);
    if (e.engagement !== null) problems.push(`l'engagement se note dans le bilan entreprise, pas dans ${isCertificative(type) ? `la ${TYPE_LABELS[type]}` : 'le bilan des attitudes'}`);
  }
  if (isCertificative(type)) {
    const scale = examUnit(ref, type)?.scale ?? [];
    const allowed = scale.map((st) => st.code as string);
    for (const [code, level] of Object.entries(e.levels)) {
      if ((LEVELS as readonly string[]).includes(level) && !allowed.includes(level)) {
        problems.push(`réponse « ${level} » hors de l'échelle de l'épreuve ${type} pour ${code} (valeurs possibles : ${scaleText(scale)})`);
      }
    }
  }
  return problems;
}

export function sameEvaluation(a: EvaluationContent, b: EvaluationContent): boolean {
  return JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));
}

function comparable(e: EvaluationContent) {
  return [e.tasksDone, Object.entries(e.levels), Object.entries(e.modes), e.engagement, e.meetingDate, e.comment];
}

/** What differs between two evaluations, in French ("C2.2 : 2 → 3", "date de rencontre"…), for summaries. */
export function evaluationChanges(before: EvaluationContent, after: EvaluationContent): string[] {
  const out: string[] = [];
  if (before.tasksDone.join() !== after.tasksDone.join()) out.push('tâches réalisées');
  const codes = [...new Set([...Object.keys(before.levels), ...Object.keys(after.levels)])];
  for (const code of codes) {
    const a = before.levels[code];
    const b = after.levels[code];
    if (a !== b) out.push(`${code} : ${a ?? '—'} → ${b ?? '—'}`);
  }
  for (const code of Object.keys(after.modes)) {
    if ((before.modes[code] ?? 'global') !== after.modes[code]) out.push(`${code} : ${after.modes[code] === 'detailed' ? 'évaluation détaillée' : 'évaluation globale'}`);
  }
  if (before.engagement !== after.engagement) out.push(`engagement : ${before.engagement ?? '—'} → ${after.engagement ?? '—'}`);
  if (before.meetingDate !== after.meetingDate) {
    out.push(`date de rencontre : ${shortFrenchDate(before.meetingDate)} → ${shortFrenchDate(after.meetingDate)}`);
  }
  if (before.comment !== after.comment) out.push('commentaire');
  return out;
}

/** "★★★☆" for an engagement of 3; '' when none. */
export function engagementStars(n: number | null): string {
  return n === null ? '' : '★'.repeat(n) + '☆'.repeat(4 - n);
}

const quoted = (l: string[]) => l.map((c) => `« ${c} »`).join(', ');

/** "4 (Très satisfaisant), 3 (Satisfaisant), … ou vide". */
export function scaleText(scale: Array<{ code: string; title: string }>): string {
  return `${scale.map((st) => `${st.code} (${st.title})`).join(', ')} ou vide`;
}
