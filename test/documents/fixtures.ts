// Sample views for the document tests: names that need Latin Extended and Vietnamese glyphs, some input decomposed.
import { readFileSync } from 'node:fs';
import type { Referentiel } from '../../src/domain/referentiel.js';
import {
  allTaskViews,
  competencyViews,
  taskViews,
  type AttitudesGridView,
  type EntrepriseGridView,
  type PlacementView,
  type PreconventionView,
} from '../../src/documents/views.js';

export const referentiel = JSON.parse(
  readFileSync(new URL('../../templates/referentiels/bac-pro-mspc.json', import.meta.url), 'utf8'),
) as Referentiel;

export const OBJECTIVES = [
  'Découvrir l’organisation du service maintenance',
  'Réaliser une intervention de maintenance préventive en sécurité',
  'Rendre compte oralement et par écrit à son tuteur',
];
export const TASK_CODES = ['A1T1', 'A1T3', 'A2T1', 'A3T1', 'A4T2'];

export function placement(overrides: Partial<PlacementView> = {}): PlacementView {
  return {
    school: {
      name: 'Lycée professionnel Jean-Jaurès',
      address: '12 rue de l’Église, 59000 Lille',
      uai: '0590000A',
      head: 'Mme Zoé Lefèvre',
      phone: '03 20 11 22 33',
    },
    learner: {
      lastName: 'Nguyễn',
      firstName: 'Thị Ánh',
      className: '1MSPC',
      birthDate: '2008-03-15',
      status: 'Scolaire',
    },
    period: { name: 'PFMP 2', kind: 'Période 2', start: '2025-01-13', end: '2025-02-07', bilanDate: '2025-02-07' },
    company: {
      name: 'Œuvray Maintenance Industrielle',
      address: '4 chemin des Forges',
      postalCode: '59100',
      city: 'Roubaix',
      sector: 'Maintenance de lignes de conditionnement',
      phone: '03 20 00 00 00',
      siret: '73282932000074',
      signatory: 'M. Paul Œuvray, gérant',
    },
    tutor: {
      lastName: 'Faÿ',
      // Decomposed on purpose (e + U+0301): documents must print it composed.
      firstName: 'He\u0301le\u0300ne',
      phone: '06 00 00 00 00',
      email: 'helene.fay@oeuvray.example',
      role: 'Responsable maintenance',
    },
    diploma: referentiel.diploma,
    referent: { name: 'M. Yves Dupont', email: 'yves.dupont@ac-lille.example', phone: '06 11 22 33 44' },
    visits: [{ date: '2025-01-22', mode: 'visite', done: true, who: 'M. Yves Dupont' }],
    ...overrides,
  };
}

export function preconventionView(overrides: Partial<PreconventionView> = {}): PreconventionView {
  return {
    ...placement(),
    objectives: OBJECTIVES,
    tasks: taskViews(referentiel, TASK_CODES),
    assessed: {
      caption: 'Compétences du référentiel évaluées sur la période',
      items: (referentiel as Referentiel).competencies.map((c) => ({ code: c.code, title: c.title })),
    },
    ...overrides,
  };
}

export function attitudesView(filled = false): AttitudesGridView {
  return {
    ...placement(),
    attitudes: referentiel.attitudes,
    evaluation: filled
      ? { levels: { AT1: '4', AT2: '3', AT3: 'NE' }, comment: 'Très bonne intégration dans l’équipe.', date: '2025-02-07' }
      : null,
  };
}

export function entrepriseView(filled = false): EntrepriseGridView {
  return {
    ...placement(),
    tasks: allTaskViews(referentiel),
    competencies: competencyViews(referentiel),
    evaluation: filled
      ? {
          tasksDone: ['A1T1', 'A2T1'],
          levels: { 'C1.1': '4', 'C2.1.1': '2', 'C2.2': '0', 'C1.2': 'NE' },
          engagement: 3,
          meetingDate: '2025-02-06',
          comment: 'Apprenant sérieux ; poursuivre le travail sur le diagnostic.',
        }
      : null,
  };
}
