// A tutor's whole visit in a real browser at a phone's size: the link read out of the outbox, « Continuer », the
// bilan entreprise filled (partly with the keyboard alone) and validated, the attitudes saved as a draft then
// validated, the attestation entered and its PDF downloaded; axe-core on every page; then the teacher's CLI shows
// exactly what was typed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumMissing, launchChromium } from '../helpers/browser.js';
import { cpro, cproJson, tempDir } from '../helpers/cli.js';
import { HOSTILE_COMPANY, importPortfolio, linkFromOutbox, portalStore, startPortal, type RunningPortal } from '../helpers/portal.js';
import { PERIOD } from '../helpers/tutors-fixture.js';
import { flat, pdfText } from '../documents/readback.js';

const missing = chromiumMissing();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let tmp: ReturnType<typeof tempDir>;
let db: string;
let outbox: string;
let portal: RunningPortal;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const audited: string[] = [];

const text = (sel: string) => page.locator(sel).first().innerText();
/** Clicks a button that submits a form, and waits for the page that answers. */
async function submit(name: string | RegExp): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
}

/** axe-core in the page: no serious or critical violation, every field labelled. */
async function audit(p: Page): Promise<void> {
  await p.addScriptTag({ content: AXE });
  const result = await p.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (o?: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run();
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'label');
  expect(bad, `axe on ${p.url()}`).toEqual([]);
  audited.push(new URL(p.url()).pathname);
}

beforeAll(async () => {
  if (missing) return;
  tmp = tempDir('cpro-portal-ui-');
  ({ db, outbox } = await portalStore(tmp.dir));
  importPortfolio(tmp.dir, db);
  portal = await startPortal(db);
  browser = await launchChromium();
  // bypassCSP lets axe-core be injected; it also proves that escaping alone keeps the hostile name inert.
  context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, bypassCSP: true, acceptDownloads: true, locale: 'fr-FR' });
  page = await context.newPage();
  page.on('dialog', (d) => {
    throw new Error(`a dialog opened: ${d.message()}`);
  });
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
  tmp?.cleanup();
});

describe.skipIf(missing)('the tutor portal in a browser (390×844)', () => {
  let base = '';

  it('opens from the link of the .eml: « Continuer » leads to the home page, the token leaves the address', async () => {
    const { link } = linkFromOutbox(outbox, 'ACCARDO');
    await page.goto(link.replace(/^https?:\/\/[^/]+/, portal.url));
    expect(await text('h1')).toBe('Bienvenue');
    await audit(page);
    await submit('Continuer');
    expect(page.url()).not.toContain('jeton');
    base = new URL(page.url()).pathname;
    expect(await text('h1')).toBe('Aline ACCARDO');
    expect(await page.locator('.facts').innerText()).toContain(HOSTILE_COMPANY);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('.cards').innerText()).toContain('à remplir');
    await audit(page);
  });

  it('shows the fiche de liaison read-only', async () => {
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Fiche de liaison' }).click()]);
    expect(await text('h1')).toBe('Fiche de liaison');
    expect(await page.locator('main').innerText()).toContain('A2T1');
    expect(await page.locator('main input, main textarea').count()).toBe(0);
    await audit(page);
  });

  it('fills the bilan entreprise, with an error shown beside its field and what was typed kept, then validates it', async () => {
    await page.goto(portal.url + base + '/bilans/entreprise');
    await audit(page);
    await page.getByLabel(/A1T1/).check();
    await page.getByLabel(/A2T1/).check();
    // The keyboard alone: focus the first answer of C1.1 (4), arrow to the next one (3).
    await page.focus('#f-niveau_C1_1-4');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('#f-niveau_C1_1-3').isChecked()).toBe(true);
    await page.locator('label[for="f-niveau_C2_1_1-4"]').click();
    await page.locator('label[for="f-niveau_C2_1_2-NE"]').click();
    await page.locator('label[for="f-niveau_C2_2-2"]').click();
    // Both C2.1 globally and its details: refused beside C2.1.
    await page.locator('label[for="f-niveau_C2_1-3"]').click();
    await page.locator('label[for="f-engagement-3"]').click();
    await page.getByLabel('Commentaire').fill('Très bon <b>travail</b> & sérieux');
    await submit('Valider le bilan');
    expect(await text('#f-niveau_C2_1-err')).toContain("C2.1 est évaluée à la fois globalement et par compétences détaillées");
    expect(await page.locator('#f-niveau_C2_2-2').isChecked()).toBe(true);
    expect(await page.getByLabel('Commentaire').inputValue()).toBe('Très bon <b>travail</b> & sérieux');
    await audit(page);
    await page.locator('label[for="f-niveau_C2_1-none"]').click();
    await submit('Valider le bilan');
    expect(await text('.flash')).toContain('Bilan validé');
    expect(await text('.status')).toContain('par le tuteur');
    // Validated: still shown, read-only, printable.
    expect(await page.locator('#f-niveau_C1_1-3').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Imprimer ce bilan' }).isVisible()).toBe(true);
    await audit(page);
    // Printed on A4: the page's chrome is hidden, the bilan and its answers are there.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Imprimer ce bilan' }).isVisible()).toBe(false);
    const printed = await pdfText(await page.pdf({ format: 'A4', printBackground: true }));
    for (const [w, h] of printed.sizes) expect([Math.abs(w - 595) < 2, Math.abs(h - 842) < 2], `page ${w}×${h}`).toEqual([true, true]);
    expect(printed.pages).toBeLessThanOrEqual(4);
    expect(flat(printed.text)).toContain('Bilan entreprise');
    expect(flat(printed.text)).toContain('Très bon <b>travail</b> & sérieux');
    await page.emulateMedia({ media: 'screen' });
  });

  it('saves the attitudes as a draft, then validates them', async () => {
    await page.goto(portal.url + base + '/bilans/attitudes');
    for (const [code, level] of [['AT1', '4'], ['AT2', '3'], ['AT3', 'NE']]) {
      await page.locator(`label[for="f-niveau_${code}-${level}"]`).click();
    }
    await submit('Enregistrer le brouillon');
    expect(await text('.flash')).toContain('Brouillon enregistré');
    expect(await text('.status')).toContain('brouillon');
    const draft = cproJson<{ sections: Array<{ evaluation: { provenance: { status: string } } }> }>(db, ['eval', 'show', '--period', PERIOD, '--learner', 'ACCARDO Aline', '--type', 'attitudes']);
    expect(draft.data.sections[0].evaluation.provenance.status).toBe('draft');
    await page.locator('label[for="f-niveau_AT4-2"]').click();
    await submit('Valider le bilan');
    expect(await text('.flash')).toContain('Bilan validé');
    await audit(page);
  });

  it('enters the attestation and downloads its PDF, which shows what was typed', async () => {
    await page.goto(portal.url + base + '/attestation');
    await audit(page);
    await page.getByLabel(/Durée effective/).fill('beaucoup');
    await submit(/^Enregistrer$/);
    expect(await text('#f-hours-err')).toContain("nombre entier d'heures");
    expect(await page.getByLabel(/Durée effective/).inputValue()).toBe('beaucoup');
    await audit(page);
    await page.getByLabel(/représentant/).fill('Mme Claire Dupont, directrice');
    await page.getByLabel(/Durée effective/).fill('140');
    await page.getByLabel(/gratification/).fill('néant');
    await page.getByLabel('Fait à (ville)').fill('Rouen');
    await submit(/^Enregistrer$/);
    expect(await text('.flash')).toContain('Attestation enregistrée');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Télécharger/ }).click()]);
    const pdf = flat((await pdfText(readFileSync((await download.path())!))).text);
    expect(pdf).toContain('Mme Claire Dupont, directrice');
    expect(pdf).toContain('140 heures');
    expect(pdf).toContain('Rouen');
    expect(pdf).toContain('ACCARDO');
  });

  it('the teacher sees exactly what was typed: eval show --json, print grilles and print attestations', () => {
    const show = cproJson<{ sections: Array<{ type: string; evaluation: Record<string, unknown> & { provenance: Record<string, unknown> } }> }>(db, [
      'eval', 'show', '--period', PERIOD, '--learner', 'ACCARDO Aline',
    ]);
    const [entreprise, attitudes] = show.data.sections;
    expect(entreprise.evaluation).toMatchObject({
      tasksDone: ['A1T1', 'A2T1'],
      levels: { 'C1.1': '3', 'C2.1.1': '4', 'C2.1.2': 'NE', 'C2.2': '2' },
      engagement: 3,
      meetingDate: '2025-03-28',
      comment: 'Très bon <b>travail</b> & sérieux',
      provenance: { status: 'validated', enteredBy: 'tuteur' },
    });
    const text = cpro(['--db', db, 'eval', 'show', '--period', PERIOD, '--learner', 'ACCARDO Aline']).stdout;
    expect(text).toMatch(/Saisi par : tuteur via le portail, le \d+ \S+ \d{4} — validé le/);
    const list = cproJson<{ tutors: Array<{ learner: { lastName: string }; lastVisit: string | null; bilans: Array<{ type: string; label: string }> }> }>(db, [
      'tutors', 'list', '--period', PERIOD,
    ]).data.tutors;
    const accardo = list.find((t) => t.learner.lastName === 'ACCARDO')!;
    expect(accardo.lastVisit).not.toBeNull();
    expect(accardo.bilans.map((b) => b.type)).toEqual(['entreprise', 'attitudes']);
    for (const b of accardo.bilans) expect(b.label).toMatch(/^validé le .* par le tuteur$/);
    expect(list.find((t) => t.learner.lastName === 'BERNARD')!.bilans.map((b) => b.label)).toEqual(['à remplir', 'à remplir']);
    expect(cpro(['--db', db, 'tutors', 'list', '--period', PERIOD]).stdout).toContain('par le tuteur');
    expect(attitudes.evaluation).toMatchObject({ levels: { AT1: '4', AT2: '3', AT3: 'NE', AT4: '2' }, provenance: { status: 'validated', enteredBy: 'tuteur' } });
    const out = join(tmp.dir, 'docs');
    const files = ['grilles', 'attestations'].flatMap((what) => {
      const r = cpro(['--db', db, 'print', what, '--period', PERIOD, '--learner', 'ACCARDO Aline', '--format', 'pdf', '--out', out, '--json']);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { files: Array<{ document: string; path: string }> }).files;
    });
    expect(files.map((f) => f.document).sort()).toEqual(['attestation', 'bilan-attitudes', 'bilan-entreprise']);
    return Promise.all(
      files.map(async (f) => {
        const text = flat((await pdfText(readFileSync(f.path))).text);
        if (f.document === 'bilan-entreprise') expect(text).toContain('Très bon <b>travail</b> & sérieux');
        if (f.document === 'attestation') expect(text).toContain('Mme Claire Dupont, directrice');
      }),
    );
  });

  it("reads the learner's portfolio and adds a comment shown as the tutor's; reads the bilan personnel and the dashboard", async () => {
    await page.goto(portal.url + base);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Portfolio' }).click()]);
    expect(await text('main')).toContain('Fragrance Plus');
    await audit(page);
    await submit('Ajouter le commentaire');
    expect(await text('#f-commentaire-err')).toContain('commentaire vide');
    await page.getByLabel('Votre commentaire').fill('Aline a été <em>très</em> rigoureuse.');
    await submit('Ajouter le commentaire');
    expect(await text('.comment.tuteur')).toContain('Paul MARTIN (tuteur)');
    expect(await text('.comment.tuteur')).toContain('Aline a été <em>très</em> rigoureuse.');
    const shown = cpro(['--db', db, 'portfolio', 'show', '--period', PERIOD, '--learner', 'ACCARDO Aline']);
    expect(shown.stdout).toContain('Paul MARTIN (tuteur, via le portail) :');
    await page.goto(portal.url + base + '/bilan-personnel');
    expect(await text('h1')).toBe('Bilan personnel');
    await audit(page);
    await page.goto(portal.url + base + '/tableau-de-bord');
    expect(await text('main')).toContain('C1.1');
    await audit(page);
  });

  it('ran axe-core on every tutor page visited', () => {
    expect(new Set(audited.map((p) => p.replace(/\/periodes\/\d+\/apprenants\/\d+/, '')))).toEqual(
      new Set(['/acces', '', '/fiche', '/bilans/entreprise', '/bilans/attitudes', '/attestation', '/portfolio', '/bilan-personnel', '/tableau-de-bord']),
    );
  });
});
