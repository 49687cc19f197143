// Several writers on one PostgreSQL store (issue 15): two teachers' `cpro` importing and editing while the portal
// saves the tutors' bilans. Every write is recorded (or refused with a message), none is lost: counted afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpro, cproAsync, cproJson, tempDir } from '../helpers/cli.js';
import { PG_SERVER_URL, pgStoreUrl, psql, schemaFor } from '../helpers/engine.js';
import { Client, linkFromOutbox, startPortal, type RunningPortal } from '../helpers/portal.js';

const TUTORED = 24;
const PERIOD = 'PFMP C';
const HEADER = 'Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Date de naissance;Objectifs;Activités';
const name = (i: number) => `ELEVE${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`;

/** The hidden fields of the form on `html` (CSRF token, version…), as a browser would send them back. */
function hiddenFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const n = /name="([^"]+)"/.exec(m[0]);
    const v = /value="([^"]*)"/.exec(m[0]);
    if (n) out[n[1]] = v ? v[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'") : '';
  }
  return out;
}

describe.skipIf(!PG_SERVER_URL)('two teachers and the portal on one PostgreSQL store', () => {
  let dir: string;
  let cleanup: () => void;
  let db: string;
  let portal: RunningPortal;
  let outbox: string;
  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    db = pgStoreUrl(join(dir, 'lycee'));
    const annex = [HEADER];
    const liaison = ['Période;Classe;Nom;Prénom;Raison sociale;Nom tuteur;Prénom tuteur;Courriel tuteur;Fonction tuteur'];
    for (let i = 0; i < TUTORED; i++) {
      annex.push(`${PERIOD};Période 2;1MSPC;03/03/2025;28/03/2025;${name(i)};Lou;;01/01/2008;Réaliser une maintenance;A2T1|A2T2`);
      liaison.push(`${PERIOD};1MSPC;${name(i)};Lou;Atelier ${i};TUTEUR${i};Marc;tuteur${i}@example.fr;Chef d'atelier`);
    }
    writeFileSync(join(dir, 'annexe.csv'), annex.join('\n') + '\n');
    writeFileSync(join(dir, 'liaison.csv'), liaison.join('\n') + '\n');
    outbox = join(dir, 'outbox');
    const env = { CPRO_MAIL_FROM: 'pfmp@lycee.example.fr', CPRO_PORTAL_URL: 'http://127.0.0.1', CPRO_OUTBOX: outbox };
    for (const args of [['import', 'annexe', join(dir, 'annexe.csv')], ['liaison', 'import', join(dir, 'liaison.csv')], ['tutors', 'invite', '--period', PERIOD]]) {
      const r = cpro(['--db', db, ...args], { env });
      expect(r.code, r.stderr).toBe(0);
    }
    portal = await startPortal(db);
  }, 120_000);
  afterAll(async () => {
    await portal?.stop();
    cleanup();
  });

  it('records every write of all three at once, and loses none', async () => {
    // Teacher A: a large annex of another class, then sheets of the tutored period edited one after the other.
    const big = [HEADER];
    for (let i = 0; i < 600; i++) {
      for (const [p, kind, start, end] of [['PFMP 1 TB', 'Période 1', '13/01/2025', '07/02/2025'], ['PFMP 2 TB', 'Période 2', '02/06/2025', '27/06/2025']]) {
        big.push(`${p};${kind};TMSPCB;${start};${end};NOM${i};Léo;;01/01/2007;Objectif;A1T1`);
      }
    }
    writeFileSync(join(dir, 'grande.csv'), big.join('\n') + '\n');
    const teacherA = (async () => {
      const runs = [await cproAsync(['--db', db, 'import', 'annexe', join(dir, 'grande.csv')])];
      for (let i = 0; i < 6; i++) {
        runs.push(await cproAsync(['--db', db, 'liaison', 'set', '--period', PERIOD, '--learner', `${name(i)} Lou`, `entreprise.ville=Rouen ${i}`]));
      }
      return runs;
    })();
    // Teacher B: the bilans entreprise of the same period, then the attendance of every learner.
    const bilans = ['Nom;Prénom;C1.1;C1.2;C2.2;Engagement;Commentaire'];
    for (let i = 0; i < TUTORED; i++) bilans.push(`${name(i)};Lou;3;2;4;3;Saisi par l'enseignant`);
    writeFileSync(join(dir, 'bilans.csv'), bilans.join('\n') + '\n');
    const teacherB = (async () => [
      await cproAsync(['--db', db, 'eval', 'import', join(dir, 'bilans.csv'), '--period', PERIOD]),
      await cproAsync(['--db', db, 'attendance', 'absence', 'add', '--period', PERIOD, '--learner', `${name(1)} Lou`, '--date', '05/03/2025', '--reason', 'maladie']),
    ])();
    // Every tutor validates the bilan des attitudes on the portal at the same time.
    const tutors = Array.from({ length: TUTORED }, async (_, i) => {
      const c = new Client(portal.url);
      const base = await c.enter(linkFromOutbox(outbox, name(i)).token);
      const form = await c.get(`${base}/bilans/attitudes`);
      const fields = hiddenFields(await form.text());
      const res = await c.post(`${base}/bilans/attitudes`, { ...fields, 'niveau:AT1': '4', 'niveau:AT2': String(i % 5), action: 'valider' });
      return res.status;
    });
    const [a, b, statuses] = await Promise.all([teacherA, teacherB, Promise.all(tutors)]);
    for (const r of [...a, ...b]) {
      expect(r.stderr).not.toMatch(/erreur interne|deadlock|could not serialize/i);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(statuses.every((s) => s === 303), statuses.join(',')).toBe(true);

    // Counted afterwards: every learner, sheet, bilan and absence is there.
    const schema = schemaFor(join(dir, 'lycee'));
    const count = (sql: string) => Number(psql(`SET search_path = ${schema}; ${sql}`).trim().split('\n').pop());
    expect(count('SELECT count(*) FROM learners')).toBe(TUTORED + 600);
    expect(count('SELECT count(*) FROM liaison_sheets')).toBe(TUTORED + 1200);
    expect(count("SELECT count(*) FROM evaluations WHERE type = 'entreprise'")).toBe(TUTORED);
    expect(count("SELECT count(*) FROM evaluations WHERE type = 'attitudes' AND validated_by = 'tuteur'")).toBe(TUTORED);
    expect(count("SELECT count(*) FROM liaison_sheets WHERE company_city LIKE 'Rouen %'")).toBe(6);
    expect(count('SELECT count(*) FROM absences')).toBe(1);
    const shown = cproJson<{ learners: unknown[] }>(db, ['attendance', 'show', '--period', PERIOD]);
    expect(shown.code, shown.stderr).toBe(0);
  }, 240_000);
});
