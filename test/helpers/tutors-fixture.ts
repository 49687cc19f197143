// A store with one period of four learners and their tutors, as a teacher would have it after filling the
// liaison sheets: three complete tutors (one maître d'apprentissage), one learner without a tutor.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpro } from './cli.js';
import { openTestStore } from './engine.js';

export const PERIOD = 'PFMP 2';
/** The test clock (CPRO_NOW): links issued now expire on 28 August 2025, 09:00 UTC. */
export const NOW = '2025-03-01T09:00:00.000Z';

const ANNEX = `Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Date de naissance;Courriel;Statut;Objectifs;Activités;Date des bilans
${PERIOD};Période 2;1MSPC;03/03/2025;28/03/2025;ACCARDO;Aline;;14/03/2009;;Scolaire;Réaliser une maintenance préventive;A2T1|A2T2;
${PERIOD};Période 2;1MSPC;03/03/2025;28/03/2025;BERNARD;Hugo;;02/09/2008;;Scolaire;Réaliser une maintenance préventive;A2T1|A2T2;
${PERIOD};Période 2;1MSPC;03/03/2025;28/03/2025;CHEVALIER;Inès;;17/11/2007;;Apprenti;Réaliser une maintenance préventive;A2T1|A2T2;
${PERIOD};Période 2;1MSPC;03/03/2025;28/03/2025;DUBOIS;Léo;;01/01/2009;;Scolaire;Réaliser une maintenance préventive;A2T1|A2T2;
`;

export interface TutorData {
  lastName: string | null;
  firstName: string | null;
  email: string | null;
  company?: string | null;
}

export const TUTORS: Record<string, TutorData> = {
  ACCARDO: { lastName: 'MARTIN', firstName: 'Paul', email: 'paul.martin@usine.example.fr', company: 'Usinage du Nord' },
  BERNARD: { lastName: 'LEROY', firstName: 'Sophie', email: 'sophie.leroy@leroy.example.fr', company: 'Leroy SA' },
  CHEVALIER: { lastName: 'ROUX', firstName: 'Marc', email: 'marc.roux@maintenance.example.fr', company: 'Roux Maintenance' },
};

/** Imports the annex into a new store at `dir/cpro.db` and fills the tutors of the liaison sheets. */
export async function periodWithTutors(dir: string, tutors: Record<string, TutorData> = TUTORS): Promise<string> {
  const db = join(dir, 'cpro.db');
  const csv = join(dir, 'annexe.csv');
  writeFileSync(csv, ANNEX);
  const r = cpro(['--db', db, 'import', 'annexe', csv]);
  if (r.code !== 0) throw new Error(`import failed: ${r.stderr}`);
  for (const [lastName, t] of Object.entries(tutors)) await setTutor(db, lastName, t);
  return db;
}

/** Writes a learner's tutor on the liaison sheet, through the store API (as `cpro liaison set` would). */
export async function setTutor(db: string, learnerLastName: string, t: TutorData): Promise<void> {
  const store = await openTestStore(db);
  try {
    const period = (await store.periods.byName(PERIOD))[0];
    const learner = (await store.learners.inPeriod(period.id)).find((l) => l.lastName === learnerLastName);
    if (!learner) throw new Error(`no learner ${learnerLastName}`);
    const sheet = (await store.sheets.get((await store.periods.assignmentId(period.id, learner.id))!))!;
    sheet.tutor = { ...sheet.tutor, lastName: t.lastName, firstName: t.firstName, email: t.email };
    if (t.company !== undefined) sheet.company = { ...sheet.company, name: t.company };
    await store.sheets.save(sheet, new Date().toISOString());
  } finally {
    await store.close();
  }
}

/** Counts rows of the invitation log, to prove what was and was not recorded. */
export async function invitationLog(db: string): Promise<Array<{ email: string; sent: boolean; failedReason: string | null }>> {
  const store = await openTestStore(db);
  try {
    return (
      await store.db
        .prepare('SELECT email, sent_at IS NOT NULL AS sent, failed_reason AS failedReason FROM tutor_invitations ORDER BY id')
        .all()
    ).map((r) => {
      // SQLite answers 0/1, PostgreSQL a boolean.
      const row = r as { email: string; sent: number | boolean; failedReason: string | null };
      return { ...row, sent: row.sent === 1 || row.sent === true };
    });
  } finally {
    await store.close();
  }
}
