// Portfolio files: YAML parsing with line numbers, the check of every section, and the domain's rules on content.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parsePortfolioYaml, readPortfolioFile } from '../../src/importers/portfolio.js';
import { activitiesForExport, portfolioCounts, weeksOutsidePeriod, type ParsedPortfolio } from '../../src/domain/portfolio.js';
import { validatePortfolio } from '../../src/importers/portfolio-check.js';
import type { DataError } from '../../src/domain/errors.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'portfolios');

function parse(text: string): { portfolio?: ParsedPortfolio; errors: DataError[] } {
  const y = parsePortfolioYaml(text, 'p.yaml');
  if (!y.root) return { errors: y.errors };
  return validatePortfolio(y.root, 'p.yaml');
}
const lines = (r: { errors: DataError[] }) => r.errors.map((e) => `${e.line}: ${e.message}`);

describe('the fixtures', () => {
  it('are valid and identify their learner by INE or by name', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const r = readPortfolioFile(join(FIXTURES, f));
      expect(r.errors, f).toEqual([]);
      expect(r.portfolio, f).toBeDefined();
    }
    const aline = readPortfolioFile(join(FIXTURES, 'accardo-aline.yaml')).portfolio!;
    expect(aline.learner).toMatchObject({ ine: '110480123AA', lastName: 'ACCARDO', firstName: 'Aline' });
    expect(aline.period).toEqual({ name: 'PFMP 2', line: 9 });
    const c = aline.content;
    expect(c.company).toMatchObject({ name: 'Fragrance Plus', employees: 30, maintenanceStaff: 6, postalCode: '76000', latitude: 49.4431, longitude: 1.0993 });
    expect(c.company.activity).toContain('- Mise en flacon de parfum.');
    expect(c.orgChart[0].role).toBe('Directeur général');
    expect(c.orgChart[0].children.map((n) => n.role)).toEqual(['Responsable production', 'Responsable maintenance', 'Responsable qualité']);
    expect(c.orgChart[0].children[1].children[0].names).toEqual(['Karim Benali', 'Sophie Renaud']);
    expect(c.weeks.map((w) => [w.number, w.from, w.to])).toEqual([
      [1, '2025-06-02', '2025-06-06'], [2, '2025-06-09', '2025-06-13'], [3, '2025-06-16', '2025-06-20'], [4, '2025-06-23', '2025-06-27'],
    ]);
    expect(c.weeks[0].liked).toContain('ligne automatisée');
    expect(c.activities.map((a) => [a.title, a.selected])).toEqual([
      ['Remplacement des ressorts de tension de la filmeuse', true],
      ["Diagnostic d'un capteur de présence flacon", false],
    ]);
    expect(c.activities[0].workOrder).toMatchObject({ date: '2025-06-12', machine: 'Filmeuse FX-200' });
    expect(c.activities[0].workOrder.supplies).toBe('2 ressorts de tension réf. RT-45\nGraisse au lithium');
    expect(c.activities[0].report).toEqual({
      defects: 'Film plastique détendu qui provoque des plis lors du thermoformage.',
      causes: 'Usure des ressorts de tension.',
      repairs: 'Changement des deux ressorts, réglage de la tension, essai sur 50 paquets.',
      duration: '30 min',
    });
    expect(c.annexes.map((a) => a.kind)).toEqual(['fichier', 'fichier', 'lien']);
    expect(portfolioCounts(c)).toEqual({ weeks: 4, activities: 2, selected: 1, annexes: 3, orgChartRoles: 7 });
    expect(activitiesForExport(c, false)).toHaveLength(1);
    expect(activitiesForExport(c, true)).toHaveLength(2);
    expect(weeksOutsidePeriod(c, '2025-06-02', '2025-06-27')).toEqual([]);
    expect(weeksOutsidePeriod(c, '2025-06-09', '2025-06-27')).toEqual(['semaine 1 : la date 02/06/2025 est hors de la période']);

    const cedric = readPortfolioFile(join(FIXTURES, 'bouleau-cedric.yaml')).portfolio!;
    expect(cedric.learner).toMatchObject({ ine: null, lastName: 'Bouleau', firstName: 'Cédric' });
  });
});

describe('validation', () => {
  it('accepts keys without accents, in any case, and spelled the other documented ways', () => {
    const r = parse(`Apprenant:\n  INE: 1104 80123aa\nEntreprise:\n  Nombre d'employes: "12"\n  service maintenance: 2\nactivites de maintenance:\n  - titre: Vidange\n    Exporter: Oui\n`);
    expect(r.errors).toEqual([]);
    expect(r.portfolio!.learner.ine).toBe('110480123AA');
    expect(r.portfolio!.content.company.employees).toBe(12);
    expect(r.portfolio!.content.activities[0].selected).toBe(true);
  });

  it('reports every error with its line, and keeps nothing of a file with errors', () => {
    const text = [
      'apprenant:', //                                   1
      '  nom: ACCARDO', //                               2  (no prénom, no INE)
      'entreprise:', //                                  3
      "  nombre d'employés: trente", //                  4
      '  personnes au service maintenance: 3', //        5
      '  latitude: 123', //                              6
      '  couleur: bleue', //                             7
      'semaines:', //                                    8
      '  - semaine: 1', //                               9
      '    du: 31/02/2025', //                           10
      '  - semaine: 1', //                               11
      '    activités: Graissage', //                     12
      'activités:', //                                   13
      '  - exporter: peut-être', //                      14
      '    bon de travail:', //                          15
      '      date: demain', //                           16
      'annexes:', //                                     17
      '  - lien: www.exemple.fr', //                     18
      '  - titre: rien', //                              19
    ].join('\n');
    const r = parse(text);
    expect(r.portfolio).toBeUndefined();
    expect(lines(r)).toEqual([
      "1: « apprenant » : indiquez « ine », ou « nom » et « prénom »",
      "4: « nombre d'employés » : attendu un nombre entier positif, trouvé « trente »",
      '6: « latitude » : attendu un nombre décimal entre -90 et 90 (par exemple 49.4431), trouvé « 123 »',
      "7: clé inconnue « couleur » dans « entreprise » ; clés possibles : « raison sociale », « secteur d'activité », « activité », « nombre d'employés », « personnes au service maintenance », « historique », « adresse », « code postal », « ville », « téléphone », « latitude », « longitude »",
      '9: semaine 1 : « activités » manquant (ce que vous avez fait cette semaine)',
      '10: « du » : date invalide « 31/02/2025 », attendu jj/mm/aaaa',
      '11: la semaine 1 est décrite deux fois (déjà à la ligne 9)',
      '14: activité de maintenance : « titre » manquant',
      '14: « exporter » : attendu « oui » ou « non », trouvé « peut-être »',
      '16: « date » : date invalide « demain », attendu jj/mm/aaaa',
      '18: annexe : lien invalide « www.exemple.fr », attendu une adresse commençant par https:// ou http://',
      '19: annexe : donnez un « fichier » (nom du document) ou un « lien » (adresse web)',
    ]);
    expect(r.errors.every((e) => e.file === 'p.yaml')).toBe(true);
  });

  it('checks the company figures against each other', () => {
    const r = parse("apprenant:\n  ine: X1\nentreprise:\n  nombre d'employés: 5\n  personnes au service maintenance: 8\n  longitude: 1.2\n");
    expect(lines(r)).toEqual([
      "5: « personnes au service maintenance » (8) dépasse le « nombre d'employés » (5)",
      '6: géolocalisation : donnez la « latitude » et la « longitude » ensemble',
    ]);
  });

  it('accepts an org chart of bare roles, and a French decimal comma in coordinates', () => {
    const r = parse('apprenant:\n  ine: X1\nentreprise:\n  latitude: "49,44"\n  longitude: "1,09"\norganigramme:\n  - Direction\n  - rôle: Maintenance\n    équipe:\n      - Techniciens\n');
    expect(r.errors).toEqual([]);
    expect(r.portfolio!.content.company.latitude).toBe(49.44);
    expect(r.portfolio!.content.orgChart).toEqual([
      { role: 'Direction', names: [], children: [] },
      { role: 'Maintenance', names: [], children: [{ role: 'Techniciens', names: [], children: [] }] },
    ]);
  });

  it('keeps leading zeros of postal codes written without quotes', () => {
    const r = parse('apprenant:\n  ine: X1\nentreprise:\n  code postal: 01000\n');
    expect(r.portfolio!.content.company.postalCode).toBe('01000');
  });
});

describe('YAML syntax errors, in French with their line', () => {
  const err = (text: string) => lines({ errors: parsePortfolioYaml(text, 'p.yaml').errors });
  it('explains the usual mistakes of a hand-written file', () => {
    expect(err("apprenant:\n  ine: X\nsemaines:\n  - activités: J'ai fait: du graissage\n")[0]).toMatch(/^4: ligne mal formée : si le texte contient « : »/);
    expect(err('apprenant:\n\tine: X\n')).toEqual(['2: tabulation dans le retrait : utilisez des espaces']);
    expect(err('apprenant:\n  ine: X\n  ine: Y\n')).toEqual(['3: la même clé est donnée deux fois au même niveau']);
    expect(err('apprenant:\n  ine: X\n nom: Y\n')).toEqual(["3: retrait incorrect : les clés d'un même niveau doivent commencer à la même colonne"]);
    expect(err("apprenant:\n  nom: 'ACCARDO\n")[0]).toMatch(/^3: caractère manquant/);
    expect(err('a: &x 1\nb: *x\n')).toEqual(['2: les alias YAML (« *nom ») ne sont pas acceptés : recopiez le texte']);
    expect(err('')).toEqual(['1: fichier vide : voir le modèle dans docs/portfolio.md']);
    expect(err('- une liste\n- au lieu de clés\n').length).toBe(0);
    const notMap = parsePortfolioYaml('- une liste\n', 'p.yaml');
    expect(lines(validatePortfolio(notMap.root!, 'p.yaml'))).toEqual([
      '1: le portfolio doit commencer par des clés (« apprenant: », « entreprise: »…), voir docs/portfolio.md',
    ]);
  });
});

describe('encodings', () => {
  it('reads UTF-8 with a BOM, and Windows-1252 from an old editor with a warning', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const d = mkdtempSync(join(tmpdir(), 'cpro-pf-'));
    try {
      const text = 'apprenant:\n  nom: ŒUVRAY\n  prénom: Zoé\nentreprise:\n  activité: Découpe à façon\n';
      writeFileSync(join(d, 'bom.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
      const bom = readPortfolioFile(join(d, 'bom.yaml'));
      expect(bom.warnings).toEqual([]);
      expect(bom.portfolio!.learner.lastName).toBe('ŒUVRAY');
      const cp1252 = Buffer.from(text.replace('Œ', '\u0000'), 'latin1');
      cp1252[cp1252.indexOf(0)] = 0x8c; // Œ in Windows-1252
      writeFileSync(join(d, 'ansi.yaml'), cp1252);
      const ansi = readPortfolioFile(join(d, 'ansi.yaml'));
      expect(ansi.warnings).toEqual(['ansi.yaml : fichier non UTF-8, lu en Windows-1252 ; enregistrez-le en UTF-8']);
      expect(ansi.portfolio!.learner).toMatchObject({ lastName: 'ŒUVRAY', firstName: 'Zoé' });
      expect(ansi.portfolio!.content.company.activity).toBe('Découpe à façon');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('docs/portfolio.md', () => {
  it('shows examples that are valid portfolios (or valid parts of one)', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(join(FIXTURES, '..', '..', 'docs', 'portfolio.md'), 'utf8');
    const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const yaml of blocks) {
      const text = yaml.startsWith('apprenant:') || yaml.startsWith('#') ? yaml : `apprenant:\n  ine: X1\n${yaml}`;
      expect(lines(parse(text)), yaml.slice(0, 40)).toEqual([]);
    }
  });
});
