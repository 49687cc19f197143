// Sessions and locks in the browser: a session that ends while a form is being filled loses no answer; a bilan
// locked by a bilan intermédiaire shows read-only with the reason and both dates; the server stops cleanly.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium } from '../helpers/browser.js';
import { cpro, cproJson, tempDir } from '../helpers/cli.js';
import { linkFromOutbox, portalStore, startPortal, type RunningPortal } from '../helpers/portal.js';
import { PERIOD } from '../helpers/tutors-fixture.js';
import { openStore } from '../../src/store/store.js';

const missing = chromiumMissing();
let tmp: ReturnType<typeof tempDir>;
let db: string;
let outbox: string;
let portal: RunningPortal;
let browser: Browser;
let page: Page;

const text = (sel: string) => page.locator(sel).first().innerText();
async function submit(name: string | RegExp): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
}
async function enter(learner: string): Promise<string> {
  const { link } = linkFromOutbox(outbox, learner);
  await page.goto(link.replace(/^https?:\/\/[^/]+/, portal.url));
  await submit('Continuer');
  return new URL(page.url()).pathname;
}

beforeAll(async () => {
  if (missing) return;
  tmp = tempDir('cpro-portal-sessions-');
  ({ db, outbox } = await portalStore(tmp.dir));
  // ACCARDO's bilan entreprise met on 20 March, then a bilan intermédiaire on 25 March: it is locked.
  const csv = join(tmp.dir, 'bilans.csv');
  writeFileSync(csv, 'Nom;Prénom;C1.1;Date de rencontre\nACCARDO;Aline;3;20/03/2025\n');
  expect(cpro(['--db', db, 'eval', 'import', csv, '--period', PERIOD]).code).toBe(0);
  expect(cpro(['--db', db, 'bilans-intermediaires', 'add', '--class', '1MSPC', '--date', '25/03/2025']).code).toBe(0);
  portal = await startPortal(db);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await portal?.stop();
  tmp?.cleanup();
});

describe.skipIf(missing)('portal sessions and locks', () => {
  it('shows a locked bilan read-only, with the reason and both dates', async () => {
    const base = await enter('ACCARDO');
    expect(await text('.cards')).toContain('verrouillé');
    await page.goto(portal.url + base + '/bilans/entreprise');
    const lock = await text('.lock');
    expect(lock).toContain('verrouillé');
    expect(lock).toContain('20/03/2025');
    expect(lock).toContain('25/03/2025');
    expect(await page.locator('#f-niveau_C1_1-3').isChecked()).toBe(true);
    expect(await page.locator('#f-niveau_C1_1-3').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Valider le bilan' }).count()).toBe(0);
  });

  it('keeps the answers of a form whose session ended, and gives them back once the link is reopened', async () => {
    const base = await enter('BERNARD');
    await page.goto(portal.url + base + '/bilans/attitudes');
    await page.locator('label[for="f-niveau_AT1-4"]').click();
    await page.locator('label[for="f-niveau_AT2-2"]').click();
    await page.getByLabel('Commentaire').fill('Ponctuel et curieux');
    // The session ends on the server (idle limit reached, or signed out elsewhere).
    const store = await openStore(db);
    await store.db.prepare('UPDATE portal_sessions SET last_seen_at = ?').run('2000-01-01T00:00:00.000Z');
    await store.close();
    await submit('Enregistrer le brouillon');
    expect(await text('h1')).toBe('Votre session est terminée');
    const nothing = cproJson<{ sections: Array<{ evaluation: unknown }> }>(db, ['eval', 'show', '--period', PERIOD, '--learner', 'BERNARD Hugo', '--type', 'attitudes']);
    expect(nothing.data.sections[0].evaluation).toBeNull();

    await enter('BERNARD');
    await page.goto(portal.url + base + '/bilans/attitudes');
    expect(await text('.flash')).toContain('ont été remises');
    expect(await page.locator('#f-niveau_AT1-4').isChecked()).toBe(true);
    expect(await page.locator('#f-niveau_AT2-2').isChecked()).toBe(true);
    expect(await page.getByLabel('Commentaire').inputValue()).toBe('Ponctuel et curieux');
    await submit('Enregistrer le brouillon');
    expect(await text('.flash')).toContain('Brouillon enregistré');
    const saved = cproJson<{ sections: Array<{ evaluation: { levels: Record<string, string>; comment: string } }> }>(db, [
      'eval', 'show', '--period', PERIOD, '--learner', 'BERNARD Hugo', '--type', 'attitudes',
    ]);
    expect(saved.data.sections[0].evaluation).toMatchObject({ levels: { AT1: '4', AT2: '2' }, comment: 'Ponctuel et curieux' });
    // Saved: the copy kept in the browser is dropped, a later visit shows the store's answers only.
    await page.goto(portal.url + base + '/bilans/attitudes');
    expect(await page.locator('.flash').count()).toBe(0);
  });

  it('stops cleanly on SIGTERM (exit 0, store closed)', async () => {
    expect(await portal.stop()).toBe(0);
    const store = await openStore(db);
    try {
      const check = await store.db.prepare<[], { integrity_check: string }>('PRAGMA integrity_check').get();
      expect(check?.integrity_check).toBe('ok');
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(missing)('a bilan the teacher entered first', () => {
  it('stays open to the tutor, and the tutor validating it is recorded as such; the teacher amending it keeps that', async () => {
    const dir = tempDir('cpro-portal-joint-');
    try {
      const { db: jointDb, outbox: box } = await portalStore(dir.dir);
      const csv = join(dir.dir, 'bilans.csv');
      writeFileSync(csv, 'Nom;Prénom;C1.1\nACCARDO;Aline;2\n');
      expect(cpro(['--db', jointDb, 'eval', 'import', csv, '--period', PERIOD]).code).toBe(0);
      const server = await startPortal(jointDb);
      try {
        const { link } = linkFromOutbox(box, 'ACCARDO');
        await page.goto(link.replace(/^https?:\/\/[^/]+/, server.url));
        await submit('Continuer');
        await page.goto(page.url() + '/bilans/entreprise');
        expect(await text('.status')).toContain("par l'enseignant");
        expect(await page.locator('#f-niveau_C1_1-2').isChecked()).toBe(true);
        await page.locator('label[for="f-niveau_C1_1-3"]').click();
        await submit('Valider le bilan');
        expect(await text('.status')).toContain('par le tuteur');
        writeFileSync(csv, 'Nom;Prénom;C1.2\nACCARDO;Aline;4\n');
        expect(cpro(['--db', jointDb, 'eval', 'import', csv, '--period', PERIOD]).code).toBe(0);
        const list = cproJson<{ tutors: Array<{ learner: { lastName: string }; bilans: Array<{ label: string }> }> }>(jointDb, ['tutors', 'list', '--period', PERIOD]);
        expect(list.data.tutors.find((t) => t.learner.lastName === 'ACCARDO')!.bilans[0].label).toMatch(/^validé le .* par le tuteur, complété par l'enseignant$/);
      } finally {
        await server.stop();
      }
    } finally {
      dir.cleanup();
    }
  });
});
