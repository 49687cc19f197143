// Whether a learner is a minor on a date: a minor's pre-convention needs the legal guardian and the regulated-work notice.
import { ageOn } from './dates.js';

export const AGE_OF_MAJORITY = 18;

/** True when the learner is under 18 on `onIso` (both ISO dates); null when the birth date is unknown. */
export function isMinorOn(birthIso: string | null, onIso: string): boolean | null {
  if (!birthIso) return null;
  return ageOn(birthIso, onIso) < AGE_OF_MAJORITY;
}

/** The working-time limits that apply to a minor of `age` in a work placement (code du travail, L3162-1 and following). */
/** A minor's daily and weekly hours at most, by age (code du travail L3162-1): 7 h a day under 16, 30 h a week under 15. */
export function minorHourLimits(age: number): { day: number; week: number } {
  return { day: age < 16 ? 7 : 8, week: age < 15 ? 30 : 35 };
}

export function minorWorkingTimeRule(age: number): string {
  const { day, week } = minorHourLimits(age);
  const night = age < 16 ? '20 h et 6 h' : '22 h et 6 h';
  return (
    `Élève mineur (${age} ans) : ${day} h par jour et ${week} h par semaine au plus ; aucun travail entre ${night} ; ` +
    'une pause de 30 minutes consécutives dès 4 h 30 de travail ; deux jours de repos consécutifs, dont le dimanche ' +
    '(code du travail, art. L3162-1 et suivants ; aucune dérogation pour un élève en PFMP).'
  );
}
