// A learner fills in the whole portfolio and the bilan personnel in a real browser at a phone's size (390×844),
// from the link of the outbox, without a line of YAML: company, coordinates, a three-level org chart, two weeks,
// two activities (one chosen for export), a PDF annex, then the bilan personnel; axe-core on every page. Then the
// teacher's CLI shows all of it, and the end-of-term zip carries it, the annex byte for byte.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium } from '../helpers/browser.js';
import { cpro, cproJson, tempDir } from '../helpers/cli.js';
import { linkFromOutbox, portalStore, startPortal, type RunningPortal } from '../helpers/portal.js';
import { inviteLearners } from '../helpers/learners-fixture.js';
import { PERIOD } from '../helpers/tutors-fixture.js';
import { parseMail, tokenOf } from '../helpers/smtp.js';

const missing = chromiumMissing();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** A small but real PDF: what the learner's phone would upload. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

let tmp: ReturnType<typeof tempDir>;
let db: string;
let outbox: string;
let portal: RunningPortal;
let browser: Browser;
let page: Page;
const audited: string[] = [];

async function audit(p: Page): Promise<void> {
  await p.addScriptTag({ content: AXE });
  const result = await p.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run();
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  expect(result.filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'label'), `axe on ${p.url()}`).toEqual([]);
  audited.push(new URL(p.url()).pathname);
}
/** Clicks a submit button and waits for the page that answers. */
async function press(selector: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.locator(selector).click()]);
}
const fill = (name: string, value: string) => page.locator(`[name="${name}"]`).fill(value);
const save = () => press('button[value="enregistrer"]');

beforeAll(async () => {
  if (missing) return;
  tmp = tempDir('cpro-learner-ui-');
  ({ db } = await portalStore(tmp.dir));
  outbox = await inviteLearners(tmp.dir, db);
  portal = await startPortal(db);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, bypassCSP: true, acceptDownloads: true, locale: 'fr-FR' });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
  tmp?.cleanup();
});

describe.skipIf(missing)("the learner's space in a browser (390×844)", () => {
  let base = '';

  it('opens from the link of the learner’s own message', async () => {
    const { link } = linkFromOutbox(outbox, 'ACCARDO');
    await page.goto(link.replace(/^https?:\/\/[^/]+/, portal.url));
    expect(await page.locator('main').innerText()).toContain('Ce lien ouvre votre espace');
    await audit(page);
    await press('button:has-text("Continuer")');
    base = new URL(page.url()).pathname;
    expect(base).toMatch(/^\/mon-espace\/periodes\/\d+\/apprenants\/\d+$/);
    expect(await page.locator('h1').innerText()).toBe('Bonjour Aline');
    await audit(page);
  });

  it('fills in the company (pre-filled from the liaison sheet) and its coordinates', async () => {
    await page.goto(`${portal.url}${base}/portfolio/entreprise`);
    expect(await page.locator('[name="entreprise.name"]').inputValue()).toContain('Usinage');
    // A mistake first: the import's message beside the field, what was typed kept, the page still accessible.
    await fill('entreprise.employees', 'une quarantaine');
    await save();
    expect(await page.locator('#f-entreprise_employees-err').innerText()).toContain("« nombre d'employés » : attendu un nombre entier positif, trouvé « une quarantaine »");
    expect(await page.locator('[name="entreprise.employees"]').getAttribute('aria-invalid')).toBe('true');
    await audit(page);
    await fill('entreprise.name', 'Usinage du Nord');
    await fill('entreprise.activity', 'Usinage de pièces pour l’aéronautique.');
    await fill('entreprise.employees', '40');
    await fill('entreprise.maintenanceStaff', '5');
    await fill('entreprise.history', 'Créée en 1987 à Rouen.');
    await save();
    expect(await page.locator('[role=status]').first().innerText()).toContain('Brouillon enregistré');
    await audit(page);
    await page.goto(`${portal.url}${base}/portfolio/geolocalisation`);
    // No address service configured here: no button, the coordinates are typed.
    expect(await page.locator('button[value="geocoder"]').count()).toBe(0);
    await fill('entreprise.latitude', '49,4431');
    await fill('entreprise.longitude', '1.0993');
    await save();
    expect(await page.getByRole('link', { name: /Voir l'entreprise sur une carte/ }).getAttribute('href')).toContain('mlat=49.4431');
    await audit(page);
  });

  it('builds a three-level org chart with the buttons alone', async () => {
    await page.goto(`${portal.url}${base}/portfolio/organigramme`);
    await press('button[value="org-add:"]');
    await fill('org.1.role', 'Direction');
    await fill('org.1.names', 'Mme Leroy');
    await press('button[value="org-add:1"]');
    await fill('org.2.role', 'Maintenance');
    await press('button[value="org-add:2"]');
    await fill('org.3.role', 'Technicien');
    await fill('org.3.names', 'Karim\nSophie');
    await save();
    expect(await page.locator('fieldset.org').evaluateAll((f) => f.map((x) => x.getAttribute('data-depth')))).toEqual(['1', '2', '3']);
    await audit(page);
  });

  it('writes two weeks and two activities, one chosen for export', async () => {
    await page.goto(`${portal.url}${base}/portfolio/semaines`);
    expect(await page.locator('legend').first().innerText()).toBe('Semaine 1 : du 03/03/2025 au 07/03/2025');
    await fill('semaine.0.activities', 'Découverte de l’atelier, consignes de sécurité.');
    await fill('semaine.0.liked', 'Le tour à commande numérique.');
    await fill('semaine.1.activities', 'Maintenance préventive du compresseur.');
    await fill('semaine.1.succeeded', 'Remplacer un filtre seule.');
    await save();
    await audit(page);
    await page.goto(`${portal.url}${base}/portfolio/activites`);
    await press('button[value="activite-add"]');
    await fill('activite.0.title', 'Remplacement du filtre du compresseur');
    await page.locator('[name="activite.0.selected"]').check();
    await fill('activite.0.bt.date', '12/03/2025');
    await fill('activite.0.bt.machine', 'Compresseur Atlas Copco GA30');
    await fill('activite.0.ri.defects', 'Perte de charge');
    await fill('activite.0.ri.duration', '2 h');
    await press('button[value="activite-add"]');
    await fill('activite.1.title', 'Graissage des roulements');
    await save();
    expect(await page.locator('[name="activite.0.selected"]').isChecked()).toBe(true);
    await audit(page);
  });

  it('uploads a PDF annex and reads the comments', async () => {
    await page.goto(`${portal.url}${base}/portfolio/annexes`);
    await page.locator('input[type=file]').setInputFiles({ name: 'bon-de-travail.pdf', mimeType: 'application/pdf', buffer: PDF });
    await press('button:has-text("Envoyer")');
    expect(await page.locator('.cards').innerText()).toContain('bon-de-travail.pdf');
    await audit(page);
    // The teacher comments from the CLI; the learner reads it, read-only.
    const comment = cpro(['--db', db, 'portfolio', 'comment', 'Pense à décrire la sécurité.', '--period', PERIOD, '--learner', 'ACCARDO Aline', '--author', 'M. Prof']);
    expect(comment.code, comment.stderr).toBe(0);
    await page.goto(`${portal.url}${base}/portfolio/commentaires`);
    expect(await page.locator('main').innerText()).toContain('Pense à décrire la sécurité.');
    await audit(page);
  });

  it('writes the bilan personnel and reads the evaluations page', async () => {
    await page.goto(`${portal.url}${base}/bilan-personnel`);
    await fill('strengths', 'Ponctuelle\nSoigneuse');
    await fill('improvements', 'Lire un schéma électrique');
    await fill('perspectives', 'Découvrir la maintenance industrielle');
    await press('button:has-text("Enregistrer")');
    expect(await page.locator('[role=status]').innerText()).toBe('Bilan personnel enregistré.');
    await audit(page);
    await page.goto(`${portal.url}${base}/evaluations`);
    expect(await page.locator('h1').innerText()).toBe('Mes évaluations');
    await audit(page);
  });

  it('loses nothing typed when the session ends mid-form: the answers come back once the new link is opened', async () => {
    await page.goto(`${portal.url}${base}/bilan-personnel`);
    await fill('perspectives', 'Découvrir la maintenance industrielle\nPasser le CACES');
    const env = { CPRO_MAIL_FROM: 'pfmp@lycee.example.fr', CPRO_PORTAL_URL: 'http://127.0.0.1', CPRO_OUTBOX: outbox };
    expect(cpro(['--db', db, 'learners', 'revoke', '--period', PERIOD, '--learner', 'ACCARDO Aline']).code).toBe(0);
    await press('button:has-text("Enregistrer")');
    expect(await page.locator('h1').innerText()).toBe('Votre session est terminée');
    expect(cpro(['--db', db, 'learners', 'invite', '--period', PERIOD, '--learner', 'ACCARDO Aline'], { env }).code).toBe(0);
    const mail = parseMail(readFileSync(join(outbox, 'Accès apprenant PFMP 2 - ACCARDO Aline-2.eml'), 'utf8'));
    await page.goto(`${portal.url}/acces?jeton=${tokenOf(mail)}`);
    await press('button:has-text("Continuer")');
    await page.goto(`${portal.url}${base}/bilan-personnel`);
    expect(await page.locator('[name="perspectives"]').inputValue()).toBe('Découvrir la maintenance industrielle\nPasser le CACES');
    expect(await page.locator('.flash').innerText()).toContain('ont été remises');
    await press('button:has-text("Enregistrer")');
    const bilan = cproJson<{ bilan: Record<string, string[]> }>(db, ['bilan-personnel', 'show', '--period', PERIOD, '--learner', 'ACCARDO Aline']);
    expect(bilan.data.bilan.perspectives).toEqual(['Découvrir la maintenance industrielle', 'Passer le CACES']);
  });

  it('the teacher sees all of it: portfolio show --json, bilan personnel, and the end-of-term zip with the annex byte for byte', async () => {
    const shown = cproJson<{ content: Record<string, any>; counts: Record<string, number> }>(db, ['portfolio', 'show', '--period', PERIOD, '--learner', 'ACCARDO Aline']);
    const c = shown.data.content;
    expect(c.company).toMatchObject({ name: 'Usinage du Nord', employees: 40, maintenanceStaff: 5, latitude: 49.4431, longitude: 1.0993 });
    expect(c.orgChart).toEqual([
      { role: 'Direction', names: ['Mme Leroy'], children: [{ role: 'Maintenance', names: [], children: [{ role: 'Technicien', names: ['Karim', 'Sophie'], children: [] }] }] },
    ]);
    expect(c.weeks.map((w: { number: number; from: string; to: string }) => [w.number, w.from, w.to])).toEqual([[1, '2025-03-03', '2025-03-07'], [2, '2025-03-10', '2025-03-14']]);
    expect(c.activities.map((a: { title: string; selected: boolean }) => [a.title, a.selected])).toEqual([
      ['Remplacement du filtre du compresseur', true], ['Graissage des roulements', false],
    ]);
    expect(c.activities[0].workOrder).toMatchObject({ date: '2025-03-12', machine: 'Compresseur Atlas Copco GA30' });
    expect(c.annexes).toEqual([{ kind: 'fichier', target: 'bon-de-travail.pdf', title: null }]);
    const bilan = cproJson<{ bilan: Record<string, string[]> }>(db, ['bilan-personnel', 'show', '--period', PERIOD, '--learner', 'ACCARDO Aline']);
    expect(bilan.data.bilan).toMatchObject({ strengths: ['Ponctuelle', 'Soigneuse'], improvements: ['Lire un schéma électrique'], perspectives: ['Découvrir la maintenance industrielle', 'Passer le CACES'] });

    const zipFile = join(tmp.dir, 'fin.zip');
    expect(cpro(['--db', db, 'export', '--period', PERIOD, '--format', 'zip', '--out', zipFile], { cwd: tmp.dir }).code).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(zipFile));
    const annex = await zip.file(`portfolios/${PERIOD}/ACCARDO Aline - annexes/bon-de-travail.pdf`)!.async('nodebuffer');
    expect(annex.equals(PDF)).toBe(true);
    const yaml = await zip.file(`portfolios/${PERIOD}/ACCARDO Aline.yaml`)!.async('string');
    for (const s of ['raison sociale: Usinage du Nord', 'rôle: Technicien', 'semaine: "2"', 'exporter: oui', 'fichier: bon-de-travail.pdf']) expect(yaml).toContain(s);
    const bilans = await zip.file('bilans-personnels.csv')!.async('string');
    expect(bilans).toContain('Lire un schéma électrique');
    expect(audited.length).toBeGreaterThanOrEqual(10);
  });
});
