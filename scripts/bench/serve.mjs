// Benchmark of issue 13: the tutors' portal. (1) Requests per second and p99 latency of a tutor's bilan page
// (authenticated, read from the store) at 50 connections, beside a bare node:http server returning the same bytes,
// in one run (autocannon). (2) 200 tutors saving their bilan at once while `cpro eval import` writes the same period.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, fmt, has, time } from './util.mjs';
import { enter, startServer, stop } from './portal-client.mjs';
import { PG_URL, pgDatabaseUrl, psql } from './import.mjs';

const BIN = join(ROOT, 'bin', 'cpro.js');
const LEARNERS = 200;
const PERIOD = 'PFMP 2';
const letters = (n) => Array.from({ length: 3 }, (_, i) => String.fromCharCode(65 + (Math.floor(n / 26 ** i) % 26))).join('');

function cpro(db, args, env = {}) {
  const r = spawnSync(process.execPath, [BIN, '--db', db, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  if (r.status !== 0) throw new Error(`cpro ${args.join(' ')}: ${r.stderr}`);
  return r;
}

/** A period of 200 learners, each with a tutor holding a valid link (tokens recorded as `tutors invite` does). */
async function setUp(dir, db) {
  const lines = ['Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Date de naissance;Courriel;Statut;Objectifs;Activités;Date des bilans'];
  for (let i = 0; i < LEARNERS; i++) {
    lines.push(`${PERIOD};Période 2;1MSPC;03/03/2025;28/03/2025;ELEVE${letters(i)};Lou;;01/01/2008;;Scolaire;Réaliser une maintenance;A2T1|A2T2;`);
  }
  writeFileSync(join(dir, 'annexe.csv'), lines.join('\n') + '\n');
  cpro(db, ['import', 'annexe', join(dir, 'annexe.csv')]);
  const { openStore } = await import('../../dist/store/store.js');
  const { newToken, hashToken, expiryOf } = await import('../../dist/domain/tokens.js');
  const store = await openStore(db);
  const tokens = [];
  const now = new Date();
  try {
    const period = (await store.periods.byName(PERIOD))[0];
    await store.transaction(async () => {
      for (const l of await store.learners.inPeriod(period.id)) {
        const assignmentId = await store.periods.assignmentId(period.id, l.id);
        const sheet = await store.sheets.get(assignmentId);
        const tutor = { lastName: `TUTEUR${l.lastName}`, firstName: 'Marc', email: `t.${l.lastName.toLowerCase()}@example.fr` };
        sheet.tutor = { ...sheet.tutor, ...tutor };
        sheet.company = { ...sheet.company, name: `Entreprise ${l.lastName}` };
        await store.sheets.save(sheet, now.toISOString());
        const token = newToken();
        await store.tutors.recordSent({
          assignmentId, role: 'tuteur de stage', tutor, tokenHash: hashToken(token), delivery: 'outbox',
          attemptedAt: now.toISOString(), issuedAt: now.toISOString(), expiresAt: expiryOf(now).toISOString(), messageId: null,
        });
        tokens.push({ token, lastName: l.lastName });
      }
    });
  } finally {
    await store.close();
  }
  // The teacher's CSV of bilans entreprise for the same period, imported while the tutors save their attitudes.
  const csv = ['Nom;Prénom;C1.1;C1.2;C2.2;Engagement;Commentaire'];
  for (const t of tokens) csv.push(`${t.lastName};Lou;3;2;4;3;Saisi par l'enseignant`);
  writeFileSync(join(dir, 'bilans.csv'), csv.join('\n') + '\n');
  return { tokens, csv: join(dir, 'bilans.csv') };
}

function cannon(autocannon, opts) {
  return new Promise((resolve, reject) => autocannon(opts, (err, r) => (err ? reject(err) : resolve(r))));
}

export async function benchServe() {
  let autocannon;
  try {
    autocannon = (await import('autocannon')).default;
  } catch {
    console.log('\n## Portail (cpro serve)\nautocannon absent (npm install) : banc ignoré.');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'cpro-bench-serve-'));
  try {
    await benchOn('SQLite', join(dir, 'cpro.db'), dir, autocannon);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!has('psql') || time('psql', [PG_URL, '-qAtc', 'SELECT 1']).code !== 0) {
    console.log(`\nPostgreSQL injoignable (${new URL(PG_URL).host}, CPRO_BENCH_PG_URL) : portail sur PostgreSQL non mesuré.`);
    return;
  }
  const name = `cpro_bench_serve_${process.pid}`;
  const pgDir = mkdtempSync(join(tmpdir(), 'cpro-bench-serve-'));
  psql([`CREATE DATABASE ${name}`]);
  try {
    await benchOn('PostgreSQL', pgDatabaseUrl(name), pgDir, autocannon);
  } finally {
    psql([`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
    rmSync(pgDir, { recursive: true, force: true });
  }
}

/** Both measures on one store: `db` is a SQLite file or a PostgreSQL database. */
async function benchOn(engine, db, dir, autocannon) {
  {
    const { tokens, csv } = await setUp(dir, db);
    const portal = await startServer([BIN, '--db', db, 'serve', '--port', '0', '--access-limit', '100000'], { CPRO_PORTAL_SECRET: 'bench' });
    try {
      const t = await enter(portal.url, tokens[0].token);
      const path = `${t.base}/bilans/attitudes`;
      const page = await fetch(portal.url + path, { headers: { cookie: t.cookie() } });
      const body = Buffer.from(await page.arrayBuffer());
      if (page.status !== 200) throw new Error(`bilan page answered ${page.status}`);
      writeFileSync(join(dir, 'page.html'), body);
      const bareSrc = `const b=require('fs').readFileSync(${JSON.stringify(join(dir, 'page.html'))});require('http').createServer((q,s)=>{s.writeHead(200,{'content-type':'text/html; charset=utf-8'});s.end(b)}).listen(0,'127.0.0.1',function(){console.log('http://127.0.0.1:'+this.address().port)})`;
      const bare = await startServer(['-e', bareSrc]);
      try {
        // The two servers take turns, three rounds of 5 s each, so that the load of a shared machine weighs on both.
        const common = { connections: 50, duration: 5, pipelining: 1 };
        await cannon(autocannon, { ...common, duration: 2, url: portal.url + path, headers: { cookie: t.cookie() } }); // warm-up
        const rounds = { portal: [], bare: [] };
        for (let i = 0; i < 3; i++) {
          rounds.portal.push(await cannon(autocannon, { ...common, url: portal.url + path, headers: { cookie: t.cookie() } }));
          rounds.bare.push(await cannon(autocannon, { ...common, url: bare.url + path }));
        }
        const rps = (rs) => rs.reduce((n, r) => n + r.requests.average, 0) / rs.length;
        const p99 = (rs) => rs.map((r) => r.latency.p99).sort((a, b) => a - b)[1];
        const errors = rounds.portal.reduce((n, r) => n + r.errors + r.non2xx, 0);
        const ratio = rps(rounds.portal) / rps(rounds.bare);
        console.log(`\n## Portail (cpro serve, ${engine}) — page d'un bilan (${body.length} octets), 50 connexions, 3 × 5 s en alternance`);
        console.log(`portail : ${fmt(rps(rounds.portal), 0)} req/s, p99 ${p99(rounds.portal)} ms (médiane des 3 tours ; ${rounds.portal.map((r) => r.latency.p99).join(', ')}), erreurs ${errors}`);
        console.log(`node:http nu (mêmes octets) : ${fmt(rps(rounds.bare), 0)} req/s, p99 ${p99(rounds.bare)} ms`);
        console.log(`rapport : ${fmt(ratio * 100, 0)} % du serveur nu (cible ≥ 25 %) ; p99 ${p99(rounds.portal)} ms (cible < 50 ms) ; charge de la machine ${loadavg()[0].toFixed(1)}`);
      } finally {
        await stop(bare.child);
      }

      // 200 tutors save at once while the teacher's import of the same period runs.
      const sessions = [];
      for (const { token } of tokens) sessions.push(await enter(portal.url, token));
      const forms = await Promise.all(
        sessions.map(async (s) => {
          const res = await fetch(`${portal.url}${s.base}/bilans/attitudes`, { headers: { cookie: s.cookie() } });
          s.keep(res);
          return s.csrfOf(await res.text());
        }),
      );
      const t0 = process.hrtime.bigint();
      const importRun = new Promise((resolve) => {
        const c = spawn(process.execPath, [BIN, '--db', db, 'eval', 'import', csv, '--period', PERIOD], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        c.stderr.on('data', (d) => (err += d));
        c.once('exit', (code) => resolve({ code, err }));
      });
      const saves = await Promise.all(
        sessions.map((s, i) =>
          fetch(`${portal.url}${s.base}/bilans/attitudes`, {
            method: 'POST', redirect: 'manual', headers: { cookie: s.cookie(), 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ _csrf: forms[i], 'niveau:AT1': '4', 'niveau:AT2': String(i % 5), action: 'valider' }),
          }).then((r) => r.status),
        ),
      );
      const imp = await importRun;
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const ok = saves.filter((s) => s === 303).length;
      const { openStore } = await import('../../dist/store/store.js');
      const store = await openStore(db);
      const period = (await store.periods.byName(PERIOD))[0];
      const att = (await store.evaluations.inPeriod(period.id, 'attitudes')).filter((e) => e.provenance?.enteredBy === 'tuteur' && e.levels.AT1 === '4');
      const ent = await store.evaluations.inPeriod(period.id, 'entreprise');
      await store.close();
      console.log(`\n## 200 tuteurs enregistrent leur bilan pendant « cpro eval import » de la même période (${engine})`);
      console.log(`enregistrements acceptés : ${ok}/${LEARNERS} (statuts : ${[...new Set(saves)].join(', ')}) ; bilans des tuteurs en base : ${att.length}`);
      console.log(`import : code ${imp.code}${imp.err.trim() ? ` (${imp.err.trim().split('\n')[0]})` : ''}, ${ent.length} bilans entreprise ; durée totale ${fmt(seconds)} s`);
      if (/locked|busy/i.test(imp.err)) console.log('ERREUR : « database is locked » pendant l\'import');
    } finally {
      await stop(portal.child);
    }
  }
}
