// `npm run demo`: the main job on the bundled fixtures, in a fresh store demo/cpro.db.
// Every step is a real `cpro` command, echoed before it runs; mail goes to demo/outbox/ (no SMTP configured).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demo = join(root, 'demo');
const bin = join(root, 'bin', 'cpro.js');
const fx = (f) => join('..', 'fixtures', f);

if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  console.error('dist/ absent : lancez « npm install » (ou « npm run build ») avant « npm run demo ».');
  process.exit(1);
}
rmSync(demo, { recursive: true, force: true });
mkdirSync(demo, { recursive: true });

const env = { ...process.env, CPRO_DB: 'cpro.db' };
delete env.CPRO_SMTP_URL;

const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[0m` : s);

function step(title, args, { allowFail = false } = {}) {
  console.log(`\n${bold(`▶ ${title}`)}\n$ cpro ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: demo, env, stdio: 'inherit' });
  if (r.status !== 0 && !allowFail) {
    console.error(`\nLa démonstration s'arrête : la commande a échoué (code ${r.status}).`);
    process.exit(r.status ?? 1);
  }
}

step("Import de l'annexe pédagogique de la 2de (UTF-8, point-virgule)", ['import', 'annexe', fx('annexe-2mspc1.csv')]);
step("Import de l'export Pronote de la 1re (UTF-16, tabulation)", ['import', 'annexe', fx('annexe-1mspc-pronote.txt')]);
step("Import de l'annexe de la terminale (Windows-1252, virgule)", ['import', 'annexe', fx('annexe-tmspc-windows1252.csv')]);
step("Les fiches de liaison (entreprises et tuteurs) d'après un CSV", ['liaison', 'import', fx('liaison-demo.csv')]);
step("Ce qui reste à faire avant d'inviter les tuteurs", ['liaison', 'status', '--period', 'PFMP 1']);
step("Invitation des tuteurs de la PFMP E33 (sans SMTP : courriels écrits dans demo/outbox/)", ['tutors', 'invite', '--period', 'PFMP E33']);
step('Les accès des tuteurs', ['tutors', 'list', '--period', 'PFMP E33']);
step('Un second import du même fichier ne change rien', ['import', 'annexe', fx('annexe-2mspc1.csv')]);
step("Les bilans entreprise de la PFMP 2, saisis après les visites", ['eval', 'import', fx('bilans-entreprise-pfmp2.csv'), '--period', 'PFMP 2']);
step('Les entreprises et tuteurs de la PFMP 2', ['liaison', 'import', fx('liaison-pfmp2.csv')]);
step('Invitation des tuteurs de la PFMP 2 (liens vers le portail local, dans demo/outbox/)', ['tutors', 'invite', '--period', 'PFMP 2'], { allowFail: true });
for (const [key, value] of [
  ['nom', 'Lycée professionnel Jean-Moulin'],
  ['adresse', '1, rue du Lycée, 76000 Rouen'],
  ['uai', '0760001A'],
  ['chef', 'Mme Françoise Lécuyer'],
]) {
  step(`L'établissement, repris par les documents (${key})`, ['config', 'set', `etablissement.${key}`, value]);
}
step('Les absences de la PFMP 2 (une par ligne)', ['attendance', 'import', fx('absences-pfmp2.csv')]);
step('La présence confirmée par l\'enseignant : les attestations porteront les heures', ['attendance', 'confirm', '--period', 'PFMP 2']);
step('Jours et heures effectués de la PFMP 2', ['attendance', 'show', '--period', 'PFMP 2']);
step('Les documents de la PFMP 2 (dans demo/documents/PFMP 2/) : pré-conventions, attestations avec les heures, grilles remplies', ['print', 'tout', '--period', 'PFMP 2']);
step("L'allocation PFMP à déclarer pour la PFMP 2 (et son CSV pour le tableur)", ['allocation', '--period', 'PFMP 2']);
step("L'allocation PFMP en CSV (demo/allocation-pfmp2.csv)", ['allocation', '--period', 'PFMP 2', '--format', 'csv', '--out', 'allocation-pfmp2.csv']);
step('Les grilles certificatives E33 saisies après les visites', ['eval', 'import', fx('grilles-e33.csv'), '--period', 'PFMP E33']);
step('Les grilles de la PFMP E33 (attitudes et grille certificative E33, remplies)', ['print', 'grilles', '--period', 'PFMP E33']);
step("Les bilans personnels des apprenants", ['bilan-personnel', 'import', fx('bilans-personnels-pfmp2.csv'), '--period', 'PFMP 2']);
step('Le tableau de bord d\'une apprenante', ['dashboard', '--learner', 'ACCARDO Aline']);
step('Les portfolios rendus par les apprenants de la PFMP 2', ['portfolio', 'import', fx('portfolios'), '--period', 'PFMP 2']);
step('Un commentaire de l\'enseignant', ['portfolio', 'comment', '--period', 'PFMP 2', '--learner', 'ACCARDO Aline', '--author', 'M. Pillet', 'Très bon rapport d\'intervention : précisez la durée de consignation.']);
step('Qui a rendu son portfolio', ['portfolio', 'status', '--period', 'PFMP 2']);
step("Invitation des apprenants de la PFMP 2 à leur espace (portfolio et bilan personnel sur téléphone)", ['learners', 'invite', '--period', 'PFMP 2']);
step("L'accès des apprenants au portail", ['learners', 'list', '--period', 'PFMP 2']);
step('Export de fin d\'année de la classe 2MSPC1 (CSV pour Excel et LibreOffice)', ['export', '--class', '2MSPC1', '--format', 'csv']);
step('Les périodes, par ordre de création', ['periods', 'list']);
step('La période 2 de la 2de, avec un apprenant individualisé', ['periods', 'show', 'PFMP 2']);
step('Les apprenants de la classe 1MSPC', ['learners', 'list', '--class', '1MSPC']);

console.log(`\nDémonstration terminée. Magasin : ${join('demo', 'cpro.db')}`);
console.log(
  `\n${bold('Portail des tuteurs')} : lancez-le sur le magasin de la démonstration, puis ouvrez dans un navigateur le lien ` +
    `d'un tuteur de la PFMP 2 (fichiers .eml de demo/outbox/, par exemple « Invitation PFMP 2 - ACCARDO Aline.eml ») :\n` +
    `  node bin/cpro.js --db ${join('demo', 'cpro.db')} serve\n` +
    `Ctrl+C l'arrête. Ensuite : cpro tutors list --period "PFMP 2", cpro eval show --period "PFMP 2" --learner "ACCARDO Aline".`,
);
console.log(
  `\n${bold('Espace des apprenants')} : même portail ; le lien d'un apprenant est dans « Accès apprenant PFMP 2 - ACCARDO Aline.eml ». ` +
    `Ensuite : cpro portfolio status --period "PFMP 2", cpro portfolio show --period "PFMP 2" --learner "ACCARDO Aline".`,
);
