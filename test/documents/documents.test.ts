// Every document rendered to DOCX and PDF, then read back: the learner, company, objectives and tasks are there.
import { describe, expect, it } from 'vitest';
import { attestation } from '../../src/documents/attestation.js';
import { attitudesGrid } from '../../src/documents/attitudes-grid.js';
import { entrepriseGrid } from '../../src/documents/entreprise-grid.js';
import type { Block } from '../../src/documents/model.js';
import { preconvention } from '../../src/documents/preconvention.js';
import { renderDocx } from '../../src/documents/render/docx.js';
import { renderPdf } from '../../src/documents/render/pdf.js';
import { attitudesView, entrepriseView, OBJECTIVES, preconventionView, referentiel } from './fixtures.js';
import { flat, pdfText, readDocx } from './readback.js';

const NAMES = ['Nguyễn', 'Thị Ánh', 'Œuvray Maintenance Industrielle', 'Faÿ', 'Hélène'];

async function readBoth(blocks: Block[]): Promise<{ docx: string; pdf: string }> {
  const [d, p] = await Promise.all([renderDocx(blocks), renderPdf(blocks)]);
  expect(d.subarray(0, 2).toString()).toBe('PK');
  expect(p.subarray(0, 5).toString()).toBe('%PDF-');
  const [docx, pdf] = [await readDocx(d), await pdfText(p)];
  // A4 portrait: 11906 × 16838 twips, 595 × 842 points.
  expect(docx.pageSize).toEqual([11906, 16838]);
  for (const size of pdf.sizes) expect(size).toEqual([595, 842]);
  return { docx: flat(docx.text), pdf: pdf.text };
}

function expectAll(text: string, wanted: string[]) {
  for (const w of wanted) expect(text, `« ${w} » missing`).toContain(flat(w));
}

describe('pré-convention', () => {
  const v = preconventionView();
  const tasks = v.tasks.flatMap((t) => [t.code, t.title]);

  it('prints the learner, company, tutor, objectives and tasks in DOCX and PDF', async () => {
    const { docx, pdf } = await readBoth(preconvention(v));
    const wanted = [
      ...NAMES,
      ...OBJECTIVES,
      ...tasks,
      'Annexe pédagogique — pré-convention',
      'Lycée professionnel Jean-Jaurès',
      '0590000A',
      'Mme Zoé Lefèvre',
      '13 janvier 2025',
      '7 février 2025',
      '15 mars 2008',
      'A1 — Préparation de l\'intervention',
      'Horaires journaliers',
      'Mercredi',
      'Samedi',
      'Modalités de concertation',
      'Travaux et équipements soumis à dérogation',
      'Bilan des attitudes professionnelles et bilan entreprise',
      'Le représentant légal',
      'Oui (16 ans le 13 janvier 2025)',
    ];
    expectAll(docx, wanted);
    expectAll(pdf, wanted);
  });

  it('has no legal guardian signature for an adult learner', async () => {
    const adult = preconventionView({ learner: { ...v.learner, birthDate: '2005-01-13' } });
    const { docx, pdf } = await readBoth(preconvention(adult));
    for (const text of [docx, pdf]) {
      expect(text).not.toContain('représentant légal');
      expect(text).toContain('Mineur au début de la période Non');
    }
  });
});

describe('attestation de stage', () => {
  it('cites D.124-9 and leaves the duration and gratification to complete', async () => {
    const { docx, pdf } = await readBoth(attestation(preconventionView()));
    const wanted = [
      ...NAMES,
      'Attestation de stage',
      "article D.124-9 du code de l'éducation",
      'Durée effective totale, en heures',
      'Montant total de la gratification versée',
      "Nom et qualité du représentant de l'entreprise",
      'Adresse du siège (si différente)',
      "Adresse personnelle de l'élève",
      '7 heures de présence',
      'Fait à',
    ];
    expectAll(docx, wanted);
    expectAll(pdf, wanted);
  });
});

describe('attestation de stage from a confirmed attendance', () => {
  it('prints the effective hours and says when the gratification is due', async () => {
    const { docx, pdf } = await readBoth(
      attestation({ ...preconventionView(), effectiveHours: 329.5, gratificationDue: true, gratificationHourlyMinimum: 4.35 }),
    );
    const wanted = ['Durée effective totale, en heures', '329,5 heures', 'Gratification due', 'minimum légal : 4,35 € par heure de présence'];
    expectAll(docx, wanted);
    expectAll(pdf, wanted);
  });

  it('prints « néant » for the gratification when it is not due', async () => {
    const { docx, pdf } = await readBoth(attestation({ ...preconventionView(), effectiveHours: 126, gratificationDue: false }));
    for (const text of [docx, pdf]) {
      expect(text).toContain(flat('126 heures'));
      expect(text).toContain('néant');
      expect(text).not.toContain('Gratification due');
    }
  });
});

describe('bilan des attitudes professionnelles', () => {
  it('lists every attitude item with the six answers', async () => {
    const { docx, pdf } = await readBoth(attitudesGrid(attitudesView(true)));
    const wanted = [...NAMES, ...referentiel.attitudes.map((a) => a.title), 'NE', 'Très bonne intégration dans l’équipe.'];
    expectAll(docx, wanted);
    expectAll(pdf, wanted);
  });
});

describe('bilan entreprise', () => {
  it('lists the tasks by block and every competency and sub-competency', async () => {
    const v = entrepriseView(true);
    const { docx, pdf } = await readBoth(entrepriseGrid(v));
    const comps = v.competencies.flatMap((c) => [c.code, c.title, ...c.details.flatMap((d) => [d.code, d.title])]);
    const wanted = [
      ...NAMES,
      ...v.tasks.flatMap((t) => [t.code, t.title]),
      ...comps,
      'A2 — Maintenance préventive',
      '6 février 2025',
      'Apprenant sérieux ; poursuivre le travail sur le diagnostic.',
      "Engagement de l'apprenant sur la période",
    ];
    expectAll(docx, wanted);
    expectAll(pdf, wanted);
    // Three of four stars are filled.
    expect(docx).toContain('★ ★ ★ ☆');
    expect(pdf.replace(/ /g, '')).toContain('★★★☆');
  });

  it('defaults the meeting date to the last day of the period', async () => {
    const { pdf } = await readBoth(entrepriseGrid(entrepriseView(false)));
    expect(pdf).toContain('Date de la rencontre 7 février 2025');
  });
});
