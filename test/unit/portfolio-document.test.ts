// The portfolio document: its blocks, the tree block's connectors, and both renderers read back.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readPortfolioFile } from '../../src/importers/portfolio.js';
import { portfolioDocument, type PortfolioView } from '../../src/documents/portfolio.js';
import { treeRows, tree, type Block } from '../../src/documents/model.js';
import { renderDocx } from '../../src/documents/render/docx.js';
import { renderPdf } from '../../src/documents/render/pdf.js';
import { docxParagraphs, pdfPlainText } from '../helpers/read-documents.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'portfolios');

function alineView(all = false): PortfolioView {
  const c = readPortfolioFile(join(FIXTURES, 'accardo-aline.yaml')).portfolio!.content;
  return {
    learner: { lastName: 'ACCARDO', firstName: 'Aline', className: '2MSPC1' },
    period: { name: 'PFMP 2', start: '2025-06-02', end: '2025-06-27' },
    school: 'Lycée professionnel Jean Moulin',
    company: c.company,
    tutor: { name: 'Julien Boisseau', role: 'Responsable maintenance', phone: '02 32 00 00 01', email: 'julien.boisseau@fragrance.example.fr' },
    orgChart: c.orgChart,
    weeks: c.weeks,
    activities: all ? c.activities : c.activities.filter((a) => a.selected),
    allActivities: all,
    activityCount: c.activities.length,
    annexes: c.annexes,
    bilanPersonnel: { strengths: ['Assiduité et ponctualité', 'Communication'], improvements: ['Autonomie'], perspectives: ['Intégrer un service de maintenance'] },
    comments: [{ author: 'M. Martin', text: 'Très bon rapport.\nDétaillez la consignation.', createdAt: '2025-06-20T10:00:00.000Z' }],
  };
}

describe('tree rows', () => {
  it('gives each line its rails and its elbow, like the tree command', () => {
    const rows = treeRows([
      { label: 'A', children: [{ label: 'B', children: [{ label: 'C', children: [] }] }, { label: 'D', children: [{ label: 'E', children: [] }] }] },
    ]);
    expect(rows.map((r) => [r.node.label, r.depth, r.rails, r.last])).toEqual([
      ['A', 0, [], true],
      ['B', 1, [], false],
      ['C', 2, [true], true], // the line from A to D passes beside C
      ['D', 1, [], true],
      ['E', 2, [false], true],
    ]);
  });
});

describe('portfolio document', () => {
  it('has the org chart as a tree, the weeks as a table, only the selected activities, the bilan and the comments', () => {
    const blocks = portfolioDocument(alineView());
    const kinds = blocks.map((b) => b.kind);
    expect(kinds).toContain('tree');
    const headings = blocks.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading').map((b) => b.text);
    expect(headings).toEqual([
      "1. Présenter l'entreprise", "2. Géolocaliser l'entreprise", "3. Organigramme de l'entreprise", '4. Activités hebdomadaires',
      '5. Activités de maintenance', 'Activité 1 — Remplacement des ressorts de tension de la filmeuse', '6. Annexes',
      '7. Bilan personnel', '8. Commentaires',
    ]);
    const weeks = blocks.find((b) => b.kind === 'table' && b.header[0] === 'Semaine') as Extract<Block, { kind: 'table' }>;
    expect(weeks.header).toEqual(['Semaine', 'Activités de la semaine', "Ce que j'ai aimé", "Ce que j'ai réussi"]);
    expect(weeks.rows).toHaveLength(4);
    const all = portfolioDocument(alineView(true)).filter((b) => b.kind === 'heading' && b.text.startsWith('Activité '));
    expect(all).toHaveLength(2);
  });

  it('renders to DOCX with the tree drawn and the learner text line by line', async () => {
    const paras = await docxParagraphs(await renderDocx(portfolioDocument(alineView())));
    expect(paras).toContain('Portfolio des activités en entreprise');
    expect(paras).toContain('Directeur général — Gérard Dubois');
    expect(paras).toContain('├─ Responsable maintenance — Julien Boisseau');
    expect(paras).toContain('│  ├─ Techniciens de maintenance — Karim Benali, Sophie Renaud');
    expect(paras).toContain('└─ Responsable qualité — Claire Dupuis');
    const all = paras.join('\n');
    expect(all).toContain('Remplacement des ressorts de tension de la filmeuse');
    expect(all).not.toContain("Diagnostic d'un capteur de présence flacon");
    expect(all).toContain('Usure des ressorts de tension.');
    expect(all).toContain('Mes points forts');
    expect(all).toContain('Très bon rapport. Détaillez la consignation.');
  });

  it('renders to PDF with the same content', async () => {
    const { text, pages } = await pdfPlainText(await renderPdf(portfolioDocument(alineView(true))));
    expect(pages).toBeGreaterThanOrEqual(2);
    for (const s of [
      'Portfolio des activités en entreprise', 'Aline ACCARDO — 2MSPC1', 'Fragrance Plus', 'Responsable maintenance — Julien Boisseau',
      'Semaine 1', 'Graissage des convoyeurs avec Karim.', "Diagnostic d'un capteur de présence flacon", 'Durée de l\'intervention',
      'INRS — la consignation des machines', 'Intégrer un service de maintenance', 'M. Martin',
    ]) expect(text).toContain(s);
  });

  it('draws a tree block alone in both formats', async () => {
    const blocks = [tree([{ label: 'Racine', detail: 'Œuvray', children: [{ label: 'Feuille', children: [] }] }])];
    expect(await docxParagraphs(await renderDocx(blocks))).toEqual(['Racine — Œuvray', '└─ Feuille']);
    expect((await pdfPlainText(await renderPdf(blocks))).text).toMatch(/^Racine — Œuvray Feuille /);
  });
});
