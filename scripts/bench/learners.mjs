// Benchmark of issue 14: the learners' space. A class of 100 learners, each with their own link, all at once:
// (1) each saves the weekly-activities tab of the portfolio (draft + validation + content written); (2) each
// uploads a 1 Mo PDF annex (multipart, type from content, quota in an immediate transaction). Wall time, median
// and p99 per request, and the portal's peak RSS.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, fmt } from './util.mjs';
import { enter, startServer } from './portal-client.mjs';

const BIN = join(ROOT, 'bin', 'cpro.js');
const LEARNERS = 100;
const PERIOD = 'PFMP 2';
const letters = (n) => Array.from({ length: 3 }, (_, i) => String.fromCharCode(65 + (Math.floor(n / 26 ** i) % 26))).join('');

async function setUp(dir) {
  const db = join(dir, 'cpro.db');
  const lines = ['Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Date de naissance;Courriel;Statut;Objectifs;Activités;Date des bilans'];
  for (let i = 0; i < LEARNERS; i++) {
    lines.push(`${PERIOD};Période 2;1MSPC;03/03/2025;28/03/2025;ELEVE${letters(i)};Lou;;01/01/2008;e${i}@eleve.example.fr;Scolaire;Réaliser une maintenance;A2T1|A2T2;`);
  }
  writeFileSync(join(dir, 'annexe.csv'), lines.join('\n') + '\n');
  const r = spawnSync(process.execPath, [BIN, '--db', db, 'import', 'annexe', join(dir, 'annexe.csv')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const { openStore } = await import('../../dist/store/store.js');
  const { newToken, hashToken, expiryOf } = await import('../../dist/domain/tokens.js');
  const store = await openStore(db);
  const tokens = [];
  const now = new Date();
  try {
    const period = (await store.periods.byName(PERIOD))[0];
    await store.transaction(async () => {
      for (const l of await store.learners.inPeriod(period.id)) {
        const token = newToken();
        await store.tutors.recordSent({
          assignmentId: await store.periods.assignmentId(period.id, l.id), audience: 'apprenant', role: 'apprenant',
          tutor: { lastName: l.lastName, firstName: l.firstName, email: l.email }, tokenHash: hashToken(token), delivery: 'outbox',
          attemptedAt: now.toISOString(), issuedAt: now.toISOString(), expiresAt: expiryOf(now).toISOString(), messageId: null,
        });
        tokens.push(token);
      }
    });
  } finally {
    await store.close();
  }
  return { db, tokens };
}

/** The portal on `db`, without the per-address limit on link openings (100 learners come from one address). */
const startPortal = (db) => startServer([BIN, '--db', db, 'serve', '--port', '0', '--access-limit', '100000']);

/** A learner's way in, then the weeks tab's CSRF token for the saves. */
async function enterSpace(url, token) {
  const { base, cookie, keep, csrfOf } = await enter(url, token);
  const res = await fetch(`${url}${base}/portfolio/semaines`, { headers: { cookie: cookie() } });
  keep(res);
  return { base, cookie, csrf: csrfOf(await res.text()) };
}

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

async function burst(label, requests) {
  const t0 = performance.now();
  const times = await Promise.all(requests.map(async (send) => {
    const t = performance.now();
    const res = await send();
    await res.arrayBuffer();
    if (res.status !== 303) throw new Error(`${label}: ${res.status}`);
    return performance.now() - t;
  }));
  const wall = (performance.now() - t0) / 1000;
  console.log(`| ${label} | ${LEARNERS} | ${fmt(wall)} s | ${fmt(quantile(times, 0.5), 0)} ms | ${fmt(quantile(times, 0.99), 0)} ms |`);
}

export async function benchLearners() {
  const dir = mkdtempSync(join(tmpdir(), 'cpro-bench-learners-'));
  try {
    const { db, tokens } = await setUp(dir);
    const portal = await startPortal(db);
    try {
      const sessions = [];
      for (const t of tokens) sessions.push(await enterSpace(portal.url, t));
      console.log(`\n## Espace des apprenants (cpro serve) — ${LEARNERS} apprenants en même temps\n`);
      console.log('| Requête | Apprenants | Durée totale | Médiane | p99 |\n|---|---|---|---|---|');
      const text = 'Maintenance préventive du compresseur, relevé des pressions, remplacement du filtre. '.repeat(8);
      await burst('Enregistrer « Activités hebdomadaires » (4 semaines)', sessions.map((s) => () =>
        fetch(`${portal.url}${s.base}/portfolio/semaines`, {
          method: 'POST', redirect: 'manual', headers: { cookie: s.cookie(), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: s.csrf, 'semaine.0.activities': text, 'semaine.1.activities': text, 'semaine.2.activities': text, 'semaine.3.activities': text, action: 'enregistrer' }),
        })));
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1024 * 1024 - 9, 32)]);
      await burst('Déposer une annexe PDF de 1 Mo', sessions.map((s) => () => {
        const fd = new FormData();
        fd.append('_csrf', s.csrf);
        fd.append('annexe', new Blob([pdf]), 'bon-de-travail.pdf');
        return fetch(`${portal.url}${s.base}/portfolio/annexes`, { method: 'POST', redirect: 'manual', headers: { cookie: s.cookie() }, body: fd });
      }));
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${portal.child.pid}/status`, 'utf8'));
      console.log(`\nMémoire du portail (pic, VmHWM) : ${hwm ? fmt(Number(hwm[1]) / 1024, 0) : 'n/a'} Mo.`);
    } finally {
      await new Promise((done) => (portal.child.exitCode !== null ? done() : (portal.child.once('exit', done), portal.child.kill('SIGTERM'))));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
