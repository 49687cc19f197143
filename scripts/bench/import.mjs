// Benchmark of issue 10: a 30,000-row annex export (60 periods, 10,000 learners, multi-line objective cells)
// imported into a fresh store, against the sqlite3 shell's `.import` of the same file into one plain table;
// and `cpro --help` against `node -e 0`.
import { mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, fmt, has, median, runCpro, time } from './util.mjs';

const TASKS = ['A1T1', 'A1T2', 'A1T3', 'A2T1', 'A2T2', 'A3T1', 'A3T2', 'A4T1', 'A4T2'];
const FIRST = ['Aline', 'Zoé', 'Thị Lan', 'Jean-Baptiste', 'Maëlys', 'Noël', 'Ève', 'Grégoire', 'Siobhán', 'Cédric'];
const LAST = ['Accardo', 'Nguyễn', 'Œuvray', 'Faÿ', 'Le Corre-Dupré', 'Lefèvre', 'Garçon', "O'Neill", 'Trần', 'Martin'];

/** 60 periods in 20 classes of 500 learners; each learner in 3 periods of their class → 30,000 rows. */
export function generateAnnex(path) {
  const lines = ['Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Date de naissance;Courriel;Statut;Objectifs;Activités;Date des bilans'];
  const kinds = ['Période 1', 'Période 2', 'Autre'];
  for (let c = 0; c < 20; c++) {
    const cls = `C${String(c + 1).padStart(2, '0')}`;
    for (let k = 0; k < 3; k++) {
      const month = String(k * 3 + 1).padStart(2, '0');
      const objectives = `"Objectif ${k + 1} de la classe ${cls} : découvrir l'entreprise\nRespecter les consignes de sécurité\nRendre compte de son activité"`;
      const tasks = TASKS.slice(k, k + 4).join('|');
      for (let i = 0; i < 500; i++) {
        const n = c * 500 + i;
        const ine = `${String(100000000 + n)}AB`;
        const birth = `${String((n % 28) + 1).padStart(2, '0')}/${String((n % 12) + 1).padStart(2, '0')}/2008`;
        const status = n % 10 === 0 ? 'Apprenti' : 'Scolaire';
        const own = i % 50 === 7 ? `"Objectif individualisé ${n}\nAutre objectif"` : objectives;
        lines.push(
          `PFMP ${k + 1};${kinds[k]};${cls};06/${month}/2025;28/${month}/2025;${LAST[n % 10]} ${n};${FIRST[(n * 7) % 10]};${ine};${birth};` +
            `eleve${n}@example.fr;${status};${own};${tasks};28/${month}/2025`,
        );
      }
    }
  }
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  return lines.length - 1;
}

/** The server the benchmarks may create databases on (dropped afterwards). */
export const PG_URL = process.env.CPRO_BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs SQL on the server (or on `database` of it) with psql; returns wall seconds. */
export function psql(sqlArgs, database) {
  const u = new URL(PG_URL);
  if (database) u.pathname = `/${database}`;
  const r = time('psql', [u.toString(), '-v', 'ON_ERROR_STOP=1', '-qAt', ...sqlArgs.flatMap((c) => ['-c', c])]);
  if (r.code !== 0) throw new Error(`psql: ${r.stderr || r.error}`);
  return r;
}

export const pgDatabaseUrl = (name) => {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

/**
 * The same import into PostgreSQL (a fresh database each run), and PostgreSQL's own COPY of the very rows that
 * import wrote (classes, periods, learners, assignments, liaison sheets) into the same tables of a fresh store,
 * in one transaction — the fastest way the server has to take them in.
 */
function benchPostgres(dir, csv, rows, sqliteSeconds) {
  if (!has('psql') || time('psql', [PG_URL, '-qAtc', 'SELECT 1']).code !== 0) {
    console.log(`PostgreSQL injoignable (${new URL(PG_URL).host}, CPRO_BENCH_PG_URL) : import sur PostgreSQL non mesuré.`);
    return;
  }
  const name = (i) => `cpro_bench_${process.pid}_${i}`;
  const tables = ['classes', 'periods', 'learners', 'assignments', 'liaison_sheets'];
  try {
    const runs = [];
    for (let i = 0; i < 3; i++) {
      psql([`CREATE DATABASE ${name(i)}`]);
      const r = runCpro(['--db', pgDatabaseUrl(name(i)), 'import', 'annexe', csv, '--json']);
      if (r.code !== 0) throw new Error(`import into PostgreSQL failed: ${r.stderr.slice(0, 2000)}`);
      if (JSON.parse(r.stdout).assignments.created !== rows) throw new Error('unexpected counts on PostgreSQL');
      runs.push(r);
    }
    runs.sort((a, b) => a.seconds - b.seconds);
    const pg = runs[1];
    for (const t of tables) psql([`\\copy ${t} TO '${join(dir, `${t}.copy`)}'`], name(0));
    const copies = [];
    for (let i = 0; i < 3; i++) {
      const db = name(`copy_${i}`);
      psql([`CREATE DATABASE ${db}`]);
      // An empty store at the current schema: what `cpro` creates before its first import.
      const init = runCpro(['--db', pgDatabaseUrl(db), 'config', 'set', 'etablissement.nom', 'x']);
      if (init.code !== 0) throw new Error(init.stderr);
      psql(['DELETE FROM config'], db);
      copies.push(psql(['BEGIN', ...tables.map((t) => `\\copy ${t} FROM '${join(dir, `${t}.copy`)}'`), 'COMMIT'], db));
    }
    const copy = copies.sort((a, b) => a.seconds - b.seconds)[1];
    console.log(`cpro import annexe vers PostgreSQL (base neuve, médiane de 3) : ${fmt(pg.seconds)} s, ${Math.round(rows / pg.seconds)} lignes/s, RSS max ${fmt(pg.rssMb, 0)} Mo ; SQLite : ${fmt(sqliteSeconds)} s`);
    console.log(`COPY PostgreSQL des mêmes lignes dans les mêmes tables (une transaction, médiane de 3) : ${fmt(copy.seconds)} s`);
    console.log(`rapport cpro / COPY : ${fmt(pg.seconds / copy.seconds, 1)}×   (cible : ≤ 5×)`);
  } finally {
    for (const i of [0, 1, 2, 'copy_0', 'copy_1', 'copy_2']) {
      try {
        psql([`DROP DATABASE IF EXISTS ${name(i)} WITH (FORCE)`]);
      } catch {
        /* already gone */
      }
    }
  }
}

export function benchImport() {
  const dir = mkdtempSync(join(tmpdir(), 'cpro-bench-'));
  try {
    const csv = join(dir, 'annexe-30000.csv');
    const rows = generateAnnex(csv);
    console.log(`\n## Import d'annexe (issue 10) — ${rows} lignes, ${(statSync(csv).size / 1e6).toFixed(1)} Mo`);
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const db = join(dir, `run${i}.db`);
      const r = runCpro(['--db', db, 'import', 'annexe', csv, '--json']);
      if (r.code !== 0) throw new Error(`import failed: ${r.stderr.slice(0, 2000)}`);
      const report = JSON.parse(r.stdout);
      if (report.assignments.created !== rows || report.learners.created !== 10000 || report.periods.created !== 60) {
        throw new Error(`unexpected counts: ${JSON.stringify(report)}`);
      }
      runs.push(r);
    }
    runs.sort((a, b) => a.seconds - b.seconds);
    const imp = runs[1];
    const again = runCpro(['--db', join(dir, 'run0.db'), 'import', 'annexe', csv, '--json']);
    console.log(`cpro import annexe (magasin neuf, médiane de 3) : ${fmt(imp.seconds)} s, ${Math.round(rows / imp.seconds)} lignes/s, RSS max ${fmt(imp.rssMb, 0)} Mo`);
    console.log(`ré-import du même fichier (aucun changement)   : ${fmt(again.seconds)} s, RSS max ${fmt(again.rssMb, 0)} Mo`);
    if (has('sqlite3')) {
      const sq = median(3, () => {
        const db = join(dir, `sq${Math.random()}.db`);
        return time('sqlite3', [db, '.mode csv', '.separator ;', `.import ${csv} annexe`]);
      });
      const ratio = imp.seconds / sq.seconds;
      console.log(`sqlite3 .import (une table brute, médiane de 3) : ${fmt(sq.seconds)} s`);
      console.log(`rapport cpro / sqlite3 .import : ${fmt(ratio, 1)}×   (cible : ≤ 5×, RSS max < 300 Mo)`);
    } else {
      console.log('sqlite3 absent : comparaison avec .import non mesurée (apt-get install sqlite3).');
    }

    benchPostgres(dir, csv, rows, imp.seconds);

    const help = median(7, () => time(process.execPath, [join(ROOT, 'bin', 'cpro.js'), '--help']));
    const bare = median(7, () => time(process.execPath, ['-e', '0']));
    console.log(`cpro --help : ${fmt(help.seconds * 1000, 0)} ms ; node -e 0 : ${fmt(bare.seconds * 1000, 0)} ms ; rapport ${fmt(help.seconds / bare.seconds, 1)}×   (cible : ≤ 2×)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
