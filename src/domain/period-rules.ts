// Rules for changing a period's parameters: coherent dates, and no change that would lock it by accident.
import { shortFrenchDate } from './dates.js';
import { isLocked } from './locks.js';

export interface PeriodDates {
  start: string;
  end: string;
  bilanDate: string;
}

/** French reasons why a set of dates cannot be a period's. */
export function periodDateErrors(d: PeriodDates): string[] {
  const errors: string[] = [];
  if (d.end < d.start) {
    errors.push(`la date de fin (${shortFrenchDate(d.end)}) précède la date de début (${shortFrenchDate(d.start)})`);
  }
  if (d.bilanDate < d.start) {
    errors.push(`la date des bilans (${shortFrenchDate(d.bilanDate)}) précède la date de début (${shortFrenchDate(d.start)})`);
  }
  return errors;
}

/**
 * A new bilan date before the class's latest bilan intermédiaire would lock the period at once, and only removing
 * that bilan intermédiaire could undo it: refused, with both dates.
 */
export function bilanDateLockError(newBilanDate: string, latestBilanIntermediaire: string | null): string | null {
  if (!isLocked(newBilanDate, latestBilanIntermediaire)) return null;
  return (
    `la nouvelle date des bilans (${shortFrenchDate(newBilanDate)}) serait antérieure au dernier bilan intermédiaire ` +
    `de compétences de la classe (${shortFrenchDate(latestBilanIntermediaire!)}) : la période deviendrait verrouillée`
  );
}
