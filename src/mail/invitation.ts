// The invitation a tutor receives: subject, plain text and HTML, in French, worded for the tutor's role.
import { frenchDate } from '../domain/dates.js';
import type { PeriodKind } from '../domain/period-kinds.js';
import { frenchDayDate, ofName, type TutorRole } from '../domain/tutor-state.js';

export interface InvitationView {
  role: TutorRole;
  tutor: { firstName: string; lastName: string };
  learner: { firstName: string; lastName: string };
  className: string;
  period: { name: string; kind: PeriodKind; start: string; end: string };
  company: string | null;
  school: string | null;
  /** The school's phone, and the enseignant référent who signs the message; null fields are left out. */
  schoolPhone?: string | null;
  teacher?: { name: string | null; email: string | null; phone: string | null };
  /** The personal link, carrying the token. */
  link: string;
  /** ISO instant. */
  expiresAt: string;
}

export interface InvitationMessage {
  subject: string;
  text: string;
  html: string;
}

/** `<portal>/acces?jeton=<token>`. */
export function accessLink(portalUrl: string, token: string): string {
  return `${portalUrl.replace(/\/+$/, '')}/acces?jeton=${encodeURIComponent(token)}`;
}

function bilans(kind: PeriodKind): string {
  switch (kind) {
    case 'Période 1':
      return 'remplir le bilan des attitudes professionnelles en fin de période';
    case 'Période 2':
    case 'Autre':
      return "remplir en fin de période le bilan des attitudes professionnelles et, avec l'enseignant référent, le bilan des compétences (bilan entreprise)";
    case 'E31':
    case 'E33':
      return `remplir en fin de période le bilan des attitudes professionnelles et, avec l'enseignant référent, la grille d'évaluation de l'épreuve ${kind}`;
  }
}

/** The message as paragraphs and a bulleted list, shared by the text and HTML versions. */
function content(v: InvitationView) {
  const apprentice = v.role === "maître d'apprentissage";
  const learner = `${v.learner.firstName} ${v.learner.lastName}`;
  const dates = `du ${frenchDate(v.period.start)} au ${frenchDate(v.period.end)}`;
  const at = v.company ? ` chez ${v.company}` : '';
  const school = v.school ? ` du ${v.school}` : '';
  const intro = apprentice
    ? `Vous êtes le maître d'apprentissage ${ofName(learner)}, apprenti(e) en classe ${v.className}${school}, pour la période en entreprise « ${v.period.name} » ${dates}${at}.`
    : `Vous êtes le tuteur de stage ${ofName(learner)}, élève de la classe ${v.className}${school}, pour la période de formation en milieu professionnel (PFMP) « ${v.period.name} » ${dates}${at}.`;
  const who = apprentice ? "l'apprenti(e)" : "l'élève";
  const can = [
    "consulter la fiche de liaison entreprise : les objectifs de formation et les activités confiées ;",
    `suivre le portfolio de ${who} (son journal ${apprentice ? 'de formation' : 'de stage'}) et le commenter ;`,
    `${bilans(v.period.kind)}.`,
  ];
  return {
    subject: `${apprentice ? "Suivi de l'apprentissage" : 'Suivi de stage'} ${ofName(learner)} (${v.period.name}) : votre lien d'accès`,
    greeting: `Bonjour ${v.tutor.firstName} ${v.tutor.lastName},`,
    intro,
    lead: `En tant que ${apprentice ? "maître d'apprentissage" : 'tuteur de stage'}, ce lien personnel vous permet de :`,
    can,
    linkLead: "Votre lien d'accès :",
    validity:
      `Ce lien vous est personnel : merci de ne pas le transmettre. Il est valable jusqu'au ${frenchDayDate(v.expiresAt)} ; ` +
      "l'enseignant référent peut vous en envoyer un nouveau à tout moment.",
    closing: 'Cordialement,',
    signature: signatureLines(v),
  };
}

/** The teacher's name and contact, then the school and its phone: a tutor or a learner knows who writes and can check. */
function signatureLines(v: Pick<InvitationView, 'school' | 'schoolPhone' | 'teacher'>): string[] {
  const t = v.teacher;
  const lines: string[] = [];
  if (t?.name) lines.push(`${t.name}, enseignant référent`);
  const contact = [t?.phone, t?.email].filter(Boolean).join(' — ');
  if (contact) lines.push(contact);
  if (v.school) lines.push([v.school, v.schoolPhone].filter(Boolean).join(' — '));
  if (!t?.name) lines.unshift(v.school ? `L'équipe pédagogique du ${v.school}` : "L'équipe pédagogique");
  return lines;
}

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function invitationMessage(v: InvitationView): InvitationMessage {
  const c = content(v);
  const text = [
    c.greeting, '', c.intro, '', c.lead, ...c.can.map((x) => `  - ${x}`), '', c.linkLead, v.link, '', c.validity, '',
    c.closing, ...c.signature, '',
  ].join('\n');
  const html = `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>${escape(c.subject)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #222;">
<p>${escape(c.greeting)}</p>
<p>${escape(c.intro)}</p>
<p>${escape(c.lead)}</p>
<ul>
${c.can.map((x) => `<li>${escape(x)}</li>`).join('\n')}
</ul>
<p>${escape(c.linkLead)}<br><a href="${escape(v.link)}">${escape(v.link)}</a></p>
<p>${escape(c.validity)}</p>
<p>${escape(c.closing)}<br>${c.signature.map(escape).join('<br>')}</p>
</body></html>
`;
  return { subject: c.subject, text, html };
}

/** What a learner's own invitation names: the learner, the period, the company, the link. */
export type LearnerInvitationView = Omit<InvitationView, 'role' | 'tutor' | 'className'>;

/**
 * The invitation a learner receives, written for a learner: short sentences, « vous » as the school writes to
 * pupils, signed like the tutor's by the enseignant référent and the school.
 */
export function learnerInvitationMessage(v: LearnerInvitationView): InvitationMessage {
  const dates = `du ${frenchDate(v.period.start)} au ${frenchDate(v.period.end)}`;
  const at = v.company ? ` chez ${v.company}` : '';
  const subject = `Votre portfolio de « ${v.period.name} » : votre lien personnel`;
  const lines = {
    greeting: `Bonjour ${v.learner.firstName},`,
    intro: `Pour votre période en entreprise « ${v.period.name} » ${dates}${at}, vous pouvez remplir votre portfolio directement sur votre téléphone ou sur un ordinateur.`,
    lead: 'Avec ce lien, vous pouvez :',
    can: [
      "présenter l'entreprise, la situer sur une carte et dessiner son organigramme ;",
      'raconter chaque semaine ce que vous avez fait, aimé et réussi ;',
      'présenter une activité (ordre de travail, compte rendu) et ajouter des documents (PDF ou photos) ;',
      'écrire votre bilan personnel, puis lire vos évaluations une fois validées.',
    ],
    save: "Tout ce que vous écrivez est enregistré comme brouillon : vous pouvez vous arrêter et reprendre plus tard.",
    linkLead: 'Votre lien personnel :',
    validity:
      `Ce lien vous est personnel : ne le transmettez à personne. Il est valable jusqu'au ${frenchDayDate(v.expiresAt)} ; ` +
      'si vous le perdez, demandez-en un nouveau à votre enseignant référent.',
    closing: 'Cordialement,',
    signature: signatureLines(v),
  };
  const text = [
    lines.greeting, '', lines.intro, '', lines.lead, ...lines.can.map((x) => `  - ${x}`), '', lines.save, '', lines.linkLead, v.link, '',
    lines.validity, '', lines.closing, ...lines.signature, '',
  ].join('\n');
  const html = `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>${escape(subject)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #222;">
<p>${escape(lines.greeting)}</p>
<p>${escape(lines.intro)}</p>
<p>${escape(lines.lead)}</p>
<ul>
${lines.can.map((x) => `<li>${escape(x)}</li>`).join('\n')}
</ul>
<p>${escape(lines.save)}</p>
<p>${escape(lines.linkLead)}<br><a href="${escape(v.link)}">${escape(v.link)}</a></p>
<p>${escape(lines.validity)}</p>
<p>${escape(lines.closing)}<br>${lines.signature.map(escape).join('<br>')}</p>
</body></html>
`;
  return { subject, text, html };
}
