// The tutors' portal store (tutors-fixture.ts) with the learners' own links: ACCARDO and BERNARD get an address
// and are invited into their own outbox folder (kept apart from the tutors' messages).
import { join } from 'node:path';
import { cpro } from './cli.js';
import { PERIOD } from './tutors-fixture.js';
import { openTestStore } from './engine.js';

export async function inviteLearners(dir: string, db: string): Promise<string> {
  const store = await openTestStore(db);
  try {
    await store.db.prepare("UPDATE learners SET email = 'aline.accardo@eleve.example.fr' WHERE last_name = 'ACCARDO'").run();
    await store.db.prepare("UPDATE learners SET email = 'hugo.bernard@eleve.example.fr' WHERE last_name = 'BERNARD'").run();
  } finally {
    await store.close();
  }
  const outbox = join(dir, 'outbox-apprenants');
  const env = { CPRO_MAIL_FROM: 'pfmp@lycee.example.fr', CPRO_PORTAL_URL: 'http://127.0.0.1', CPRO_OUTBOX: outbox };
  const r = cpro(['--db', db, 'learners', 'invite', '--period', PERIOD], { env });
  if (r.code !== 0) throw new Error(r.stderr);
  return outbox;
}
