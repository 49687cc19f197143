// Header sections and wording shared by several documents (learner, company and tutor, period line).
import { frenchDate } from '../domain/dates.js';
import type { LearnerStatus } from '../domain/model.js';
import { fields, heading, type Block } from './model.js';
import type { CompanyView, PeriodView, PlacementView, ReferentView, TaskView, TutorView, VisitView } from './views.js';
import { VISIT_MODE_LABELS } from '../domain/visits.js';

/** "Période 2 — du 13 janvier 2025 au 7 février 2025". */
export function periodLine(p: PeriodView): string {
  return `${p.name} — du ${frenchDate(p.start)} au ${frenchDate(p.end)}`;
}

/** The company trainer's title: tuteur for a pupil, maître d'apprentissage for an apprentice. */
export function trainerTitle(status: LearnerStatus): string {
  return status === 'Apprenti' ? "Maître d'apprentissage" : 'Tuteur';
}

export function learnerTitle(status: LearnerStatus): string {
  return status === 'Apprenti' ? 'Apprenti' : 'Élève';
}

export function statusLabel(status: LearnerStatus): string {
  return status === 'Apprenti' ? 'Apprenti' : 'Scolaire';
}

/** Joins the non-empty parts, or null when there is none (an empty field to complete). */
export function join(parts: Array<string | null | undefined>, sep = ' '): string | null {
  const kept = parts.map((p) => p?.trim()).filter((p): p is string => !!p);
  return kept.length ? kept.join(sep) : null;
}

export function companyAddress(c: Pick<CompanyView, 'address' | 'postalCode' | 'city'>): string | null {
  return join([c.address, join([c.postalCode, c.city])], ', ');
}

export function tutorName(t: TutorView): string | null {
  return join([t.firstName, t.lastName]);
}

export function learnerName(v: PlacementView): string {
  return `${v.learner.firstName} ${v.learner.lastName}`;
}

/** The page-footer line: which document, whose, which period. */
export function footerLine(document: string, v: PlacementView): string {
  return `${document} — ${learnerName(v)} — ${v.learner.className} — ${v.period.name}`;
}

export const titleLines = (v: PlacementView): string[] =>
  [v.diploma, periodLine(v.period)].filter((s): s is string => !!s);

/** The learner box of the evaluation grids (user guide: "Apprenant"). */
export function learnerSection(v: PlacementView): Block[] {
  return [
    heading('Apprenant'),
    fields(
      [
        ['Nom', v.learner.lastName],
        ['Prénom', v.learner.firstName],
        ['Classe', v.learner.className],
        ['Statut', statusLabel(v.learner.status)],
        ['Établissement', v.school.name],
        ['Date de naissance', v.learner.birthDate ? frenchDate(v.learner.birthDate) : null],
      ],
      2,
    ),
  ];
}

/** The company and trainer box, as on the liaison sheet; missing details print empty, to complete. */
export function companySection(v: PlacementView, title = 'Entreprise'): Block[] {
  const trainer = trainerTitle(v.learner.status);
  return [
    heading(title),
    fields(
      [
        ['Raison sociale', v.company.name],
        ["Secteur d'activité", v.company.sector],
        ['Adresse', companyAddress(v.company)],
        ['Téléphone', v.company.phone],
        [`${trainer} : nom`, v.tutor.lastName],
        [`${trainer} : prénom`, v.tutor.firstName],
        ['Fonction', v.tutor.role],
        ['Téléphone / courriel', join([v.tutor.phone, v.tutor.email], ' — ')],
      ],
      2,
    ),
  ];
}

/** Tasks grouped by activity block, in the order given (référentiel order). */
export function tasksByBlock(tasks: TaskView[]): Array<{ title: string; tasks: TaskView[] }> {
  const groups = new Map<string, { title: string; tasks: TaskView[] }>();
  for (const t of tasks) {
    const key = `${t.blockCode}\u0000${t.blockTitle}`;
    let g = groups.get(key);
    if (!g) {
      g = { title: join([t.blockCode, t.blockTitle], ' — ') ?? '', tasks: [] };
      groups.set(key, g);
    }
    g.tasks.push(t);
  }
  return [...groups.values()];
}

/** How to reach the enseignant référent: phone and e-mail, or null (a field to complete). */
export function referentContact(r: ReferentView): string | null {
  return join([r.phone, r.email], ' — ');
}

/** "visite le 12 juin 2025 (faite, M. Dupont) ; téléphone le 20 juin 2025 (prévue)"; null when none. */
export function visitsLine(visits: VisitView[]): string | null {
  if (!visits.length) return null;
  return visits
    .map((v) => `${VISIT_MODE_LABELS[v.mode]} le ${frenchDate(v.date)} (${join([v.done ? 'faite' : 'prévue', v.who], ', ')})`)
    .join(' ; ');
}
