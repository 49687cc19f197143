// The tutor confirms the attendance in the portal (issue 16), in a real browser at a phone's size: the days
// planned, the absence the teacher recorded, days and hours done, « Je confirme la présence »; the page then says
// who confirmed and when, `cpro attendance show` (text and --json) says it too, the attestation PDF prints the
// confirmed hours rather than those the tutor typed, and an absence changed afterwards asks for a new confirmation.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumMissing, launchChromium } from '../helpers/browser.js';
import { cpro, cproJson, tempDir } from '../helpers/cli.js';
import { linkFromOutbox, portalStore, startPortal, type RunningPortal } from '../helpers/portal.js';
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

const text = (sel: string) => page.locator(sel).first().innerText();
async function submit(name: string | RegExp): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
}
async function audit(p: Page): Promise<void> {
  await p.addScriptTag({ content: AXE });
  const result = await p.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (o?: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run();
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  expect(result.filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'label'), `axe on ${p.url()}`).toEqual([]);
}

interface Shown {
  learners: Array<{ learner: { lastName: string }; daysPlanned: number; daysDone: number; hours: number; confirmed: boolean; confirmedBy: string | null; confirmedAt: string | null }>;
}
const accardo = () => cproJson<Shown>(db, ['attendance', 'show', '--period', PERIOD]).data.learners.find((l) => l.learner.lastName === 'ACCARDO')!;
const run = (...args: string[]) => cpro(['--db', db, ...args]);

beforeAll(async () => {
  if (missing) return;
  tmp = tempDir('cpro-portal-presence-');
  ({ db, outbox } = await portalStore(tmp.dir));
  // 3 to 28 March 2025: 20 working days of 7 h; a half-day missed on 5 March.
  const r = run('attendance', 'absence', 'add', '--period', PERIOD, '--learner', 'ACCARDO Aline', '--date', '05/03/2025', '--half-day', '--reason', 'rendez-vous médical');
  if (r.code !== 0) throw new Error(r.stderr);
  portal = await startPortal(db);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, bypassCSP: true, locale: 'fr-FR' });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
  tmp?.cleanup();
});

describe.skipIf(missing)('the tutor confirms the attendance in the portal (390×844)', () => {
  let base = '';

  it('shows the days planned, the absence recorded, days and hours done, and the button', async () => {
    const { link } = linkFromOutbox(outbox, 'ACCARDO');
    await page.goto(link.replace(/^https?:\/\/[^/]+/, portal.url));
    await submit('Continuer');
    base = new URL(page.url()).pathname;
    expect(await page.locator('.cards').innerText()).toMatch(/Présence\s*à confirmer/);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Présence' }).click()]);
    expect(await text('h1')).toBe('Présence');
    const facts = await text('.facts');
    expect(facts).toMatch(/Jours prévus\s*20/);
    expect(facts).toMatch(/Jours effectués\s*19,5/);
    expect(facts).toMatch(/Heures effectuées\s*136,5 h/);
    expect(await text('main')).toContain('5 mars 2025 : demi-journée — rendez-vous médical');
    expect(accardo()).toMatchObject({ confirmed: false, confirmedBy: null });
    await audit(page);
  });

  it('refuses a POST without the CSRF token and confirms nothing', async () => {
    const r = await page.request.post(portal.url + base + '/presence', { form: { x: '1' } });
    expect(r.status()).toBe(403);
    expect(accardo().confirmed).toBe(false);
  });

  it('« Je confirme la présence »: the page says by whom and when; attendance show says it too', async () => {
    // The tutor typed 100 h in the attestation; the confirmed attendance is what prints.
    await page.goto(portal.url + base + '/attestation');
    await page.getByLabel(/représentant/).fill('Mme Claire Dupont, directrice');
    await page.getByLabel(/Durée effective/).fill('100');
    await page.getByLabel(/gratification/).fill('néant');
    await page.getByLabel('Fait à (ville)').fill('Rouen');
    await submit(/^Enregistrer$/);
    await page.goto(portal.url + base + '/presence');
    const before = Date.now();
    await submit('Je confirme la présence');
    expect(await text('.flash')).toContain('la présence est confirmée');
    expect(await text('[data-confirmed]')).toMatch(/^Présence confirmée le \d{1,2} \S+ \d{4} par le tuteur\./);
    expect(await page.getByRole('button', { name: 'Je confirme la présence' }).count()).toBe(0);
    await audit(page);
    const shown = accardo();
    expect(shown).toMatchObject({ confirmed: true, confirmedBy: 'tuteur', daysPlanned: 20, daysDone: 19.5, hours: 136.5 });
    expect(Date.parse(shown.confirmedAt!)).toBeGreaterThanOrEqual(before - 1000);
    const table = run('attendance', 'show', '--period', PERIOD).stdout;
    expect(table).toMatch(/ACCARDO Aline.*oui \(tuteur, \d\d\/\d\d\/\d{4}\)/);
    expect(table).toContain('Présences confirmées : 1/');
    // Confirming again (a second POST) changes nothing.
    const again = await page.request.post(portal.url + base + '/presence', { form: { _csrf: await page.locator('input[name="_csrf"]').first().inputValue() } });
    expect(again.status()).toBe(200);
    expect(accardo().confirmedAt).toBe(shown.confirmedAt);
    const pdf = await page.request.get(portal.url + base + '/attestation.pdf');
    expect(pdf.status()).toBe(200);
    const printed = flat((await pdfText(await pdf.body())).text);
    expect(printed).toContain('136,5 heures');
    expect(printed).not.toContain('100 heures');
  });

  it('an absence changed afterwards clears the confirmation: the button is back', async () => {
    const r = run('attendance', 'absence', 'add', '--period', PERIOD, '--learner', 'ACCARDO Aline', '--date', '06/03/2025', '--hours', '2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('La présence était confirmée');
    expect(accardo()).toMatchObject({ confirmed: false, confirmedBy: null, hours: 134.5 });
    await page.goto(portal.url + base + '/presence');
    expect(await page.getByRole('button', { name: 'Je confirme la présence' }).isVisible()).toBe(true);
    expect(await page.locator('[data-confirmed]').count()).toBe(0);
  });
});
