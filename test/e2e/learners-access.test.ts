// `cpro learners invite|revoke|list --period`: the learners' own links, through the tutors' invitation service.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpro, cproJson, tempDir } from '../helpers/cli.js';
import { NOW, PERIOD, periodWithTutors } from '../helpers/tutors-fixture.js';
import { openTestStore } from '../helpers/engine.js';
import { parseMail } from '../helpers/smtp.js';

let dir: string;
let cleanup: () => void;
let db: string;
const outbox = () => join(dir, 'outbox');
const env = () => ({ CPRO_OUTBOX: outbox(), CPRO_NOW: NOW, CPRO_PORTAL_URL: 'https://pfmp.lycee.example.fr' });
const run = (args: string[]) => cpro(['--db', db, ...args], { env: env(), cwd: dir });

interface Row { lastName: string; email: string | null; access: { state: { code: string; label: string }; lastVisit: string | null } }

/** Gives two of the four learners an address: one valid, one not. */
async function setEmails(): Promise<void> {
  const store = await openTestStore(db);
  try {
    await store.db.prepare("UPDATE learners SET email = 'aline.accardo@eleve.example.fr' WHERE last_name = 'ACCARDO'").run();
    await store.db.prepare("UPDATE learners SET email = 'hugo.bernard@' WHERE last_name = 'BERNARD'").run();
  } finally {
    await store.close();
  }
}

beforeEach(async () => {
  ({ dir, cleanup } = tempDir('cpro-learners-'));
  db = await periodWithTutors(dir);
  await setEmails();
});
afterEach(() => cleanup());

describe('cpro learners invite', () => {
  it("warns, as for the tutors, when the links or the sender are on localhost, even with --dry-run", () => {
    const local = cpro(['--db', db, 'learners', 'invite', '--period', PERIOD, '--dry-run'], { env: { CPRO_OUTBOX: outbox(), CPRO_NOW: NOW }, cwd: dir });
    expect(local.stderr).toContain("les liens d'accès pointent vers http://localhost:8080 : un apprenant ne peut pas l'ouvrir");
    expect(local.stderr).toContain("l'expéditeur est « cprosync <cprosync@localhost> » : un apprenant prendrait le message pour un hameçonnage");
    const configured = cpro(['--db', db, 'learners', 'invite', '--period', PERIOD, '--dry-run'],
      { env: { ...env(), CPRO_MAIL_FROM: 'PFMP <pfmp@lycee.example.fr>' }, cwd: dir });
    expect(configured.stderr).not.toContain('hameçonnage');
  });

  it('writes a message for the learner, lists those without a valid address with the reason, and changes nothing the second time', () => {
    const dry = run(['learners', 'invite', '--period', PERIOD, '--dry-run']);
    expect(dry.stdout).toContain('Seraient invités (1) :\n  ACCARDO Aline → Aline ACCARDO <aline.accardo@eleve.example.fr>');
    const r = run(['learners', 'invite', '--period', PERIOD]);
    // An invalid address is a data error to fix (exit 1); a missing one is only listed.
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("BERNARD Hugo : courriel invalide dans l'annexe « hugo.bernard@ »");
    expect(r.stdout).toContain("CHEVALIER Inès : aucun courriel dans l'annexe pédagogique");
    expect(r.stderr).toContain("1 apprenant sans courriel valide dans l'annexe");
    const files = readdirSync(outbox());
    expect(files).toEqual(['Accès apprenant PFMP 2 - ACCARDO Aline.eml']);
    const eml = readFileSync(join(outbox(), files[0]), 'utf8');
    expect(eml).toContain('To: Aline ACCARDO <aline.accardo@eleve.example.fr>');
    const mail = parseMail(eml);
    expect(mail.subject).toBe('Votre portfolio de « PFMP 2 » : votre lien personnel');
    expect(mail.text).toMatch(/^Bonjour Aline,/);
    expect(mail.text).toContain("Ce lien vous est personnel : ne le transmettez à personne. Il est valable jusqu'au 28 août 2025");
    expect(mail.text).toMatch(/https:\/\/pfmp\.lycee\.example\.fr\/acces\?jeton=c[A-Za-z0-9_-]{43}/);

    const list = cproJson<Row[]>(db, ['learners', 'list', '--period', PERIOD], { env: env() });
    const by = Object.fromEntries(list.data.map((x) => [x.lastName, x.access.state]));
    expect(by.ACCARDO).toMatchObject({ code: 'invited', label: 'préparé le 1er mars 2025 (outbox, non envoyé), expire le 28 août 2025' });
    expect(by.BERNARD).toMatchObject({ code: 'no-tutor', label: 'sans courriel valide (courriel invalide « hugo.bernard@ »)' });
    expect(by.CHEVALIER).toMatchObject({ code: 'no-tutor', label: 'sans courriel valide (courriel manquant)' });

    const again = run(['learners', 'invite', '--period', PERIOD]);
    expect(again.stdout).toContain("ACCARDO Aline : lien valide jusqu'au 28 août 2025 (--resend pour en envoyer un nouveau)");
    expect(readdirSync(outbox())).toHaveLength(1);
  });

  it("signs the learner's message like the tutor's: the enseignant référent with a phone and address, then the school", () => {
    for (const [key, value] of [
      ['enseignant.nom', 'Mme Claire Duval'], ['enseignant.courriel', 'claire.duval@lycee.example.fr'], ['enseignant.telephone', '06 12 34 56 78'],
      ['etablissement.nom', 'Lycée Gustave Eiffel'], ['etablissement.telephone', '02 35 00 00 00'],
    ]) expect(run(['config', 'set', key, value]).code).toBe(0);
    expect(run(['tutors', 'invite', '--period', PERIOD, '--learner', 'ACCARDO Aline']).code).toBe(0);
    expect(run(['learners', 'invite', '--period', PERIOD, '--learner', 'ACCARDO Aline']).code).toBe(0);
    const read = (file: string) => parseMail(readFileSync(join(outbox(), file), 'utf8'));
    const learner = read('Accès apprenant PFMP 2 - ACCARDO Aline.eml');
    const signature = [
      'Cordialement,',
      'Mme Claire Duval, enseignant référent',
      '06 12 34 56 78 — claire.duval@lycee.example.fr',
      'Lycée Gustave Eiffel — 02 35 00 00 00',
    ].join('\n');
    expect(learner.text.trimEnd().endsWith(signature)).toBe(true);
    expect(learner.html).toContain('Mme Claire Duval, enseignant référent<br>06 12 34 56 78 — claire.duval@lycee.example.fr<br>Lycée Gustave Eiffel — 02 35 00 00 00</p>');
    // The same lines as the tutor's message, and no « tu » left.
    expect(read('Invitation PFMP 2 - ACCARDO Aline.eml').text.trimEnd().endsWith(signature)).toBe(true);
    expect(learner.text).not.toMatch(/\b(tu|ton|ta|tes|toi)\b/i);
  });

  it("keeps the learner's link apart from the tutor's: same tokens, states and outbox, separate accounts", () => {
    expect(run(['tutors', 'invite', '--period', PERIOD, '--learner', 'ACCARDO Aline']).code).toBe(0);
    expect(run(['learners', 'invite', '--period', PERIOD, '--learner', 'ACCARDO Aline']).code).toBe(0);
    expect(readdirSync(outbox()).sort()).toEqual(['Accès apprenant PFMP 2 - ACCARDO Aline.eml', 'Invitation PFMP 2 - ACCARDO Aline.eml']);
    // Revoking the learner's link leaves the tutor's alone, and twice changes nothing.
    const rv = run(['learners', 'revoke', '--period', PERIOD, '--learner', 'ACCARDO Aline']);
    expect(rv.stdout).toBe('Accès invalidé : le lien de Aline ACCARDO (PFMP 2) ne fonctionne plus.\n');
    expect(run(['learners', 'revoke', '--period', PERIOD, '--learner', 'ACCARDO Aline']).stdout).toContain('était déjà invalidé depuis le 1er mars 2025');
    const tutors = cproJson<{ tutors: Array<{ learner: { lastName: string }; state: { code: string } }> }>(db, ['tutors', 'list', '--period', PERIOD], { env: env() });
    expect(tutors.data.tutors.find((t) => t.learner.lastName === 'ACCARDO')!.state.code).toBe('invited');
    const list = cproJson<Row[]>(db, ['learners', 'list', '--period', PERIOD], { env: env() });
    expect(list.data.find((x) => x.lastName === 'ACCARDO')!.access.state.code).toBe('revoked');
    // A revocation is deliberate: the period's batch skips it; naming the learner sends a new link.
    expect(run(['learners', 'invite', '--period', PERIOD]).stdout).toContain('accès révoqué le 1er mars 2025 ; pour le rétablir : cpro learners invite --period');
    expect(run(['learners', 'invite', '--period', PERIOD, '--learner', 'ACCARDO Aline']).code).toBe(0);
  });

  it('revoking a learner never invited says so', () => {
    const r = run(['learners', 'revoke', '--period', PERIOD, '--learner', 'DUBOIS Léo']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("aucun lien d'accès n'a été envoyé à Léo DUBOIS pour « PFMP 2 » : rien à invalider");
  });
});
