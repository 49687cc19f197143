// The learners' space over HTTP, against `cpro serve`: isolation, the import's messages on the web, the org chart
// edited without JavaScript, the geocoder (a local BAN-format server) and the annexes' limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpro, cproJson, tempDir } from '../helpers/cli.js';
import { Client, linkFromOutbox, portalStore, startPortal, type RunningPortal } from '../helpers/portal.js';
import { inviteLearners } from '../helpers/learners-fixture.js';
import { PERIOD } from '../helpers/tutors-fixture.js';
import { openStore } from '../../src/store/store.js';

let tmp: ReturnType<typeof tempDir>;
let db: string;
let tutorsOutbox: string;
let outbox: string;
let portal: RunningPortal;
let ban: Server;
let banQueries: string[] = [];

const annexRows = async () => {
  const s = await openStore(db);
  try {
    return (await s.db.prepare('SELECT file_name AS name, size FROM portfolio_annexes ORDER BY id').all()) as Array<{ name: string; size: number }>;
  } finally {
    await s.close();
  }
};

beforeAll(async () => {
  tmp = tempDir('cpro-learner-space-');
  ({ db, outbox: tutorsOutbox } = await portalStore(tmp.dir));
  outbox = await inviteLearners(tmp.dir, db);
  // A local address service answering in the Base Adresse Nationale's format.
  ban = createServer((req, res) => {
    const q = new URL(req.url!, 'http://x').searchParams.get('q') ?? '';
    banQueries.push(`${new URL(req.url!, 'http://x').pathname}?q=${q}`);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({
      type: 'FeatureCollection',
      features: /Rouen/.test(q) ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: [1.0993, 49.4431] }, properties: { label: '12 Rue des Forges 76000 Rouen', score: 0.9 } }] : [],
    }));
  });
  await new Promise<void>((r) => ban.listen(0, '127.0.0.1', r));
  const geocoder = `http://127.0.0.1:${(ban.address() as AddressInfo).port}`;
  expect(cpro(['--db', db, 'config', 'set', 'portal.geocoder', geocoder]).code).toBe(0);
  portal = await startPortal(db);
});
afterAll(async () => {
  await portal?.stop();
  await new Promise((r) => ban?.close(r));
  tmp?.cleanup();
});

async function learner(name: string): Promise<{ c: Client; home: string; csrf: string }> {
  const c = new Client(portal.url);
  const home = await c.enter(linkFromOutbox(outbox, name).token);
  const { csrf } = await c.csrf(`${home}/portfolio/entreprise`);
  return { c, home, csrf };
}

describe("the learner's space", () => {
  it("opens the learner's own periods only: another learner, the tutor's pages and a tutor's link's pages answer 404", async () => {
    const { c, home } = await learner('ACCARDO');
    expect(home).toMatch(/^\/mon-espace\/periodes\/\d+\/apprenants\/\d+$/);
    const { home: other } = await learner('BERNARD');
    for (const path of [other, `${other}/portfolio/entreprise`, `${other}/bilan-personnel`, `${other}/portfolio/annexes/1`, home.replace('/mon-espace', ''), `${home.replace('/mon-espace', '')}/bilans/attitudes`]) {
      expect((await c.get(path)).status, path).toBe(404);
    }
    // The learner's own other period opens with the same session; the other learner's does not.
    const { writeFileSync } = await import('node:fs');
    const csv = `${tmp.dir}/pfmp3.csv`;
    writeFileSync(csv, 'Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Date de naissance;Courriel;Statut;Objectifs;Activités;Date des bilans\n' +
      'PFMP 3;Période 2;1MSPC;05/05/2025;30/05/2025;ACCARDO;Aline;;14/03/2009;aline.accardo@eleve.example.fr;Scolaire;Réaliser une maintenance préventive;A2T1;\n' +
      'PFMP 3;Période 2;1MSPC;05/05/2025;30/05/2025;BERNARD;Hugo;;02/09/2008;hugo.bernard@eleve.example.fr;Scolaire;Réaliser une maintenance préventive;A2T1;\n');
    expect(cpro(['--db', db, 'import', 'annexe', csv]).code).toBe(0);
    const homePage = await (await c.get(home)).text();
    const third = /href="(\/mon-espace\/periodes\/\d+\/apprenants\/\d+)">PFMP 3</.exec(homePage)?.[1];
    expect(third).toBeDefined();
    const weeks = await c.get(`${third}/portfolio/semaines`);
    expect(weeks.status).toBe(200);
    expect(await weeks.text()).toContain('Semaine 1 : du 05/05/2025 au 09/05/2025');
    const otherThird = third!.replace(/apprenants\/\d+$/, other.replace(/^.*apprenants\//, 'apprenants/'));
    expect((await c.get(otherThird)).status).toBe(404);
    // A tutor's session does not open the learner's space.
    const tutor = new Client(portal.url);
    const tutorHome = await tutor.enter(linkFromOutbox(tutorsOutbox, 'ACCARDO').token);
    expect((await tutor.get(`/mon-espace${tutorHome}`)).status).toBe(404);
  });

  it("pre-fills the company from the liaison sheet and answers with the YAML import's messages, keeping the draft", async () => {
    const { c, home, csrf } = await learner('ACCARDO');
    const page = await (await c.get(`${home}/portfolio/entreprise`)).text();
    expect(page).toContain('value="Usinage &lt;img'); // the sheet's company name, escaped
    const r = await c.post(`${home}/portfolio/entreprise`, { _csrf: csrf, 'entreprise.name': 'Usinage du Nord', 'entreprise.employees': 'douze', 'entreprise.maintenanceStaff': '3', action: 'enregistrer' });
    expect(r.status).toBe(422);
    const html = await r.text();
    expect(html).toContain('« nombre d&#39;employés » : attendu un nombre entier positif, trouvé « douze »');
    expect(html).toContain('value="douze"');
    // The same rule through the file: the message is the import's, word for word.
    const { writeFileSync } = await import('node:fs');
    const file = `${tmp.dir}/accardo.yaml`;
    writeFileSync(file, 'apprenant:\n  nom: ACCARDO\n  prénom: Aline\nentreprise:\n  nombre d\'employés: douze\n');
    const imp = cpro(['--db', db, 'portfolio', 'import', file, '--period', PERIOD]);
    expect(imp.stderr).toContain("« nombre d'employés » : attendu un nombre entier positif, trouvé « douze »");
    const ok = await c.post(`${home}/portfolio/entreprise`, { _csrf: csrf, 'entreprise.name': 'Usinage du Nord', 'entreprise.employees': '12', 'entreprise.address': '12 rue des Forges', 'entreprise.postalCode': '76000', 'entreprise.city': 'Rouen', action: 'enregistrer' });
    expect(ok.status).toBe(303);
    const shown = cproJson<{ content: { company: { name: string; employees: number } } }>(db, ['portfolio', 'show', '--period', PERIOD, '--learner', 'ACCARDO Aline']);
    expect(shown.data.content.company).toMatchObject({ name: 'Usinage du Nord', employees: 12 });
  });

  it('fills the coordinates from the address with the configured BAN-format service, and gives a map link', async () => {
    const { c, home, csrf } = await learner('ACCARDO');
    const r = await c.post(`${home}/portfolio/geolocalisation`, { _csrf: csrf, 'entreprise.latitude': '', 'entreprise.longitude': '', action: 'geocoder' });
    const html = await r.text();
    expect(banQueries.at(-1)).toBe('/search/?q=12 rue des Forges 76000 Rouen');
    expect(html).toContain('Coordonnées trouvées pour « 12 Rue des Forges 76000 Rouen »');
    expect(html).toContain('value="49.4431"');
    expect(html).toContain('https://www.openstreetmap.org/?mlat=49.4431&amp;mlon=1.0993');
    const bad = await c.post(`${home}/portfolio/geolocalisation`, { _csrf: csrf, 'entreprise.latitude': '95', 'entreprise.longitude': '1.1', action: 'enregistrer' });
    expect(await bad.text()).toContain('« latitude » : attendu un nombre décimal entre -90 et 90 (par exemple 49.4431), trouvé « 95 »');
  });

  it('edits a three-level org chart without JavaScript: add, rename, move, remove; a box cannot go under itself', async () => {
    const { c, home, csrf } = await learner('BERNARD');
    const org = (form: Record<string, string>) => c.post(`${home}/portfolio/organigramme`, { _csrf: csrf, ...form });
    await org({ action: 'org-add:' });
    await org({ 'org.1.role': 'Direction', 'org.1.names': 'Mme Leroy', action: 'org-add:1' });
    await org({ 'org.1.role': 'Direction', 'org.2.role': 'Maintenance', action: 'org-add:2' });
    await org({ 'org.1.role': 'Direction', 'org.2.role': 'Maintenance', 'org.3.role': 'Technicien', action: 'org-add:1' });
    await org({ 'org.1.role': 'Direction', 'org.2.role': 'Maintenance', 'org.3.role': 'Technicien', 'org.4.role': 'Qualité', action: 'org-remove:4' });
    const cycle = await org({ 'org.1.role': 'Directeur', 'org.2.role': 'Maintenance', 'org.3.role': 'Technicien', 'org.1.parent': '3', action: 'enregistrer' });
    expect(cycle.status).toBe(422);
    expect(await cycle.text()).toContain('une case ne peut pas être rattachée à elle-même ni à une case qui dépend d&#39;elle');
    expect((await org({ 'org.1.role': 'Directeur', 'org.2.role': 'Maintenance', 'org.3.role': 'Technicien', 'org.1.parent': '', action: 'enregistrer' })).status).toBe(303);
    const shown = cproJson<{ content: { orgChart: unknown } }>(db, ['portfolio', 'show', '--period', PERIOD, '--learner', 'BERNARD Hugo']);
    expect(shown.data.content.orgChart).toEqual([
      { role: 'Directeur', names: ['Mme Leroy'], children: [{ role: 'Maintenance', names: [], children: [{ role: 'Technicien', names: [], children: [] }] }] },
    ]);
  });

  it('refuses an executable renamed .pdf and an oversized file without writing it; concurrent uploads never pass 30 Mo', async () => {
    const { c, home, csrf } = await learner('BERNARD');
    const upload = async (name: string, bytes: Buffer) => {
      const fd = new FormData();
      fd.append('_csrf', csrf);
      fd.append('annexe', new Blob([new Uint8Array(bytes)]), name);
      const r = await c.request(`${home}/portfolio/annexes`, { method: 'POST', body: fd });
      return { status: r.status, html: await r.text() };
    };
    const before = (await annexRows()).length;
    const exe = await upload('devoir.pdf', Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(2048)]));
    expect(exe.status).toBe(422);
    expect(exe.html).toContain('« devoir.pdf » n&#39;est ni un PDF, ni une image JPEG ou PNG');
    const big = await upload('scan.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5 * 1024 * 1024 + 10)]));
    expect(big.status).toBe(422);
    expect(big.html).toContain('« scan.pdf » dépasse 5 Mo');
    expect(await annexRows()).toHaveLength(before);
    // Seven files of 4.5 Mo at once: six fit in 30 Mo, the seventh is refused, whatever the order.
    const file = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4.5 * 1024 * 1024 - 9)]);
    const results = await Promise.all(Array.from({ length: 7 }, (_, i) => upload(`photo-${i}.pdf`, file)));
    expect(results.filter((r) => r.status === 303)).toHaveLength(6);
    const refused = results.filter((r) => r.status === 422);
    expect(refused).toHaveLength(1);
    expect(refused[0].html).toMatch(/ne rentre plus : le portfolio a déjà 27,0 Mo d&#39;annexes sur 30 Mo/);
    expect((await annexRows()).reduce((n, x) => n + x.size, 0)).toBeLessThanOrEqual(30 * 1024 * 1024);
  });

  it("lets the learner's tutor download the annexes from the portfolio page, and no other tutor", async () => {
    const tutor = new Client(portal.url);
    const home = await tutor.enter(linkFromOutbox(tutorsOutbox, 'BERNARD').token);
    const html = await (await tutor.get(`${home}/portfolio`)).text();
    const href = /href="([^"]+\/portfolio\/annexes\/\d+)">photo-\d\.pdf</.exec(html)?.[1];
    expect(href).toBeDefined();
    const file = await tutor.get(href!);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).subarray(0, 8).toString()).toBe('%PDF-1.7');
    const other = new Client(portal.url);
    const otherHome = await other.enter(linkFromOutbox(tutorsOutbox, 'ACCARDO').token);
    expect((await other.get(`${otherHome}/portfolio/annexes/${href!.split('/').pop()}`)).status).toBe(404);
  });

  it('saves the bilan personnel with one item per line', async () => {
    const { c, home, csrf } = await learner('ACCARDO');
    const empty = await c.post(`${home}/bilan-personnel`, { _csrf: csrf, strengths: ' ', improvements: '', perspectives: '' });
    expect(empty.status).toBe(422);
    // The import's limits and control-character rule, beside the field, and nothing saved.
    const bad = await c.post(`${home}/bilan-personnel`, { _csrf: csrf, strengths: 'Ponctuelle\u001b[2J', improvements: 'x'.repeat(5001), perspectives: '' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('caractère de contrôle interdit U+001B (échappement) en position 11');
    expect(html).toContain('texte trop long (5001 caractères, 5000 au plus)');
    expect(cproJson<{ bilan: unknown }>(db, ['bilan-personnel', 'show', '--period', PERIOD, '--learner', 'ACCARDO Aline']).data.bilan).toBeNull();
    expect((await c.post(`${home}/bilan-personnel`, { _csrf: csrf, strengths: 'Ponctuelle\nSoigneuse', improvements: 'Lire un schéma', perspectives: '' })).status).toBe(303);
    const shown = cproJson<{ bilan: { strengths: string[]; improvements: string[] } }>(db, ['bilan-personnel', 'show', '--period', PERIOD, '--learner', 'ACCARDO Aline']);
    expect(shown.data.bilan).toMatchObject({ strengths: ['Ponctuelle', 'Soigneuse'], improvements: ['Lire un schéma'] });
  });

  it("keeps web and file one portfolio: export yaml gives it back, an import over web edits is refused unless --force, status shows the web edit", async () => {
    const { writeFileSync, readFileSync, readdirSync } = await import('node:fs');
    const out = `${tmp.dir}/yaml`;
    const exp = cpro(['--db', db, 'portfolio', 'export', '--period', PERIOD, '--learner', 'ACCARDO Aline', '--format', 'yaml', '--out', out]);
    expect(exp.code).toBe(0);
    const file = `${out}/${readdirSync(out).find((f) => f.endsWith('.yaml'))}`;
    const yaml = readFileSync(file, 'utf8');
    expect(yaml).toContain('raison sociale: Usinage du Nord');
    // The file as exported changes nothing.
    expect(cpro(['--db', db, 'portfolio', 'import', file, '--period', PERIOD]).stdout).toContain('1 inchangé');
    writeFileSync(file, yaml.replace('raison sociale: Usinage du Nord', 'raison sociale: Usinage du Sud'));
    const refused = cpro(['--db', db, 'portfolio', 'import', file, '--period', PERIOD]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Aline ACCARDO a modifié son portfolio sur le portail le .*, après le dernier import de fichier : ce fichier remplacerait la présentation de l'entreprise/);
    const status = cpro(['--db', db, 'portfolio', 'status', '--period', PERIOD]);
    expect(status.stdout).toContain('Modifié sur le portail');
    expect(cpro(['--db', db, 'portfolio', 'import', file, '--period', PERIOD, '--force']).code).toBe(0);
    // The web draft restarts from the file the teacher imported.
    const { c, home } = await learner('ACCARDO');
    expect(await (await c.get(`${home}/portfolio/entreprise`)).text()).toContain('value="Usinage du Sud"');
  });

  it('keeps the 30 Mo quota across two portal processes on one store (uploads split between them, all at once)', async () => {
    const env = { CPRO_PORTAL_SECRET: 'secret partagé entre les deux processus du test' };
    const [a, b] = await Promise.all([startPortal(db, [], env), startPortal(db, [], env)]);
    try {
      const ca = new Client(a.url);
      const home = await ca.enter(linkFromOutbox(outbox, 'ACCARDO').token);
      const { csrf } = await ca.csrf(`${home}/portfolio/annexes`);
      const cb = new Client(b.url);
      (cb as unknown as { cookies: Map<string, string> }).cookies = (ca as unknown as { cookies: Map<string, string> }).cookies;
      const file = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4.5 * 1024 * 1024 - 9)]);
      const statuses = await Promise.all(Array.from({ length: 8 }, async (_, i) => {
        const fd = new FormData();
        fd.append('_csrf', csrf);
        fd.append('annexe', new Blob([file]), `double-${i}.pdf`);
        const r = await (i % 2 ? cb : ca).request(`${home}/portfolio/annexes`, { method: 'POST', body: fd });
        await r.text();
        return r.status;
      }));
      expect(statuses.filter((s) => s === 303)).toHaveLength(6);
      expect(statuses.filter((s) => s === 422)).toHaveLength(2);
      const s = await openStore(db);
      try {
        const used = ((await s.db.prepare("SELECT SUM(size) AS n FROM portfolio_annexes WHERE file_name LIKE 'double-%'").get()) as { n: number }).n;
        expect(used).toBe(6 * file.length);
      } finally {
        await s.close();
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('shows a portfolio filled from an imported file as modified on the home page, not « à remplir »', async () => {
    // Hugo's PFMP 3 (imported by the first test): nothing typed on the web yet.
    const { c, home } = await learner('BERNARD');
    const third = /href="(\/mon-espace\/periodes\/\d+\/apprenants\/\d+)">PFMP 3</.exec(await (await c.get(home)).text())![1];
    const state = async () => /Mon portfolio<\/a><span class="state">([^<]*)</.exec(await (await c.get(third)).text())?.[1];
    expect(await state()).toBe('à remplir');
    const { writeFileSync } = await import('node:fs');
    const file = `${tmp.dir}/bernard.yaml`;
    writeFileSync(file, "apprenant:\n  nom: BERNARD\n  prénom: Hugo\nentreprise:\n  nom: Mécanique Normande\n  nombre d'employés: 25\n");
    expect(cpro(['--db', db, 'portfolio', 'import', file, '--period', 'PFMP 3']).code).toBe(0);
    expect(await state()).toMatch(/^modifié le \d/);
  });

  it('words its refusal and error pages for a learner, the tutors\' for a tutor, and neutral ones for nobody known', async () => {
    const page = async (c: Client, path: string) => {
      const r = await c.get(path);
      return { status: r.status, html: await r.text() };
    };
    const { c, home } = await learner('ACCARDO');
    const { home: other } = await learner('BERNARD');
    // The learner's session: a page outside it, an unknown address inside the space.
    for (const path of [other, `${home}/nulle-part`, '/mon-espace/nulle-part']) {
      const r = await page(c, path);
      expect(r.status, path).toBe(404);
      expect(r.html, path).toContain('<title>Page introuvable — Mon espace PFMP</title>');
      expect(r.html, path).not.toContain('tuteur');
      expect(r.html, path).not.toContain("de l'apprenant");
      // A way back home and out, as on every page of the space.
      expect(r.html, path).toContain(`<a href="${home}">Accueil</a>`);
      expect(r.html, path).toContain('Se déconnecter');
    }
    // No session at all: the learner's address still says whose space it is.
    const expired = await page(new Client(portal.url), home);
    expect(expired.status).toBe(401);
    expect(expired.html).toContain('<title>Session terminée — Mon espace PFMP</title>');
    const lost = await page(new Client(portal.url), '/mon-espace/nulle-part');
    expect(lost.html).toContain('<title>Page introuvable — Mon espace PFMP</title>');
    expect(lost.html).not.toContain('Se déconnecter');
    // An expired learner's link: the learner asks the référent for a new one.
    const { token } = linkFromOutbox(outbox, 'BERNARD');
    const store = await openStore(db);
    try {
      await store.db.prepare("UPDATE tutor_tokens SET expires_at = '2025-08-28T00:00:00.000Z' WHERE token_hash = ?").run(createHash('sha256').update(token).digest('hex'));
    } finally {
      await store.close();
    }
    const refused = await page(new Client(portal.url), `/acces?jeton=${token}`);
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('Ce lien a expiré');
    expect(refused.html).toContain('<title>Lien inutilisable — Mon espace PFMP</title>');
    expect(refused.html).toContain('Demandez un nouveau lien à votre professeur référent');
    // A revoked one tells nothing of whose it was: the unknown link's page, word for word.
    const { token: accardo } = linkFromOutbox(outbox, 'ACCARDO');
    expect(cpro(['--db', db, 'learners', 'revoke', '--period', PERIOD, '--learner', 'ACCARDO Aline']).code).toBe(0);
    const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)![0];
    const revoked = await page(new Client(portal.url), `/acces?jeton=${accardo}`);
    const unknown = await page(new Client(portal.url), '/acces?jeton=cAbsolumentInconnuAbsolumentInconnu0123456');
    expect(main(revoked.html)).toBe(main(unknown.html));
    expect(revoked.html).toContain('<title>Lien inutilisable — Portail PFMP</title>');
    // A tutor keeps the tutors' portal; nobody known gets the portal's neutral name.
    const tutor = new Client(portal.url);
    await tutor.enter(linkFromOutbox(tutorsOutbox, 'ACCARDO').token);
    expect((await page(tutor, '/nulle-part')).html).toContain('<title>Page introuvable — Portail des tuteurs</title>');
    for (const path of ['/', '/nulle-part', '/acces?jeton=inconnu']) {
      const r = await page(new Client(portal.url), path);
      expect(r.html, path).toContain('— Portail PFMP</title>');
      expect(r.html, path).not.toContain('tuteur');
    }
  });

  it('purges the annexes with their period', async () => {
    expect((await annexRows()).length).toBeGreaterThan(0);
    const r = cpro(['--db', db, 'purge', '--before', '01/01/2026', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(await annexRows()).toHaveLength(0);
  });
});
