// `cpro tutors …` against a real SMTP server on 127.0.0.1, as a teacher would use it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { requireTool } from '../helpers/tools.js';
import { sqlRun, storeRawText } from '../helpers/engine.js';
import { cproAsync, cproJsonAsync, cproOnTerminalAsync, tempDir } from '../helpers/cli.js';
import { parseMail, startSmtp, tokenOf, type TestSmtp } from '../helpers/smtp.js';
import { NOW, PERIOD, TUTORS, invitationLog, periodWithTutors, setTutor } from '../helpers/tutors-fixture.js';

const FROM = 'PFMP Lycée Jean Moulin <pfmp@lycee.example.fr>';
const PORTAL = 'https://pfmp.lycee.example.fr';

interface ListJson {
  period: { name: string };
  tutors: Array<{ learner: { lastName: string }; role: string; state: { code: string; label: string } }>;
}
interface InviteJson {
  delivery: string;
  sent: Array<{ learner: { lastName: string }; tutor: { email: string }; expiresAt: string; replaces: boolean }>;
  skipped: Array<{ learner: { lastName: string }; reason: string; missingData: boolean }>;
  failed: Array<{ learner: { lastName: string }; reason: string }>;
  notSent: Array<{ learner: { lastName: string } }>;
  aborted: string | null;
}

let dir: string;
let cleanup: () => void;
let db: string;
let smtp: TestSmtp | undefined;

beforeEach(async () => {
  ({ dir, cleanup } = tempDir('cpro-tutors-'));
  db = await periodWithTutors(dir);
});
afterEach(async () => {
  await smtp?.stop();
  smtp = undefined;
  cleanup();
});

const env = (extra: Record<string, string> = {}) => ({
  CPRO_SMTP_URL: smtp!.url, CPRO_MAIL_FROM: FROM, CPRO_PORTAL_URL: PORTAL, CPRO_NOW: NOW, ...extra,
});
const run = (args: string[], extra: Record<string, string> = {}) => cproAsync(['--db', db, ...args], { env: env(extra), cwd: dir });
const json = <T>(args: string[], extra: Record<string, string> = {}) => cproJsonAsync<T>(db, args, { env: env(extra), cwd: dir });
const states = async (extra: Record<string, string> = {}) => {
  const { data } = await json<ListJson>(['tutors', 'list', '--period', PERIOD], extra);
  return Object.fromEntries(data.tutors.map((t) => [t.learner.lastName, t.state.label]));
};

describe('cpro tutors invite, against a real SMTP server', () => {
  it('invites a whole period in one command; the links open the right access', async () => {
    smtp = await startSmtp();
    const r = await run(['tutors', 'invite', '--period', PERIOD]);
    // DUBOIS has no tutor: skipped with the reason, the others sent, exit 1.
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Envoyés (3) :');
    expect(r.stdout).toContain("ACCARDO Aline → Paul MARTIN <paul.martin@usine.example.fr>, valable jusqu'au 28 août 2025");
    expect(r.stdout).toContain('DUBOIS Léo : aucun tuteur sur la fiche de liaison');
    expect(r.stdout).toContain('Bilan : 3 envoyés, 1 ignoré, 0 échec.');
    expect(r.stderr).toContain('erreur : 1 fiche de liaison sans tuteur complet');
    expect(r.stderr).not.toContain('Invitations'); // no progress bar when stderr is not a terminal

    expect(smtp.messages.map((m) => m.to)).toEqual([
      ['paul.martin@usine.example.fr'], ['sophie.leroy@leroy.example.fr'], ['marc.roux@maintenance.example.fr'],
    ]);
    const [aline, hugo, ines] = smtp.messages;
    expect(aline.from).toBe('pfmp@lycee.example.fr');
    expect(aline.subject).toBe("Suivi de stage d'Aline ACCARDO (PFMP 2) : votre lien d'accès");
    expect(aline.text).toContain('« PFMP 2 » du 3 mars 2025 au 28 mars 2025 chez Usinage du Nord');
    expect(aline.text).toMatch(new RegExp(`\\n${PORTAL}/acces\\?jeton=c[A-Za-z0-9_-]{43}\\n`));
    expect(aline.html).toContain(`href="${PORTAL}/acces?jeton=${tokenOf(aline)}"`);
    expect(ines.subject).toBe("Suivi de l'apprentissage d'Inès CHEVALIER (PFMP 2) : votre lien d'accès");
    expect(ines.text).toContain("maître d'apprentissage d'Inès CHEVALIER");

    // Each link opens its own learner's access; the tokens differ.
    const v = await json<{ valid: boolean; status: string; learner: { lastName: string }; role: string; expiresAt: string }>(
      ['tutors', 'verify', tokenOf(ines)],
    );
    expect(v.code).toBe(0);
    expect(v.data).toMatchObject({ valid: true, status: 'valid', learner: { lastName: 'CHEVALIER' }, role: "maître d'apprentissage", expiresAt: '2025-08-28T09:00:00.000Z' });
    const text = await run(['tutors', 'verify', tokenOf(hugo)]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("Lien valide jusqu'au 28 août 2025.");
    expect(text.stdout).toContain("Ouvre l'accès du tuteur de stage d'Hugo BERNARD (1MSPC), période « PFMP 2 »");
    expect(new Set(smtp.messages.map(tokenOf)).size).toBe(3);

    expect(await states()).toEqual({
      ACCARDO: 'invité le 1er mars 2025, expire le 28 août 2025',
      BERNARD: 'invité le 1er mars 2025, expire le 28 août 2025',
      CHEVALIER: 'invité le 1er mars 2025, expire le 28 août 2025',
      DUBOIS: 'sans tuteur',
    });
  });

  it('never prints or stores a token, in text, --json or the database', async () => {
    smtp = await startSmtp();
    const r = await run(['tutors', 'invite', '--period', PERIOD]);
    const j = await json(['tutors', 'invite', '--period', PERIOD, '--resend', '--learner', 'ACCARDO']);
    const list = await run(['tutors', 'list', '--period', PERIOD, '--json']);
    const tokens = smtp.messages.map(tokenOf);
    expect(tokens).toHaveLength(4);
    const stored = storeRawText(db);
    expect(stored, 'the store was read').toContain(PERIOD);
    for (const t of tokens) {
      for (const out of [r.stdout, r.stderr, JSON.stringify(j.data), j.stderr, list.stdout, stored]) expect(out).not.toContain(t);
    }
  });

  it('is idempotent: a re-run sends nothing to tutors who hold a valid link', async () => {
    smtp = await startSmtp();
    await run(['tutors', 'invite', '--period', PERIOD]);
    const again = await json<InviteJson>(['tutors', 'invite', '--period', PERIOD]);
    expect(smtp.messages).toHaveLength(3);
    expect(again.data.sent).toEqual([]);
    expect(again.data.skipped.map((s) => [s.learner.lastName, s.missingData])).toEqual([
      ['ACCARDO', false], ['BERNARD', false], ['CHEVALIER', false], ['DUBOIS', true],
    ]);
    expect(again.data.skipped[0].reason).toBe("lien valide jusqu'au 28 août 2025 (--resend pour en envoyer un nouveau)");
    // Once the last sheet is complete, the command succeeds and sends that one only.
    await setTutor(db, 'DUBOIS', { lastName: 'PETIT', firstName: 'Anne', email: 'anne.petit@example.fr' });
    const last = await run(['tutors', 'invite', '--period', PERIOD]);
    expect(last.code).toBe(0);
    expect(last.stdout).toContain('Bilan : 1 envoyé, 3 ignorés, 0 échec.');
    expect(smtp.messages.map((m) => m.to[0])).toContain('anne.petit@example.fr');
    expect(smtp.messages).toHaveLength(4);
  });

  it('records a rejected recipient as failed and goes on with the others', async () => {
    smtp = await startSmtp({ reject: (a) => a === 'sophie.leroy@leroy.example.fr' });
    const r = await json<InviteJson>(['tutors', 'invite', '--period', PERIOD]);
    expect(r.code).toBe(1);
    expect(r.data.sent.map((s) => s.learner.lastName)).toEqual(['ACCARDO', 'CHEVALIER']);
    expect(r.data.failed).toEqual([
      expect.objectContaining({
        learner: expect.objectContaining({ lastName: 'BERNARD' }),
        reason: expect.stringMatching(/^adresse refusée par le serveur \(550 .*User unknown\)$/),
      }),
    ]);
    expect(r.stderr).toContain("erreur : 1 échec d'envoi et 1 fiche de liaison sans tuteur complet");
    expect(smtp.messages.map((m) => m.to[0])).toEqual(['paul.martin@usine.example.fr', 'marc.roux@maintenance.example.fr']);
    expect((await states()).BERNARD).toMatch(/^échec d'envoi : adresse refusée par le serveur \(550 /);

    // The teacher fixes the address; the re-run sends that one only.
    await setTutor(db, 'BERNARD', { ...TUTORS.BERNARD, email: 'sophie@leroy.example.fr' });
    const again = await json<InviteJson>(['tutors', 'invite', '--period', PERIOD]);
    expect(again.data.sent.map((s) => s.tutor.email)).toEqual(['sophie@leroy.example.fr']);
    expect((await states()).BERNARD).toBe('invité le 1er mars 2025, expire le 28 août 2025');
  });

  it('stops with a clear error when the server cannot be reached, and marks nothing as sent', async () => {
    smtp = await startSmtp();
    await smtp.stop();
    const r = await run(['tutors', 'invite', '--period', PERIOD]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`erreur : serveur d'envoi injoignable : connexion refusée par smtp://127.0.0.1:${smtp.port} ; aucun message envoyé.`);
    expect(r.stdout).toContain('Non envoyés (envoi interrompu) (3) :');
    expect(r.stdout).toContain('Bilan : 0 envoyé, 1 ignoré, 0 échec, 3 non envoyés.');
    expect(await invitationLog(db)).toEqual([]);
    expect(await states()).toMatchObject({ ACCARDO: 'à inviter', BERNARD: 'à inviter', CHEVALIER: 'à inviter' });
  });

  it('stops before sending anything when the server refuses the credentials', async () => {
    smtp = await startSmtp({ auth: { user: 'pfmp', pass: 'bon-mot-de-passe' } });
    const wrong = await run(['tutors', 'invite', '--period', PERIOD], { CPRO_SMTP_URL: `smtp://pfmp:mauvais@127.0.0.1:${smtp.port}` });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`erreur : envoi impossible : authentification refusée par smtp://127.0.0.1:${smtp.port}`);
    expect(wrong.stdout + wrong.stderr).not.toContain('mauvais');
    expect(smtp.messages).toEqual([]);
    expect(await invitationLog(db)).toEqual([]);
    const right = await run(['tutors', 'invite', '--period', PERIOD], { CPRO_SMTP_URL: `smtp://pfmp:bon-mot-de-passe@127.0.0.1:${smtp.port}` });
    expect(right.stdout).toContain('Bilan : 3 envoyés, 1 ignoré, 0 échec.');
    expect(smtp.messages).toHaveLength(3);
  });

  it('keeps what was accepted when the server goes away mid-batch; the re-run sends the rest', async () => {
    smtp = await startSmtp({ stopAfter: 1 });
    const r = await json<InviteJson>(['tutors', 'invite', '--period', PERIOD]);
    expect(r.code).toBe(1);
    expect(r.data.sent.map((s) => s.learner.lastName)).toEqual(['ACCARDO']);
    expect(r.data.notSent.map((s) => s.learner.lastName)).toEqual(['BERNARD', 'CHEVALIER']);
    expect(r.data.aborted).toMatch(/^serveur d'envoi injoignable : /);
    expect(r.stderr).toContain("les 1 message(s) acceptés avant l'arrêt sont enregistrés");
    expect(await invitationLog(db)).toEqual([{ email: 'paul.martin@usine.example.fr', sent: true, failedReason: null }]);
    expect(await states()).toMatchObject({ ACCARDO: expect.stringMatching(/^invité le/), BERNARD: 'à inviter', CHEVALIER: 'à inviter' });

    const first = smtp.messages;
    smtp = await startSmtp({ port: smtp.port });
    const again = await json<InviteJson>(['tutors', 'invite', '--period', PERIOD]);
    expect(again.data.sent.map((s) => s.learner.lastName)).toEqual(['BERNARD', 'CHEVALIER']);
    expect([...first, ...smtp.messages].map((m) => m.to[0])).toEqual([
      'paul.martin@usine.example.fr', 'sophie.leroy@leroy.example.fr', 'marc.roux@maintenance.example.fr',
    ]);
  });

  it('--resend issues a new link and invalidates the old one', async () => {
    smtp = await startSmtp();
    await run(['tutors', 'invite', '--period', PERIOD]);
    const old = tokenOf(smtp.messages[0]);
    const r = await run(['tutors', 'invite', '--period', PERIOD, '--learner', 'Aline ACCARDO', '--resend'], { CPRO_NOW: '2025-03-05T10:00:00Z' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("ACCARDO Aline → Paul MARTIN <paul.martin@usine.example.fr>, valable jusqu'au 1er septembre 2025 (l'ancien lien ne fonctionne plus)");
    expect(smtp.messages).toHaveLength(4);
    const fresh = tokenOf(smtp.messages[3]);
    const oldCheck = await run(['tutors', 'verify', old]);
    expect(oldCheck.code).toBe(1);
    expect(oldCheck.stdout).toContain('Lien non valide : lien remplacé par un plus récent le 5 mars 2025.');
    expect(oldCheck.stderr).toContain('erreur : accès refusé : lien remplacé par un plus récent le 5 mars 2025');
    expect((await run(['tutors', 'verify', fresh])).code).toBe(0);
    expect((await states()).ACCARDO).toBe('invité le 5 mars 2025, expire le 1er septembre 2025');
  });

  it('a link expires 180 days after it was sent', async () => {
    smtp = await startSmtp();
    await run(['tutors', 'invite', '--period', PERIOD]);
    const token = tokenOf(smtp.messages[0]);
    const justBefore = await json<{ valid: boolean; status: string }>(['tutors', 'verify', token], { CPRO_NOW: '2025-08-28T08:59:59.999Z' });
    expect(justBefore).toMatchObject({ code: 0, data: { valid: true, status: 'valid' } });
    const after = await json<{ valid: boolean; status: string }>(['tutors', 'verify', token], { CPRO_NOW: '2025-08-28T09:00:00.000Z' });
    expect(after).toMatchObject({ code: 1, data: { valid: false, status: 'expired' } });
    const later = { CPRO_NOW: '2025-09-01T00:00:00Z' };
    expect((await states(later)).ACCARDO).toBe('expiré le 28 août 2025');
    // An expired link is re-sent by a plain re-run.
    const again = await json<InviteJson>(['tutors', 'invite', '--period', PERIOD], later);
    expect(again.data.sent.map((s) => s.learner.lastName)).toEqual(['ACCARDO', 'BERNARD', 'CHEVALIER']);
  });

  it('revokes one tutor; a period re-run leaves them out; naming the learner re-invites them', async () => {
    smtp = await startSmtp();
    await run(['tutors', 'invite', '--period', PERIOD]);
    const token = tokenOf(smtp.messages[1]);
    const r = await run(['tutors', 'revoke', '--period', PERIOD, '--learner', 'bernard'], { CPRO_NOW: '2025-03-10T08:00:00Z' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Accès invalidé : le lien du tuteur de stage d'Hugo BERNARD (PFMP 2) ne fonctionne plus.\n");
    const twice = await run(['tutors', 'revoke', '--period', PERIOD, '--learner', 'bernard']);
    expect(twice.code).toBe(0);
    expect(twice.stdout).toContain('était déjà invalidé depuis le 10 mars 2025');
    const v = await json<{ status: string }>(['tutors', 'verify', token]);
    expect(v).toMatchObject({ code: 1, data: { status: 'revoked' } });
    expect((await states()).BERNARD).toBe('révoqué le 10 mars 2025');

    const period = await json<InviteJson>(['tutors', 'invite', '--period', PERIOD]);
    expect(period.data.sent).toEqual([]);
    expect(period.data.skipped.find((s) => s.learner.lastName === 'BERNARD')?.reason).toMatch(
      /^accès révoqué le 10 mars 2025 ; pour le rétablir : cpro tutors invite --period \d+ --learner \d+$/,
    );
    const one = await run(['tutors', 'invite', '--period', PERIOD, '--learner', 'BERNARD Hugo']);
    expect(one.code).toBe(0);
    expect(smtp.messages.at(-1)!.to).toEqual(['sophie.leroy@leroy.example.fr']);
    expect((await run(['tutors', 'verify', tokenOf(smtp.messages.at(-1)!)])).code).toBe(0);
    expect((await run(['tutors', 'verify', token])).code).toBe(1);
    expect(await states()).toEqual({
      ACCARDO: 'invité le 1er mars 2025, expire le 28 août 2025',
      BERNARD: 'invité le 1er mars 2025, expire le 28 août 2025',
      CHEVALIER: 'invité le 1er mars 2025, expire le 28 août 2025',
      DUBOIS: 'sans tuteur',
    });
  });

  it('refuses to revoke an access that was never sent', async () => {
    const r = await cproAsync(['--db', db, 'tutors', 'revoke', '--period', PERIOD, '--learner', 'DUBOIS']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`erreur : aucun lien d'accès n'a été envoyé au tuteur de Léo DUBOIS pour « ${PERIOD} » : rien à invalider\n`);
  });

  it('invites the new tutor when the sheet names another one', async () => {
    smtp = await startSmtp();
    await run(['tutors', 'invite', '--period', PERIOD]);
    const old = tokenOf(smtp.messages[0]);
    await setTutor(db, 'ACCARDO', { lastName: 'NOËL', firstName: 'Claire', email: 'claire.noel@usine.example.fr' });
    expect((await states()).ACCARDO).toMatch(/^à inviter \(nouveau tuteur/);
    const r = await json<InviteJson>(['tutors', 'invite', '--period', PERIOD]);
    expect(r.data.sent).toEqual([expect.objectContaining({ tutor: expect.objectContaining({ email: 'claire.noel@usine.example.fr' }), replaces: true })]);
    expect((await run(['tutors', 'verify', old])).code).toBe(1);
  });

  it('--dry-run sends and records nothing', async () => {
    smtp = await startSmtp();
    const r = await run(['tutors', 'invite', '--period', PERIOD, '--dry-run']);
    expect(r.stdout).toContain("Simulation (--dry-run) : rien n'a été envoyé ni enregistré.");
    expect(r.stdout).toContain('Seraient invités (3) :');
    expect(smtp.messages).toEqual([]);
    expect(await invitationLog(db)).toEqual([]);
  });

  it('explains an incomplete tutor', async () => {
    await setTutor(db, 'BERNARD', { lastName: 'LEROY', firstName: '', email: 'sophie.leroy@' });
    const r = await cproJsonAsync<InviteJson>(db, ['tutors', 'invite', '--period', PERIOD, '--dry-run']);
    expect(r.data.skipped.find((s) => s.learner.lastName === 'BERNARD')).toMatchObject({
      reason: 'fiche de liaison incomplète (tuteur : prénom manquant ; courriel invalide « sophie.leroy@ »)', missingData: true,
    });
  });
});

describe('outbox mode (no SMTP server configured)', () => {
  it('writes .eml files, says so, and the links work; configuring SMTP later sends them for real', async () => {
    const outbox = join(dir, 'boite');
    const noSmtp = { CPRO_MAIL_FROM: FROM, CPRO_PORTAL_URL: PORTAL, CPRO_NOW: NOW, CPRO_OUTBOX: outbox };
    const r = await cproAsync(['--db', db, 'tutors', 'invite', '--period', PERIOD], { env: noSmtp, cwd: dir });
    expect(r.stdout).toContain(`Aucun serveur SMTP configuré : les messages sont écrits dans ${outbox} (fichiers .eml), rien n'est envoyé.`);
    expect(r.stdout).toContain("Écrits dans la boîte d'envoi (3) :");
    const files = readdirSync(outbox).sort();
    expect(files).toEqual([
      'Invitation PFMP 2 - ACCARDO Aline.eml', 'Invitation PFMP 2 - BERNARD Hugo.eml', 'Invitation PFMP 2 - CHEVALIER Inès.eml',
    ]);
    const mail = parseMail(readFileSync(join(outbox, files[2]), 'utf8'));
    expect(mail.headers.get('to')).toBe('Marc ROUX <marc.roux@maintenance.example.fr>');
    expect(mail.subject).toBe("Suivi de l'apprentissage d'Inès CHEVALIER (PFMP 2) : votre lien d'accès");
    const v = await cproAsync(['--db', db, 'tutors', 'verify', tokenOf(mail)], { env: noSmtp });
    expect(v.code).toBe(0);
    const list = await cproAsync(['--db', db, 'tutors', 'list', '--period', PERIOD], { env: noSmtp });
    expect(list.stdout).toContain('préparé le 1er mars 2025 (outbox, non envoyé), expire le 28 août 2025');

    // Outbox re-run: idempotent too.
    const again = await cproAsync(['--db', db, 'tutors', 'invite', '--period', PERIOD], { env: noSmtp });
    expect(again.stdout).toContain('Bilan : 0 écrit, 4 ignorés, 0 échec.');
    expect(readdirSync(outbox)).toHaveLength(3);

    // The default outbox is ./outbox under the current directory.
    const { CPRO_OUTBOX: _, ...defaults } = noSmtp;
    await cproAsync(['--db', db, 'tutors', 'invite', '--period', PERIOD, '--learner', 'ACCARDO', '--resend'], { env: defaults, cwd: dir });
    expect(existsSync(join(dir, 'outbox', 'Invitation PFMP 2 - ACCARDO Aline.eml'))).toBe(true);

    // Once an SMTP server is configured, the tutors who only have an outbox copy get a real message.
    smtp = await startSmtp();
    const real = await json<InviteJson>(['tutors', 'invite', '--period', PERIOD]);
    expect(real.data.sent.map((s) => [s.learner.lastName, s.replaces])).toEqual([['ACCARDO', true], ['BERNARD', true], ['CHEVALIER', true]]);
    expect(smtp.messages).toHaveLength(3);
    expect((await cproAsync(['--db', db, 'tutors', 'verify', tokenOf(mail)], { env: noSmtp })).code).toBe(1);
  });
});

describe('cpro tutors verify', () => {
  it('answers "lien inconnu" for a token it never issued, without echoing it', async () => {
    const fake = 'A'.repeat(43);
    const r = await cproAsync(['--db', db, 'tutors', 'verify', fake]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('Lien inconnu : ce jeton ne correspond à aucun accès.\n');
    expect(r.stderr).toBe('erreur : accès refusé : lien inconnu\n');
    expect(r.stdout + r.stderr).not.toContain(fake);
    const j = await cproJsonAsync(db, ['tutors', 'verify', 'not a token']);
    expect(j).toMatchObject({ code: 1, data: { valid: false, status: 'unknown' } });
  });

  it('takes a token beginning with « - » as a plain argument', async () => {
    smtp = await startSmtp();
    await run(['tutors', 'invite', '--period', PERIOD]);
    const issued = tokenOf(smtp.messages[0]);
    expect(issued.startsWith('-')).toBe(false);
    // A link issued before tokens had a prefix may begin with a dash: give the stored access such a token, with
    // the worst second letter, an option's (« -q » would be --quiet).
    const legacy = '-q' + issued.slice(3);
    sqlRun(db, 'UPDATE tutor_tokens SET token_hash = ? WHERE token_hash = ?',
      [createHash('sha256').update(legacy).digest('hex'), createHash('sha256').update(issued).digest('hex')]);
    const r = await cproAsync(['--db', db, 'tutors', 'verify', legacy, '--json'], { env: { CPRO_NOW: NOW } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, status: 'valid' });
  });

  it('reads the token from standard input with "-"', async () => {
    smtp = await startSmtp();
    await run(['tutors', 'invite', '--period', PERIOD]);
    const r = await cproAsync(['--db', db, 'tutors', 'verify', '-'], { input: tokenOf(smtp.messages[0]) + '\n', env: { CPRO_NOW: NOW } });
    expect(r.code).toBe(0);
  });
});

describe('on a terminal', () => {
  it('shows a progress bar on stderr', async (ctx) => {
    requireTool('script', ctx);
    smtp = await startSmtp();
    const out = (await cproOnTerminalAsync(['--db', db, 'tutors', 'invite', '--period', PERIOD], { env: env(), cwd: dir })).stdout;
    expect(out).toContain('Invitations ');
    expect(out).toContain('3/3 CHEVALIER Inès');
    expect(out).toContain('Bilan : 3 envoyés, 1 ignoré, 0 échec.');
    expect(smtp.messages).toHaveLength(3);
  });
});
