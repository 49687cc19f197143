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

    const help = median(7, () => time(process.execPath, [join(ROOT, 'bin', 'cpro.js'), '--help']));
    const bare = median(7, () => time(process.execPath, ['-e', '0']));
    console.log(`cpro --help : ${fmt(help.seconds * 1000, 0)} ms ; node -e 0 : ${fmt(bare.seconds * 1000, 0)} ms ; rapport ${fmt(help.seconds / bare.seconds, 1)}×   (cible : ≤ 2×)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
