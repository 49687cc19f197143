// The tutor's pages of one learner in one period: home, fiche de liaison, the two bilans (draft, validate), the
// attestation and its PDF. Wiring only: each route guards the session, calls a service, renders a view.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EvaluationType } from '../domain/evaluation.js';
import {
  addTutorComment,
  tutorBilanPersonnel,
  tutorDashboard,
  tutorPortfolio,
  attestationForm,
  attestationPdf,
  bilanForm,
  confirmTutorAttendance,
  tutorAttendance,
  saveAttestationForm,
  saveBilanForm,
  tutorHome,
  tutorLiaison,
  type Access,
} from '../services/portal/tutor-portal.js';
import { annexFile } from '../services/portal/learner-space.js';
import type { Portal } from './server.js';
import { basePath, guard, type Params } from './session.js';

type Req<B = unknown> = FastifyRequest<{ Params: Params & { type?: string }; Body: B; Querystring: { ok?: string } }>;
const BASE = '/periodes/:periodId/apprenants/:learnerId';
const TYPES: Record<string, EvaluationType> = { entreprise: 'entreprise', attitudes: 'attitudes' };

export function registerTutorPages(p: Portal): void {
  const notFound = (reply: FastifyReply, a: Access) =>
    p.page(reply, 404, 'Page introuvable', ["Cette page n'existe pas, ou elle ne fait pas partie de ce que votre lien ouvre."], 'tuteur', basePath(a));

  p.app.get(BASE, async (req: Req, reply) => {
    const a = await guard(p, req, reply);
    if (!a) return reply;
    return p.render(reply, 'accueil', { home: await tutorHome(p.store, a), base: basePath(a) });
  });

  p.app.get(`${BASE}/fiche`, async (req: Req, reply) => {
    const a = await guard(p, req, reply);
    if (!a) return reply;
    return p.render(reply, 'fiche', { fiche: await tutorLiaison(p.store, a), base: basePath(a) });
  });

  p.app.get(`${BASE}/bilans/:type`, async (req: Req, reply) => {
    const a = await guard(p, req, reply);
    if (!a) return reply;
    const type = TYPES[req.params.type ?? ''];
    const form = type && (await bilanForm(p.store, a, type));
    if (!form) return notFound(reply, a);
    return p.render(reply, 'bilan', { form, base: basePath(a), ok: req.query.ok ?? null });
  });

  p.app.post(`${BASE}/bilans/:type`, async (req: Req<Record<string, string | string[]>>, reply) => {
    const a = await guard(p, req, reply);
    if (!a) return reply;
    const type = TYPES[req.params.type ?? ''];
    if (!type) return notFound(reply, a);
    const body = req.body ?? {};
    const r = await saveBilanForm(p.store, a, type, body, body.action === 'valider', p.now());
    if (!r) return notFound(reply, a);
    if (r.saved) return reply.redirect(`${basePath(a)}/bilans/${type}?ok=${r.validated ? 'valide' : 'brouillon'}`, 303);
    return p.render(reply, 'bilan', { form: r.form, base: basePath(a), ok: null }, r.form.conflict ? 409 : 422);
  });

  p.app.get(`${BASE}/attestation`, async (req: Req, reply) => {
    const a = await guard(p, req, reply);
    if (!a) return reply;
    return p.render(reply, 'attestation', { form: await attestationForm(p.store, a), base: basePath(a), ok: req.query.ok ?? null });
  });

  p.app.post(`${BASE}/attestation`, async (req: Req<Record<string, string>>, reply) => {
    const a = await guard(p, req, reply);
    if (!a) return reply;
    const r = await saveAttestationForm(p.store, a, req.body ?? {}, p.now());
    if (r.saved) return reply.redirect(`${basePath(a)}/attestation?ok=1`, 303);
    return p.render(reply, 'attestation', { form: r.form, base: basePath(a), ok: null }, r.form.conflict ? 409 : 422);
  });

  p.app.get(`${BASE}/presence`, async (req: Req, reply) => {
    const a = await guard(p, req, reply);
    if (!a) return reply;
    return p.render(reply, 'presence', { page: await tutorAttendance(p.store, a, p.now()), base: basePath(a), ok: req.query.ok ?? null });
  });

  p.app.post(`${BASE}/presence`, async (req: Req, reply) => {
    const a = await guard(p, req, reply);
    if (!a) return reply;
    const r = await confirmTutorAttendance(p.store, a, p.now());
    if (r.confirmed) return reply.redirect(`${basePath(a)}/presence?ok=1`, 303);
    return p.render(reply, 'presence', { page: r.page, base: basePath(a), ok: null }, r.page.refusal ? 422 : 200);
  });

  p.app.get(`${BASE}/attestation.pdf`, async (req: Req, reply) => {
    const a = await guard(p, req, reply);
    if (!a) return reply;
    const { fileName, bytes } = await attestationPdf(p.store, a);
    return reply
      .type('application/pdf')
      .header('Cache-Control', 'no-store')
      .header('Content-Disposition', `attachment; filename="attestation.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
      .send(bytes);
  });
}

/** The learner's own work, read-only, and the tutor's comment on the portfolio. */
export function registerLearnerWork(p: Portal): void {
  p.app.get(`${BASE}/portfolio`, async (req: Req, reply) => {
    const a = await guard(p, req, reply);
    if (!a) return reply;
    return p.render(reply, 'portfolio', { page: await tutorPortfolio(p.store, a), base: basePath(a), ok: req.query.ok ?? null });
  });

  p.app.post(`${BASE}/portfolio`, async (req: Req<{ commentaire?: string }>, reply) => {
    const a = await guard(p, req, reply);
    if (!a) return reply;
    const r = await addTutorComment(p.store, a, String(req.body?.commentaire ?? ''), p.now());
    if (r.added) return reply.redirect(`${basePath(a)}/portfolio?ok=1#commentaires`, 303);
    return p.render(reply, 'portfolio', { page: r.page, base: basePath(a), ok: null }, 422);
  });

  p.app.get(`${BASE}/portfolio/annexes/:annexId`, async (req: Req, reply) => {
    const a = await guard(p, req, reply);
    if (!a) return reply;
    const id = (req.params as { annexId?: string }).annexId ?? '';
    const f = /^\d{1,12}$/.test(id) ? await annexFile(p.store, a, Number(id)) : null;
    if (!f) return p.page(reply, 404, 'Page introuvable', ["Cette page n'existe pas, ou elle ne fait pas partie de ce que votre lien ouvre."], 'tuteur');
    return reply
      .type(f.type)
      .header('Cache-Control', 'no-store')
      .header('Content-Disposition', `attachment; filename="annexe"; filename*=UTF-8''${encodeURIComponent(f.name)}`)
      .send(f.bytes);
  });

  p.app.get(`${BASE}/bilan-personnel`, async (req: Req, reply) => {
    const a = await guard(p, req, reply);
    if (!a) return reply;
    return p.render(reply, 'bilan-personnel', { show: await tutorBilanPersonnel(p.store, a), base: basePath(a) });
  });

  p.app.get(`${BASE}/tableau-de-bord`, async (req: Req, reply) => {
    const a = await guard(p, req, reply);
    if (!a) return reply;
    return p.render(reply, 'tableau-de-bord', { d: await tutorDashboard(p.store, a), base: basePath(a) });
  });
}
