// Benchmark of issue 9: `cpro print` on a 36-learner Période 2 period (four documents, both formats: 288 files)
// and on a 1,000-learner batch; and LibreOffice converting the period's 36 pre-convention DOCX to PDF against
// `cpro print preconventions --format pdf` for the same 36.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmt, has, runCpro, time } from './util.mjs';

const FIRST = ['Aline', 'Zoé', 'Thị Lan', 'Jean-Baptiste', 'Maëlys', 'Noël', 'Ève', 'Grégoire', 'Siobhán', 'Cédric'];
const LAST = ['ACCARDO', 'NGUYỄN', 'ŒUVRAY', 'FAŸ', 'LE CORRE-DUPRÉ', 'LEFÈVRE', 'GARÇON', "O'NEILL", 'TRẦN', 'MARTIN'];
const OBJECTIVES = `"Découvrir l'organisation d'un service maintenance\nRespecter les règles d'hygiène et de sécurité\nParticiper à des opérations de maintenance préventive"`;

/** A store holding one Période 2 period of `n` learners, every liaison sheet filled, the school configured. */
function makeStore(dir, n) {
  const annex = ['Période;Type;Classe;Date de début;Date de fin;Nom;Prénom;INE;Date de naissance;Courriel;Statut;Objectifs;Activités;Date des bilans'];
  const sheets = ['Période;Classe;INE;Raison sociale;Adresse;Code postal;Ville;Secteur;Téléphone entreprise;Nom tuteur;Prénom tuteur;Téléphone tuteur;Courriel tuteur;Fonction tuteur'];
  for (let i = 0; i < n; i++) {
    const ine = `${String(300000000 + i)}AB`;
    const birth = `${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/2009`;
    const status = i % 10 === 0 ? 'Apprenti' : 'Scolaire';
    annex.push(`PFMP 2;Période 2;B${n};02/06/2025;27/06/2025;${LAST[i % 10]} ${i};${FIRST[(i * 7) % 10]};${ine};${birth};;${status};${OBJECTIVES};A1T1, A1T2, A2T1, A2T2;`);
    const tel = String(i % 100).padStart(2, '0');
    sheets.push(
      `PFMP 2;B${n};${ine};Œuvray Maintenance ${i % 40};${i}, rue des Forges;76000;Rouen;Maintenance industrielle;02 35 00 00 ${tel};FAŸ;Hélène;06 00 00 00 ${tel};tuteur${i}@entreprise.example;Responsable maintenance`,
    );
  }
  writeFileSync(join(dir, 'annexe.csv'), annex.join('\n') + '\n');
  writeFileSync(join(dir, 'liaison.csv'), sheets.join('\n') + '\n');
  const db = join(dir, 'cpro.db');
  const steps = [
    ['import', 'annexe', join(dir, 'annexe.csv')],
    ['liaison', 'import', join(dir, 'liaison.csv')],
    ['config', 'set', 'etablissement.nom', 'Lycée professionnel Jean-Moulin'],
    ['config', 'set', 'etablissement.adresse', '1, rue du Lycée, 76000 Rouen'],
    ['config', 'set', 'etablissement.uai', '0760001A'],
    ['config', 'set', 'etablissement.chef', 'Mme Françoise Lécuyer'],
  ];
  for (const args of steps) {
    const r = runCpro(['--db', db, ...args, '--quiet']);
    if (r.code !== 0) throw new Error(`bench setup failed: cpro ${args.join(' ')}\n${r.stderr.slice(0, 2000)}`);
  }
  return db;
}

/** `cpro print …` in a fresh process, its output checked: wall seconds, files, files/s, peak RSS, CPU seconds. */
function print(db, args, out, env = {}) {
  rmSync(out, { recursive: true, force: true });
  const r = runCpro(['--db', db, 'print', ...args, '--period', 'PFMP 2', '--out', out, '--json'], { env });
  if (r.code !== 0) throw new Error(`cpro print failed (${r.code}): ${r.stderr.slice(0, 2000)}`);
  const files = JSON.parse(r.stdout).files.length;
  if (readdirSync(out).length !== files) throw new Error('cpro print: the folder does not hold the files listed');
  const cpu = /cpu_ms=(\d+)/.exec(r.stderr);
  return { ...r, files, rate: files / r.seconds, cpu: cpu ? Number(cpu[1]) / 1000 : NaN };
}

function medianOf(n, fn) {
  const runs = Array.from({ length: n }, fn).sort((a, b) => a.seconds - b.seconds);
  return runs[Math.floor(n / 2)];
}

const WIDTH = 58;
const line = (label, r, target) =>
  `${label.padEnd(WIDTH)} ${fmt(r.seconds).padStart(6)} s  ${String(r.files).padStart(5)} fichiers  ${fmt(r.rate, 0).padStart(4)} fichiers/s  ` +
  `RSS max ${fmt(r.rssMb, 0).padStart(3)} Mo  CPU ${fmt(r.cpu, 1)} s` +
  (target ? `   (cible : ${target})` : '');

const soffice = () => ['soffice', 'libreoffice'].find((cmd) => has(cmd));

export function benchPrint({ large = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cpro-bench-print-'));
  try {
    const cores = availableParallelism();
    const load = loadavg()[0];
    console.log(`\n## Impression des documents (issue 9) — ${cores} cœurs, charge ${fmt(load, 1)} au départ`);
    if (load > cores * 0.5) {
      console.log(`attention : la machine est déjà occupée (charge ${fmt(load, 1)} pour ${cores} cœurs) : les durées sont surestimées.`);
    }

    const db36 = makeStore(mkdtempSync(join(dir, 's36-')), 36);
    const out36 = join(dir, 'out36');
    const all36 = medianOf(3, () => print(db36, ['tout'], out36));
    console.log(line('période de 36 apprenants, tout, DOCX + PDF (médiane de 3)', all36, '< 5 s'));
    const one36 = medianOf(3, () => print(db36, ['tout'], join(dir, 'out36-main'), { CPRO_PRINT_WORKERS: '0' }));
    console.log(line('  la même sans fil de travail (fil principal seul)', one36));

    const pre = medianOf(3, () => print(db36, ['preconventions', '--format', 'pdf'], join(dir, 'pre-pdf')));
    console.log(line('36 pré-conventions, PDF seul (médiane de 3)', pre));
    const lo = soffice();
    if (lo) {
      const docx = readdirSync(out36).filter((f) => f.startsWith('Annexe ') && f.endsWith('.docx')).map((f) => join(out36, f));
      const profile = pathToFileURL(join(dir, 'lo-profile')).href;
      const convert = (files, outdir) =>
        time(lo, [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outdir, ...files], { timeout: 600_000 });
      // A teacher's LibreOffice has its profile already: it is created once, by a first call timed apart.
      const first = convert(docx, join(dir, 'lo-first'));
      const runs = Array.from({ length: 3 }, (_, i) => {
        const outdir = join(dir, `lo-${i}`);
        const r = convert(docx, outdir);
        if (r.code !== 0 || readdirSync(outdir).length !== docx.length) throw new Error(`soffice failed: ${r.stderr}`);
        return r;
      }).sort((a, b) => a.seconds - b.seconds);
      const soff = runs[1];
      const loLine = (label, r) => `${label.padEnd(WIDTH)} ${fmt(r.seconds).padStart(6)} s     36 fichiers  ${fmt(36 / r.seconds, 0).padStart(4)} fichiers/s`;
      console.log(loLine('LibreOffice, les mêmes 36 en un appel (médiane de 3)', soff));
      console.log(loLine('  premier appel (profil LibreOffice créé pendant la mesure)', first));
      console.log(`rapport LibreOffice / cpro pour les 36 PDF : ${fmt(soff.seconds / pre.seconds, 1)}×   (cible : ≥ 4×)`);
    } else {
      console.log('LibreOffice (soffice) absent : la conversion des 36 DOCX en PDF n\'est pas mesurée.');
    }

    if (large) {
      const db1000 = makeStore(mkdtempSync(join(dir, 's1000-')), 1000);
      const big = print(db1000, ['tout'], join(dir, 'out1000'));
      console.log(line('lot de 1 000 apprenants, tout, DOCX + PDF', big, '< 80 s, RSS max < 400 Mo'));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
