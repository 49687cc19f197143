// Lock rule of the user guide: a period (or a bilan entreprise) whose date is before the class's latest
// bilan intermédiaire de compétences can no longer be modified or deleted.
import { shortFrenchDate } from './dates.js';

export function isLocked(date: string, latestBilanIntermediaire: string | null): boolean {
  return latestBilanIntermediaire !== null && date < latestBilanIntermediaire;
}

/** The French explanation of a period lock, with both dates. */
export function periodLockReason(periodName: string, bilanDate: string, latest: string): string {
  return (
    `la période « ${periodName} » est verrouillée : sa date des bilans (${shortFrenchDate(bilanDate)}) est antérieure ` +
    `au dernier bilan intermédiaire de compétences de la classe (${shortFrenchDate(latest)})`
  );
}
