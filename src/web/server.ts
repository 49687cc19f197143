// The tutors' portal: builds the Fastify app over a store (plugins for forms, signed cookies, CSRF, security
// headers and rate limiting; eta views escaped by default; French error pages; one log line per request).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { Eta } from 'eta';
import { TEMPLATES_DIR } from '../paths.js';
import { UserError } from '../domain/errors.js';
import { DEFAULT_SESSION_LIMITS, type SessionLimits } from '../domain/portal.js';
import type { Store } from '../store/store.js';
import { contactOf, purgeSessions, type Access } from '../services/portal/tutor-portal.js';
import { registerAccess } from './access.js';
import { registerLearnerWork, registerTutorPages } from './tutor.js';
import { registerLearnerSpace } from './learner.js';
import { viewHelpers } from './view-helpers.js';
import { readerOf } from './session.js';

type Audience = Access['audience'];

export interface PortalOptions {
  store: Store;
  /** Take X-Forwarded-For/-Proto from a reverse proxy (client address, https). */
  trustProxy?: boolean;
  sessionLimits?: SessionLimits;
  /** Token attempts per client address and window before 429. */
  accessLimit?: { max: number; windowMs: number };
  /** Secret signing the cookies; random per process when not given (CPRO_PORTAL_SECRET shares it between processes). */
  secret?: string;
  /** Where the one line per request goes (the CLI gives its stderr): method, path, status, milliseconds; never a query or a body. */
  log: (line: string) => void;
  now?: () => Date;
}

export interface Portal {
  app: FastifyInstance;
  render: (reply: FastifyReply, view: string, data: Record<string, unknown>, status?: number) => FastifyReply;
  /** A message page, worded for its reader when known (the route's, the link's or the session's audience). */
  /** `base`: the reader's home, when a session is open (the page then links back to it and offers to sign out). */
  page: (reply: FastifyReply, status: number, title: string, paragraphs: string[], audience?: Audience | null, base?: string | null) => Promise<FastifyReply>;
  store: Store;
  now: () => Date;
  limits: SessionLimits;
  accessLimit: { max: number; windowMs: number };
}

export const SESSION_COOKIE = 'cpro_session';

export async function buildPortal(o: PortalOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, trustProxy: !!o.trustProxy, bodyLimit: 256 * 1024 });
  const log = o.log;
  const eta = new Eta({ views: join(TEMPLATES_DIR, 'web'), autoEscape: true, cache: true, autoTrim: false });
  const css = readFileSync(join(TEMPLATES_DIR, 'web', 'portail.css'));
  const js = readFileSync(join(TEMPLATES_DIR, 'web', 'portail.js'));

  await app.register(formbody);
  await app.register(cookie, { secret: o.secret ?? process.env.CPRO_PORTAL_SECRET ?? randomBytes(32).toString('hex') });
  await app.register(csrf, {
    cookieKey: 'cpro_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: 'auto' },
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, { global: false });

  app.addHook('onResponse', async (req, reply) => {
    const path = (req.raw.url ?? '').split('?')[0];
    log(`${req.method} ${path} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)} ms`);
  });
  // Every form carries the CSRF token; a POST without the right one is refused (403) before any route runs.
  app.addHook('preHandler', (req, reply, done) => {
    if (req.method === 'POST') return app.csrfProtection(req, reply, done);
    done();
  });

  const store = o.store;
  const now = o.now ?? (() => new Date());
  const limits = o.sessionLimits ?? DEFAULT_SESSION_LIMITS;
  // Sessions that can no longer be alive are forgotten at start-up.
  await purgeSessions(store, now(), limits);
  const render: Portal['render'] = (reply, view, data, status = 200) => {
    const csrfToken = reply.generateCsrf();
    const html = eta.render(view, { ...data, csrfToken, h: viewHelpers });
    return reply.code(status).type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(html);
  };
  const page: Portal['page'] = async (reply, status, title, paragraphs, audience = null, base = null) =>
    render(reply, 'message', { title, paragraphs, audience, base, contact: await contactOf(store) }, status);

  const portal: Portal = {
    app,
    render,
    page,
    store,
    now,
    limits,
    accessLimit: o.accessLimit ?? { max: 60, windowMs: 10 * 60_000 },
  };

  app.get('/static/portail.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'max-age=3600').send(css));
  app.get('/static/portail.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'max-age=3600').send(js));
  registerAccess(portal);
  registerTutorPages(portal);
  registerLearnerWork(portal);
  registerLearnerSpace(portal);

  app.setNotFoundHandler(async (req, reply) => {
    const r = await readerOf(portal, req);
    return page(reply, 404, 'Page introuvable', ["Cette page n'existe pas, ou elle ne fait pas partie de ce que votre lien ouvre."], r.audience, r.base);
  });
  app.setErrorHandler(async (err: Error & { statusCode?: number; code?: string }, req: FastifyRequest, reply) => {
    const status = err.statusCode ?? 500;
    const who = (await readerOf(portal, req).catch(() => null))?.audience ?? null;
    if (status === 429) {
      return page(reply, 429, 'Trop de tentatives', [
        "Trop de liens ont été essayés depuis cette adresse. Attendez quelques minutes, puis rouvrez le lien reçu par courriel.",
      ], who);
    }
    if (status === 403) {
      return page(reply, 403, 'Formulaire expiré', [
        "Ce formulaire n'a pas pu être vérifié (il a peut-être été ouvert il y a longtemps, ou dans un autre onglet). " +
          'Revenez en arrière, rechargez la page et recommencez : vos réponses saisies dans ce navigateur sont conservées.',
      ], who);
    }
    if (err instanceof UserError) return page(reply, 422, 'Action impossible', [err.message], who);
    if (status >= 400 && status < 500) return page(reply, status, 'Requête invalide', ["La demande n'a pas pu être comprise."], who);
    log(`erreur interne sur ${req.method} ${(req.raw.url ?? '').split('?')[0]} : ${err.message}`);
    if (process.env.CPRO_DEBUG) log(String(err.stack));
    return page(reply, 500, 'Erreur interne', ["Une erreur s'est produite. Réessayez dans un instant ; si elle persiste, prévenez l'établissement."], who);
  });
  return app;
}
