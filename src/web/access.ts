// /acces: GET shows what the link opens and changes nothing (mail scanners open links first); POST verifies the
// token, opens a session and redirects (303) so that the token leaves the address bar. Rate-limited per address.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contactOf, openSession, previewAccess, sessionAccess, closeSession } from '../services/portal/tutor-portal.js';
import type { VerifyResult } from '../services/access/tutors.js';
import { SESSION_COOKIE, type Portal } from './server.js';
import { basePath, sessionIdOf } from './session.js';

export function registerAccess(p: Portal): void {
  const rateLimit = { max: p.accessLimit.max, timeWindow: p.accessLimit.windowMs };

  const refusal = async (reply: FastifyReply, v: VerifyResult) =>
    p.render(reply, 'acces-refuse', {
      expired: v.status === 'expired', expiresAt: v.expiresAt ?? null,
      // Only an expired link's page, which already tells it was issued, speaks to its reader: a revoked link's page
      // stays the unknown link's, word for word.
      audience: v.status === 'expired' ? (v.audience ?? null) : null,
      contact: await contactOf(p.store),
    }, 403);

  p.app.get('/acces', { config: { rateLimit } }, async (req: FastifyRequest<{ Querystring: { jeton?: string } }>, reply) => {
    const token = String(req.query.jeton ?? '');
    const v = await previewAccess(p.store, token, p.now());
    if (!v.valid) return refusal(reply, v);
    return p.render(reply, 'acces', { token, v, audience: v.audience ?? null });
  });

  p.app.post('/acces', { config: { rateLimit } }, async (req: FastifyRequest<{ Body: { jeton?: string } }>, reply) => {
    const token = String(req.body?.jeton ?? '');
    const r = await openSession(p.store, token, p.now());
    if (!r.opened) return refusal(reply, r.verify);
    reply.setCookie(SESSION_COOKIE, r.sessionId, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: req.protocol === 'https',
      signed: true,
    });
    return reply.redirect('/', 303);
  });

  p.app.get('/', async (req, reply) => {
    const id = sessionIdOf(req);
    const access = id ? await sessionAccess(p.store, id, p.now(), p.limits) : null;
    if (access) return reply.redirect(basePath(access), 303);
    return p.page(reply, 200, 'Portail PFMP', [
      "Ce portail s'ouvre avec le lien personnel reçu par courriel de l'établissement. Ouvrez ce lien pour continuer.",
    ]);
  });

  p.app.post('/deconnexion', async (req, reply) => {
    const id = sessionIdOf(req);
    const access = id ? await sessionAccess(p.store, id, p.now(), p.limits) : null;
    if (access) await closeSession(p.store, access, p.now());
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return p.page(reply, 200, 'Vous êtes déconnecté(e)', ['Pour revenir, rouvrez le lien reçu par courriel.'], access?.audience);
  });
}
