// Benchmark of issue 16: a class of 2,000 learners in 3 periods of a school year; 4,000 absences imported by name
// (no INE column), then the attendance of a period shown and the class's allocation PFMP written as CSV.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, runCpro } from './util.mjs';

const LEARNERS = 2000;
const PERIODS = [
  ['Stage 1', '01/09/2025', '31/10/2025'],
  ['Stage 2', '03/11/2025', '19/12/2025'],
  ['Stage 3', '05/01/2026', '27/02/2026'],
];

export function benchAttendance() {
  const dir = mkdtempSync(join(tmpdir(), 'cpro-bench-att-'));
  try {
    const annex = ['Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Date de naissance;Statut'];
    for (let i = 0; i < LEARNERS; i++) {
      for (const [p, s, e] of PERIODS) annex.push(`${p};Période 2;2BANC;${s};${e};Élève ${i};Zoé;${String(200000000 + i)}ZZ;01/01/2009;${i % 10 ? 'Scolaire' : 'Apprenti'}`);
    }
    writeFileSync(join(dir, 'annexe.csv'), annex.join('\n') + '\n');
    const absences = ['Période;Nom;Prénom;Date;Heures;Demi-journée'];
    for (let i = 0; i < LEARNERS; i++) {
      absences.push(`Stage 2;Élève ${i};Zoé;05/11/2025;;non`, `Stage 3;Élève ${i};Zoé;07/01/2026;;oui`);
    }
    writeFileSync(join(dir, 'absences.csv'), absences.join('\n') + '\n');
    const db = join(dir, 'bench.db');
    const ok = (r) => {
      if (r.code !== 0) throw new Error(r.stderr.slice(0, 2000));
      return r;
    };
    ok(runCpro(['--db', db, 'import', 'annexe', join(dir, 'annexe.csv'), '--quiet']));
    console.log(`\n## Présence et allocation (issue 16) — ${LEARNERS} apprenants × ${PERIODS.length} périodes, ${absences.length - 1} absences`);
    const imp = ok(runCpro(['--db', db, 'attendance', 'import', join(dir, 'absences.csv'), '--quiet']));
    const again = ok(runCpro(['--db', db, 'attendance', 'import', join(dir, 'absences.csv'), '--quiet']));
    const show = ok(runCpro(['--db', db, 'attendance', 'show', '--period', 'Stage 3', '--json']));
    const alloc = ok(runCpro(['--db', db, 'allocation', '--class', '2BANC', '--format', 'csv', '--out', join(dir, 'allocation.csv'), '--quiet']));
    console.log(`cpro attendance import (par nom, sans INE)   : ${fmt(imp.seconds)} s, RSS max ${fmt(imp.rssMb, 0)} Mo`);
    console.log(`ré-import (aucun changement)                : ${fmt(again.seconds)} s`);
    console.log(`cpro attendance show (${LEARNERS} apprenants)     : ${fmt(show.seconds)} s`);
    console.log(`cpro allocation --class (${LEARNERS * PERIODS.length} lignes, CSV)  : ${fmt(alloc.seconds)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
