// The portal's security promises over HTTP, against `cpro serve` on a test store: headers, CSRF, isolation of a
// session to its learner, expired/revoked/unknown links, rate limiting, a GET that opens nothing, a clean log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpro, tempDir } from '../helpers/cli.js';
import { Client, HOSTILE_COMPANY, linkFromOutbox, portalStore, startPortal, type RunningPortal } from '../helpers/portal.js';
import { PERIOD } from '../helpers/tutors-fixture.js';
import { openStore } from '../../src/store/store.js';

let tmp: ReturnType<typeof tempDir>;
let db: string;
let outbox: string;
let portal: RunningPortal;
const sessions = async () => {
  const s = await openStore(db);
  try {
    return ((await s.db.prepare('SELECT COUNT(*) AS n FROM portal_sessions').get()) as { n: number }).n;
  } finally {
    await s.close();
  }
};

beforeAll(async () => {
  tmp = tempDir('cpro-portal-');
  ({ db, outbox } = await portalStore(tmp.dir));
  portal = await startPortal(db, ['--session-idle', '30', '--access-limit', '25']);
});
afterAll(async () => {
  await portal?.stop();
  tmp?.cleanup();
});

describe('cpro serve: security', () => {
  it('sends the security headers on every page', async () => {
    const c = new Client(portal.url);
    for (const path of ['/', '/acces?jeton=cInconnuInconnuInconnuInconnu1234', '/nulle-part']) {
      const r = await c.get(path);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('GET /acces shows the learner and a « Continuer » button and opens no session', async () => {
    const { token } = linkFromOutbox(outbox, 'ACCARDO');
    const c = new Client(portal.url);
    const { res, html } = await c.csrf(`/acces?jeton=${token}`);
    expect(res.status).toBe(200);
    expect(html).toContain('Aline ACCARDO');
    expect(html).toContain('PFMP 2');
    expect(html).toContain('>Continuer</button>');
    expect(c.cookie('cpro_session')).toBeUndefined();
    expect(await sessions()).toBe(0);
  });

  it('POST /acces opens a session (HttpOnly, SameSite=Lax cookie), redirects with 303, and the token leaves the address', async () => {
    const { token } = linkFromOutbox(outbox, 'ACCARDO');
    const c = new Client(portal.url);
    const { csrf } = await c.csrf(`/acces?jeton=${token}`);
    const r = await c.post('/acces', { _csrf: csrf, jeton: token });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/');
    const cookie = r.headers.getSetCookie().find((s) => s.startsWith('cpro_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toContain(token);
    const home = await c.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toMatch(/^\/periodes\/\d+\/apprenants\/\d+$/);
    const page = await c.get(home.headers.get('location')!);
    expect(page.status).toBe(200);
    const html = await page.text();
    // Markup in a company name is escaped: shown as text, never as a tag.
    expect(html).toContain('Usinage &lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;&lt;script&gt;');
    expect(html).not.toContain(HOSTILE_COMPANY);
    // The home lists each bilan the tutor fills once: the certificative grids are not the tutor's.
    expect(html.match(/\/bilans\/attitudes"/g)).toHaveLength(1);
    expect(html.match(/\/bilans\/entreprise"/g)).toHaveLength(1);
    expect(html).not.toMatch(/\/bilans\/E3[13]"/);
  });

  it('refuses a POST without the CSRF token (403) and records nothing', async () => {
    const { token } = linkFromOutbox(outbox, 'ACCARDO');
    const c = new Client(portal.url);
    const base = await c.enter(token);
    const r = await c.post(`${base}/bilans/attitudes`, { 'niveau:AT1': '4', action: 'valider' });
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('Formulaire expiré');
    const show = cpro(['--db', db, 'eval', 'show', '--period', PERIOD, '--learner', 'ACCARDO Aline', '--type', 'attitudes', '--json']);
    expect(JSON.parse(show.stdout).sections[0].evaluation).toBeNull();
    const wrong = await c.post('/acces', { _csrf: 'faux', jeton: token });
    expect(wrong.status).toBe(403);
  });

  it("answers 404 for another learner's or period's page, by address or by form", async () => {
    const { token } = linkFromOutbox(outbox, 'ACCARDO');
    const c = new Client(portal.url);
    const base = await c.enter(token);
    const [, periodId, learnerId] = /\/periodes\/(\d+)\/apprenants\/(\d+)/.exec(base)!;
    const other = `/periodes/${periodId}/apprenants/${Number(learnerId) + 1}`;
    for (const path of [other, `${other}/bilans/entreprise`, `${other}/fiche`, `${other}/attestation.pdf`, `/periodes/${Number(periodId) + 1}/apprenants/${learnerId}`]) {
      expect((await c.get(path)).status, path).toBe(404);
    }
    const { csrf } = await c.csrf(`${base}/bilans/attitudes`);
    expect((await c.post(`${other}/bilans/attitudes`, { _csrf: csrf, 'niveau:AT1': '4', action: 'enregistrer' })).status).toBe(404);
    const show = cpro(['--db', db, 'eval', 'show', '--period', PERIOD, '--learner', 'BERNARD Hugo', '--type', 'attitudes', '--json']);
    expect(JSON.parse(show.stdout).sections[0].evaluation).toBeNull();
  });

  it('an expired link gets its page with the date and no session; unknown and revoked links get the same wording', async () => {
    const before = await sessions();
    const c = new Client(portal.url);
    const { token: expired } = linkFromOutbox(outbox, 'CHEVALIER');
    const e = await c.csrf(`/acces?jeton=${expired}`);
    expect(e.res.status).toBe(403);
    expect(e.html).toContain('Ce lien a expiré');
    expect(e.html).toContain('depuis le 28 août 2025');
    expect((await c.post('/acces', { _csrf: e.csrf, jeton: expired })).status).toBe(403);

    // BERNARD's tutor opens a session, then the teacher revokes the link: the session ends at once.
    const { token: bernard } = linkFromOutbox(outbox, 'BERNARD');
    const t = new Client(portal.url);
    const base = await t.enter(bernard);
    expect((await t.get(base)).status).toBe(200);
    expect(cpro(['--db', db, 'tutors', 'revoke', '--period', PERIOD, '--learner', 'BERNARD Hugo']).code).toBe(0);
    const after = await t.get(base);
    expect(after.status).toBe(401);
    expect(await after.text()).toContain('Votre session est terminée');

    const revoked = await c.csrf(`/acces?jeton=${bernard}`);
    const unknown = await c.csrf('/acces?jeton=cAbsolumentInconnuAbsolumentInconnu0123456');
    const body = (html: string) => /<main[\s\S]*<\/main>/.exec(html)![0];
    expect(revoked.res.status).toBe(403);
    expect(body(revoked.html)).toContain("Ce lien n'est pas valable");
    expect(body(revoked.html)).toBe(body(unknown.html));
    expect((await c.post('/acces', { _csrf: revoked.csrf, jeton: bernard })).status).toBe(403);
    expect(await sessions()).toBe(before + 1); // only BERNARD's, opened before the revocation
  });

  it('rate-limits token attempts per client address (429, French page)', async () => {
    const c = new Client(portal.url);
    let last: Response | undefined;
    for (let i = 0; i < 40; i++) {
      last = await c.get(`/acces?jeton=cMauvaisJetonMauvaisJeton${String(i).padStart(10, '0')}`);
      if (last.status === 429) break;
    }
    expect(last!.status).toBe(429);
    expect(await last!.text()).toContain('Trop de tentatives');
  });

  it('logs one line per request without query string, token, cookie or form content', async () => {
    const log = portal.log();
    const { token } = linkFromOutbox(outbox, 'ACCARDO');
    expect(log).toMatch(/^GET \/acces 200 \d+\.\d ms$/m);
    expect(log).toMatch(/^POST \/acces 303 \d+\.\d ms$/m);
    expect(log).not.toContain(token);
    expect(log).not.toContain('jeton');
    expect(log).not.toMatch(/cpro_session|_csrf|niveau:/);
    for (const line of log.trim().split('\n')) expect(line).toMatch(/^(GET|POST) \S+ \d{3} \d+\.\d ms$/);
  });
});
