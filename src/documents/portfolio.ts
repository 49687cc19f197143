// The portfolio export (editable DOCX, or PDF): the learner's presentation of the company, org chart, weekly
// activities, chosen maintenance activities, annexes, bilan personnel and the teachers' comments.
import { frenchDate, shortFrenchDate, todayIso } from '../domain/dates.js';
import type {
  CompanyPresentation, MaintenanceActivity, OrgNode, PortfolioAnnex, WeekEntry,
} from '../domain/portfolio.js';
import {
  bold, box, fields, heading, italic, paragraph, smallPrint, table, title, tree, type Block, type TreeNode,
} from './model.js';
import { companyAddress, join } from './sections.js';

export interface PortfolioView {
  learner: { lastName: string; firstName: string; className: string };
  period: { name: string; start: string; end: string };
  school: string | null;
  /** The learner's presentation, completed from the liaison sheet where the learner left a field out. */
  company: CompanyPresentation;
  tutor: { name: string | null; role: string | null; phone: string | null; email: string | null };
  orgChart: OrgNode[];
  weeks: WeekEntry[];
  /** The activities to print: the learner's selection, or every one. */
  activities: MaintenanceActivity[];
  allActivities: boolean;
  activityCount: number;
  annexes: PortfolioAnnex[];
  /** null: the learner has not written it (or this store does not hold bilans personnels). */
  bilanPersonnel: { strengths: string[]; improvements: string[]; perspectives: string[] } | null;
  comments: Array<{ author: string; text: string; createdAt: string; authorRole?: 'tuteur' | 'enseignant' }>;
}

function orgTree(nodes: OrgNode[]): TreeNode[] {
  return nodes.map((n) => ({ label: n.role, detail: n.names.length ? n.names.join(', ') : undefined, children: orgTree(n.children) }));
}

function weekLabel(w: WeekEntry): string {
  const dates =
    w.from && w.to ? `du ${shortFrenchDate(w.from)}\nau ${shortFrenchDate(w.to)}` : w.from ? `du ${shortFrenchDate(w.from)}` : '';
  return dates ? `Semaine ${w.number}\n${dates}` : `Semaine ${w.number}`;
}

function portfolioCompanySection(v: PortfolioView): Block[] {
  const c = v.company;
  const coordinates =
    c.latitude !== null && c.longitude !== null ? `${c.latitude}, ${c.longitude}` : null;
  const out: Block[] = [
    heading("1. Présenter l'entreprise"),
    fields(
      [
        ['Raison sociale', c.name],
        ["Secteur d'activité", c.sector],
        ['Adresse', companyAddress(c)],
        ['Téléphone', c.phone],
        ["Nombre d'employés", c.employees === null ? null : String(c.employees)],
        ['Personnes au service maintenance', c.maintenanceStaff === null ? null : String(c.maintenanceStaff)],
        ['Tuteur', join([v.tutor.name, v.tutor.role], ', ')],
        ['Contact du tuteur', join([v.tutor.phone, v.tutor.email], ' — ')],
      ],
      2,
    ),
    box("Activité de l'entreprise", { text: c.activity ?? undefined, lines: c.activity ? 0 : 3 }),
    box("Historique de l'entreprise", { text: c.history ?? undefined, lines: c.history ? 0 : 3 }),
    heading("2. Géolocaliser l'entreprise"),
  ];
  if (coordinates) {
    out.push(
      fields([
        ['Coordonnées (latitude, longitude)', coordinates],
        ['Carte', `https://www.openstreetmap.org/?mlat=${c.latitude}&mlon=${c.longitude}#map=17/${c.latitude}/${c.longitude}`],
      ]),
    );
  } else out.push(paragraph(italic("Coordonnées non renseignées par l'apprenant.")));
  return out;
}

function activityBlocks(a: MaintenanceActivity, n: number): Block[] {
  const w = a.workOrder;
  const r = a.report;
  return [
    heading(`Activité ${n} — ${a.title}`),
    box('Conditions de réalisation', { text: a.conditions ?? undefined, lines: a.conditions ? 0 : 2 }),
    paragraph(bold('Bon de travail')),
    fields([
      ['Date', w.date ? frenchDate(w.date) : null],
      ['Secteur', w.sector],
      ['Demandeur', w.requester],
      ['Machine', w.machine],
      ['Nature du travail à réaliser', w.work],
      ['Fournitures', w.supplies],
      ['Documentation', w.documentation],
    ]),
    paragraph(bold("Rapport d'intervention")),
    fields([
      ['Défauts constatés', r.defects],
      ['Cause(s)', r.causes],
      ['Réparations effectuées', r.repairs],
      ["Durée de l'intervention", r.duration],
    ]),
  ];
}

export function portfolioDocument(v: PortfolioView): Block[] {
  const who = `${v.learner.firstName} ${v.learner.lastName}`;
  const blocks: Block[] = [
    title(
      'Portfolio des activités en entreprise',
      [
        `${who} — ${v.learner.className}`,
        `${v.period.name} — du ${frenchDate(v.period.start)} au ${frenchDate(v.period.end)}`,
        ...(v.school ? [v.school] : []),
      ],
      `Portfolio — ${who} — ${v.learner.className} — ${v.period.name}`,
    ),
    ...portfolioCompanySection(v),
    heading("3. Organigramme de l'entreprise"),
    v.orgChart.length ? tree(orgTree(v.orgChart)) : paragraph(italic("Organigramme non renseigné par l'apprenant.")),
    heading('4. Activités hebdomadaires'),
  ];
  if (v.weeks.length) {
    blocks.push(
      table(
        ['Semaine', 'Activités de la semaine', "Ce que j'ai aimé", "Ce que j'ai réussi"],
        v.weeks.map((w) => [weekLabel(w), w.activities, w.liked ?? '', w.succeeded ?? '']),
        [14, 42, 22, 22],
      ),
    );
  } else blocks.push(paragraph(italic("Aucune semaine décrite par l'apprenant.")));

  blocks.push(heading('5. Activités de maintenance'));
  const chosen = v.allActivities
    ? `Toutes les activités décrites (${v.activityCount}).`
    : `Activités sélectionnées par l'apprenant pour l'export : ${v.activities.length} sur ${v.activityCount}.`;
  blocks.push(smallPrint(chosen));
  if (!v.activities.length) {
    blocks.push(
      paragraph(
        italic(
          v.activityCount
            ? "Aucune activité sélectionnée (« exporter: oui » dans le portfolio, ou l'option --all)."
            : "Aucune activité de maintenance décrite par l'apprenant.",
        ),
      ),
    );
  }
  v.activities.forEach((a, i) => blocks.push(...activityBlocks(a, i + 1)));

  blocks.push(heading('6. Annexes'));
  if (v.annexes.length) {
    blocks.push(
      table(
        ['Type', 'Fichier ou adresse web', 'Description'],
        v.annexes.map((a) => [a.kind === 'fichier' ? 'Fichier' : 'Lien', a.target, a.title ?? '']),
        [12, 50, 38],
      ),
    );
  } else blocks.push(paragraph(italic('Aucune annexe.')));

  blocks.push(heading('7. Bilan personnel'));
  const bp = v.bilanPersonnel;
  if (bp) {
    blocks.push(
      box('Mes points forts', { items: bp.strengths, lines: bp.strengths.length ? 0 : 2 }),
      box('Mes axes de progrès', { items: bp.improvements, lines: bp.improvements.length ? 0 : 2 }),
      box('Mes perspectives pour la prochaine PFMP', { items: bp.perspectives, lines: bp.perspectives.length ? 0 : 2 }),
    );
  } else blocks.push(paragraph(italic("Bilan personnel non renseigné par l'apprenant.")));

  blocks.push(heading('8. Commentaires'));
  if (v.comments.length) {
    blocks.push(
      table(
        ['Date', 'Auteur', 'Commentaire'],
        v.comments.map((c) => [shortFrenchDate(todayIso(new Date(c.createdAt))), c.authorRole === 'tuteur' ? `${c.author} (tuteur)` : c.author, c.text]),
        [13, 22, 65],
      ),
    );
  } else blocks.push(paragraph(italic('Aucun commentaire.')));
  return blocks;
}
