// No lost update on the portal: the tutor opens the bilan form, the teacher changes the bilan through the CLI
// meanwhile, the tutor submits: a banner says so, what is saved now is shown, the teacher's data stays as it was
// and the tutor's answers are kept in the form; submitting again (the new version in the form) saves them.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium } from '../helpers/browser.js';
import { cpro, cproJson, tempDir } from '../helpers/cli.js';
import { linkFromOutbox, portalStore, startPortal, type RunningPortal } from '../helpers/portal.js';
import { PERIOD } from '../helpers/tutors-fixture.js';

const missing = chromiumMissing();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let tmp: ReturnType<typeof tempDir>;
let db: string;
let outbox: string;
let portal: RunningPortal;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (missing) return;
  tmp = tempDir('cpro-portal-conflict-');
  ({ db, outbox } = await portalStore(tmp.dir));
  portal = await startPortal(db);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, bypassCSP: true, locale: 'fr-FR', javaScriptEnabled: false });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
  tmp?.cleanup();
});

type Shown = { sections: Array<{ evaluation: { levels: Record<string, string>; comment: string | null; provenance?: { status: string; enteredBy: string } } | null }> };
const recorded = () => cproJson<Shown>(db, ['eval', 'show', '--period', PERIOD, '--learner', 'ACCARDO Aline', '--type', 'entreprise']).data.sections[0].evaluation;

/** The teacher's change: the period's export, ACCARDO's row filled in, imported back. */
function teacherImports(level: string, comment: string): void {
  const r = cpro(['--db', db, 'eval', 'export', '--period', PERIOD, '--type', 'entreprise']);
  expect(r.code).toBe(0);
  const [header, ...rows] = r.stdout.replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
  const cols = header.split(';');
  const cells = rows.find((l) => l.includes(';ACCARDO;'))!.split(';');
  const at = (name: string) => cols.findIndex((c) => c === name || c.startsWith(`${name} `));
  cells[at('C1.1')] = level;
  cells[at('Commentaire')] = comment;
  const file = join(tmp.dir, 'bilans.csv');
  writeFileSync(file, `${header}\n${cells.join(';')}\n`);
  const imported = cpro(['--db', db, 'eval', 'import', file, '--period', PERIOD, '--type', 'entreprise']);
  expect(imported.code, imported.stderr).toBe(0);
}

async function submit(name: string): Promise<number> {
  const [res] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
  return res!.status();
}

describe.skipIf(missing)('a bilan changed by the teacher while the tutor fills it in', () => {
  it('refuses the stale submit with a banner, keeps both, and saves on a deliberate second submit', async () => {
    const { link } = linkFromOutbox(outbox, 'ACCARDO');
    await page.goto(link.replace(/^https?:\/\/[^/]+/, portal.url));
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Continuer' }).click()]);
    const base = new URL(page.url()).pathname;
    await page.goto(portal.url + base + '/bilans/entreprise');
    expect(await page.locator('input[name="version"]').getAttribute('value')).toBe('0');
    await page.locator('label[for="f-niveau_C1_1-3"]').click();
    await page.getByLabel('Commentaire').fill('Saisie du tuteur <b>');

    teacherImports('2', "Complété par l'enseignant");
    const status = await submit('Enregistrer le brouillon');
    expect(status).toBe(409);

    const banner = page.locator('[role="alert"][data-conflict]');
    const said = await banner.innerText();
    expect(said).toMatch(/^Ce bilan a été modifié par l'enseignant le \d{1,2}(er)? \S+ \d{4} à \d\d h \d\d pendant que vous le remplissiez : votre saisie n'a pas été enregistrée\./);
    expect(said).toContain("C1.1 Analyser le fonctionnement d'un système de production : enregistré « 2 », votre saisie « 3 »");
    expect(said).toContain("Commentaire : enregistré « Complété par l'enseignant », votre saisie « Saisie du tuteur <b> »");
    expect(said).toContain('enregistrez à nouveau');
    expect(await page.locator('.status').innerText()).toContain("par l'enseignant");
    // The tutor's answers kept, the new version in the form.
    expect(await page.locator('#f-niveau_C1_1-3').isChecked()).toBe(true);
    expect(await page.getByLabel('Commentaire').inputValue()).toBe('Saisie du tuteur <b>');
    expect(await page.locator('input[name="version"]').getAttribute('value')).toBe('1');
    // The teacher's bilan as they imported it.
    expect(recorded()).toMatchObject({ levels: { 'C1.1': '2' }, comment: "Complété par l'enseignant", provenance: { status: 'validated', enteredBy: 'enseignant' } });

    // axe-core on the same page (this one runs without JavaScript, as the form must work).
    const audit = await (await browser.newContext({ bypassCSP: true })).newPage();
    await audit.setContent(await page.content());
    await audit.addScriptTag({ content: AXE });
    const violations = await audit.evaluate(async () => {
      const r = await (window as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string }> }> } }).axe.run();
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'label').map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await audit.context().close();

    // Submitted again, deliberately: saved as the tutor's draft.
    expect(await submit('Enregistrer le brouillon')).toBe(200);
    expect(await page.locator('.flash').innerText()).toContain('Brouillon enregistré');
    expect(recorded()).toMatchObject({ levels: { 'C1.1': '3' }, comment: 'Saisie du tuteur <b>', provenance: { status: 'draft', enteredBy: 'tuteur' } });
  });
});
