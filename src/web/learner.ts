// The learner's own space (/mon-espace/…): home, the portfolio's tabs, the annexes (multipart, limits enforced
// while reading), the bilan personnel and the validated evaluations. Wiring only: each route guards a learner's
// session (any other id answers 404), calls a service, renders a view.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { ANNEX_MAX_BYTES } from '../domain/annex-files.js';
import { orgDepths, orgInTreeOrder } from '../domain/portfolio-draft.js';
import {
  addAnnex, annexFile, bilanPersonnelForm, geocodeCompany, learnerHome, myEvaluations, portfolioPage, removeAnnex,
  saveBilanPersonnelForm, savePortfolioTab, tabOfField, TAB_LABELS, TABS, type Tab,
} from '../services/portal/learner-space.js';
import type { Access } from '../services/portal/tutor-portal.js';
import type { Portal } from './server.js';
import { basePath, guard, type Params } from './session.js';

type Req<B = unknown> = FastifyRequest<{ Params: Params & { tab?: string; annexId?: string }; Body: B; Querystring: { ok?: string; refus?: string } }>;
const BASE = '/mon-espace/periodes/:periodId/apprenants/:learnerId';

export function registerLearnerSpace(p: Portal): void {
  const notFound = (reply: FastifyReply, a: Access) =>
    p.page(reply, 404, 'Page introuvable', ["Cette page n'existe pas, ou elle ne fait pas partie de ce que votre lien ouvre."], 'apprenant', basePath(a));
  const learner = (req: Req, reply: FastifyReply) => guard(p, req, reply, 'apprenant');
  const tabOf = (s: string | undefined): Tab | null => (TABS as readonly string[]).includes(s ?? '') ? (s as Tab) : null;
  const view = { tabs: TAB_LABELS, tabOf: tabOfField, orgTree: orgInTreeOrder, orgDepths };

  p.app.get(BASE, async (req: Req, reply) => {
    const a = await learner(req, reply);
    if (!a) return reply;
    return p.render(reply, 'espace-accueil', { home: await learnerHome(p.store, a), base: basePath(a) });
  });

  p.app.get(`${BASE}/portfolio`, async (req: Req, reply) => {
    const a = await learner(req, reply);
    if (!a) return reply;
    return reply.redirect(`${basePath(a)}/portfolio/entreprise`, 303);
  });

  p.app.get(`${BASE}/portfolio/:tab`, async (req: Req, reply) => {
    const a = await learner(req, reply);
    if (!a) return reply;
    const tab = tabOf(req.params.tab);
    if (!tab) return notFound(reply, a);
    const page = await portfolioPage(p.store, a, tab);
    return p.render(reply, 'espace-portfolio', { ...view, page, base: basePath(a), ok: req.query.ok ?? null, refused: req.query.refus ? refusal(req.query.refus) : null });
  });

  p.app.post(`${BASE}/portfolio/:tab`, async (req: Req<Record<string, string | string[]>>, reply) => {
    const a = await learner(req, reply);
    if (!a) return reply;
    const tab = tabOf(req.params.tab);
    if (!tab || tab === 'annexes' || tab === 'commentaires') return notFound(reply, a);
    const body = req.body ?? {};
    const r = body.action === 'geocoder' ? await geocodeCompany(p.store, a, body, p.now()) : await savePortfolioTab(p.store, a, tab, body, p.now());
    const own = Object.keys(r.page.errors).some((f) => f === '' || tabOfField(f) === tab);
    // An edit button (add, move, remove) or a notice shows the page again; a clean save redirects (PRG).
    if (!own && !r.page.notice && (body.action === 'enregistrer' || body.action === undefined)) {
      return reply.redirect(`${basePath(a)}/portfolio/${tab}?ok=1`, 303);
    }
    const html = { ...view, page: r.page, base: basePath(a), ok: own ? null : '1', refused: null };
    return p.render(reply, 'espace-portfolio', html, own ? 422 : 200);
  });

  p.app.get(`${BASE}/portfolio/annexes/:annexId`, async (req: Req, reply) => {
    const a = await learner(req, reply);
    if (!a) return reply;
    const f = /^\d{1,12}$/.test(req.params.annexId ?? '') ? await annexFile(p.store, a, Number(req.params.annexId)) : null;
    if (!f) return notFound(reply, a);
    return reply
      .type(f.type)
      .header('Cache-Control', 'no-store')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Disposition', `attachment; filename="annexe"; filename*=UTF-8''${encodeURIComponent(f.name)}`)
      .send(f.bytes);
  });

  p.app.post(`${BASE}/portfolio/annexes/:annexId/supprimer`, async (req: Req, reply) => {
    const a = await learner(req, reply);
    if (!a) return reply;
    const ok = /^\d{1,12}$/.test(req.params.annexId ?? '') && (await removeAnnex(p.store, a, Number(req.params.annexId), p.now()));
    if (!ok) return notFound(reply, a);
    return reply.redirect(`${basePath(a)}/portfolio/annexes?ok=1`, 303);
  });

  // Uploads in their own plugin: only this route parses multipart bodies, with the limits applied while reading
  // (a file past 5 Mo is cut there and refused: nothing of it is stored).
  p.app.register(async (child: FastifyInstance) => {
    await child.register(multipart, {
      attachFieldsToBody: true,
      throwFileSizeLimit: false,
      limits: { fileSize: ANNEX_MAX_BYTES, files: 1, fields: 4, fieldSize: 1024, parts: 6 },
      onFile: async (part: MultipartFile & { value?: unknown }) => {
        const chunks: Buffer[] = [];
        for await (const c of part.file) chunks.push(c as Buffer);
        part.value = { name: part.filename, bytes: Buffer.concat(chunks), truncated: part.file.truncated };
      },
    });
    type Upload = { _csrf?: { value?: string } | string; annexe?: { value?: { name: string; bytes: Buffer; truncated: boolean } } };
    child.post(
      `${BASE}/portfolio/annexes`,
      {
        // The CSRF check reads a plain `_csrf` field; multipart fields arrive as parts.
        preValidation: async (req: FastifyRequest<{ Body: Upload }>) => {
          const t = req.body?._csrf;
          if (req.body && t && typeof t === 'object') (req.body as Record<string, unknown>)._csrf = t.value;
        },
      },
      async (req: FastifyRequest<{ Params: Params; Body: Upload }>, reply) => {
        const a = await guard(p, req, reply, 'apprenant');
        if (!a) return reply;
        const file = req.body?.annexe?.value;
        if (!file || !file.name) return reply.redirect(`${basePath(a)}/portfolio/annexes?refus=vide`, 303);
        const r = await addAnnex(p.store, a, file, p.now());
        if (r.added) return reply.redirect(`${basePath(a)}/portfolio/annexes?ok=1`, 303);
        const page = await portfolioPage(p.store, a, 'annexes');
        return p.render(reply, 'espace-portfolio', { ...view, page, base: basePath(a), ok: null, refused: r.reason }, 422);
      },
    );
  });

  p.app.get(`${BASE}/bilan-personnel`, async (req: Req, reply) => {
    const a = await learner(req, reply);
    if (!a) return reply;
    return p.render(reply, 'espace-bilan-personnel', { form: await bilanPersonnelForm(p.store, a), base: basePath(a), ok: req.query.ok ?? null });
  });

  p.app.post(`${BASE}/bilan-personnel`, async (req: Req<Record<string, string>>, reply) => {
    const a = await learner(req, reply);
    if (!a) return reply;
    const r = await saveBilanPersonnelForm(p.store, a, req.body ?? {}, p.now());
    if (r.saved) return reply.redirect(`${basePath(a)}/bilan-personnel?ok=1`, 303);
    return p.render(reply, 'espace-bilan-personnel', { form: r.form, base: basePath(a), ok: null }, r.form.conflict ? 409 : 422);
  });

  p.app.get(`${BASE}/evaluations`, async (req: Req, reply) => {
    const a = await learner(req, reply);
    if (!a) return reply;
    return p.render(reply, 'espace-evaluations', { e: await myEvaluations(p.store, a), base: basePath(a) });
  });
}

function refusal(code: string): string {
  return code === 'vide' ? 'Choisissez un fichier avant de cliquer sur « Envoyer ».' : "L'envoi n'a pas pu être pris en compte.";
}
