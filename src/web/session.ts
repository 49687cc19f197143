// Reading the session cookie and guarding the pages of one learner: a session opens its own learner and period,
// and any other id in the address answers 404.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contactOf, pageAccess, sessionAccess, type Access } from '../services/portal/tutor-portal.js';
import { SESSION_COOKIE, type Portal } from './server.js';

/** A session's home: the tutor's pages of the learner, or the learner's own space (/mon-espace/…). */
export const basePath = (a: Pick<Access, 'periodId' | 'learnerId'> & { audience?: Access['audience'] }) =>
  `${a.audience === 'apprenant' ? '/mon-espace' : ''}/periodes/${a.periodId}/apprenants/${a.learnerId}`;

/** The session id from the signed cookie, or null when absent or tampered with. */
export function sessionIdOf(req: FastifyRequest): string | null {
  const raw = req.cookies[SESSION_COOKIE];
  if (!raw) return null;
  const u = req.unsignCookie(raw);
  return u.valid ? u.value : null;
}

export type Params = { periodId: string; learnerId: string };

/** The access of the request's session for this page, or a reply already sent (expired session, 404). */
export async function guard(
  p: Portal, req: FastifyRequest<{ Params: Params }>, reply: FastifyReply, audience: Access['audience'] = 'tuteur',
): Promise<Access | null> {
  const id = sessionIdOf(req);
  const access = id ? await sessionAccess(p.store, id, p.now(), p.limits) : null;
  if (!access) {
    await p.render(reply, 'session-expiree', { audience, contact: await contactOf(p.store) }, 401);
    return null;
  }
  const page = await pageAccess(p.store, access, req.params.periodId, req.params.learnerId, audience);
  if (!page) {
    await p.page(reply, 404, 'Page introuvable', ["Cette page n'existe pas, ou elle ne fait pas partie de ce que votre lien ouvre."], access.audience, basePath(access));
    return null;
  }
  return page;
}

/**
 * Who reads a page that no route worded (404, 429, a refused form): a live session's audience and home, else the
 * learner's space by its address, else nobody known (null: the portal's neutral name).
 */
export async function readerOf(p: Portal, req: FastifyRequest): Promise<{ audience: Access['audience'] | null; base: string | null }> {
  const id = sessionIdOf(req);
  const access = id ? await sessionAccess(p.store, id, p.now(), p.limits) : null;
  if (access) return { audience: access.audience, base: basePath(access) };
  return { audience: (req.raw.url ?? '').startsWith('/mon-espace/') ? 'apprenant' : null, base: null };
}
