// `cpro serve`: the tutors' portal over the store named by --db, until SIGINT/SIGTERM. Wiring only.
import type { Command } from 'commander';
import { act } from '../context.js';
import { UsageError } from '../../domain/errors.js';

const int = (name: string, min: number, max: number) => (raw: string) => {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
    throw new UsageError(`${name} : « ${raw} » n'est pas un nombre entier de ${min} à ${max}`);
  }
  return Number(raw);
};

export function registerServe(program: Command): void {
  program
    .command('serve')
    .option('--port <port>', 'port TCP (0 : un port libre, affiché au démarrage)', int('--port', 0, 65535), 8080)
    .option('--host <adresse>', "adresse d'écoute (127.0.0.1 : cette machine seulement, derrière un proxy)", '127.0.0.1')
    .option('--trust-proxy', "fait confiance aux en-têtes X-Forwarded-For et X-Forwarded-Proto du proxy inverse (adresse du client, https)")
    .option('--session-idle <minutes>', "une session inutilisée pendant cette durée se ferme", int('--session-idle', 1, 10080), 120)
    .option('--session-max <heures>', 'une session se ferme au plus tard après cette durée', int('--session-max', 1, 720), 12)
    .option('--access-limit <n>', "ouvertures de lien (/acces) permises par adresse de client et par 10 minutes, au-delà : 429", int('--access-limit', 1, 1_000_000), 60)
    .addHelpText(
      'after',
      `
Le portail PFMP, pour les tuteurs et les apprenants : chaque tuteur y entre par le lien personnel reçu
par courriel (cpro tutors invite), consulte la fiche de liaison, remplit le bilan des attitudes et le bilan
entreprise, renseigne l'attestation de stage et la télécharge, lit et commente le portfolio. Chaque apprenant y
entre aussi, par son propre lien (cpro learners invite), et remplit son portfolio, ses annexes et son bilan
personnel (/mon-espace/…). Le magasin reste utilisable par les autres commandes pendant ce temps.
Le magasin est celui de --db (ou de la variable CPRO_DB) : un fichier SQLite, ou une base PostgreSQL partagée
(--db postgres://utilisateur@hôte:5432/base, mot de passe dans la variable PGPASSWORD) sur laquelle les
enseignants travaillent avec cpro pendant que le portail tourne.
Une ligne par requête sur la sortie d'erreur (méthode, chemin, statut, durée), jamais un jeton.
Ctrl+C (ou SIGTERM) arrête le serveur après les requêtes en cours.

Déploiement réel : laissez le portail écouter sur 127.0.0.1, derrière un proxy inverse en TLS (nginx, Caddy)
qui transmet X-Forwarded-For et X-Forwarded-Proto, lancez-le avec --trust-proxy, et réglez l'adresse publique
des liens : cpro config set mail.portalUrl https://pfmp.lycee.example.fr
Plusieurs processus derrière le même proxy : donnez-leur le même secret de cookies (variable CPRO_PORTAL_SECRET).

Exemples :
  $ cpro serve
  $ cpro --db /srv/cpro/lycee.db serve --port 8080 --trust-proxy
  $ cpro --db postgres://cpro@db.lycee.example.fr:5432/cpro serve --trust-proxy
  $ cpro serve --port 0 --json`,
    )
    .action(act(async (ctx, opts: { port: number; host: string; trustProxy?: boolean; sessionIdle: number; sessionMax: number; accessLimit: number }) => {
      const { buildPortal } = await import('../../web/server.js');
      const store = await ctx.store();
      const app = await buildPortal({
        store,
        log: (line) => ctx.io.stderr.write(line + '\n'),
        trustProxy: !!opts.trustProxy,
        sessionLimits: { idleMinutes: opts.sessionIdle, maxHours: opts.sessionMax },
        accessLimit: { max: opts.accessLimit, windowMs: 10 * 60_000 },
      });
      const url = await app.listen({ port: opts.port, host: opts.host });
      ctx.io.result({ url }, (x) => `Portail PFMP (tuteurs et apprenants) : ${x.url} (Ctrl+C pour arrêter)`);
      await new Promise<void>((resolve, reject) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          if (!ctx.io.json && !ctx.io.quiet) ctx.io.stderr.write('Arrêt du portail : fin des requêtes en cours…\n');
          // The store is closed (its PostgreSQL connections ended) once the last request has been answered.
          app.close().then(() => ctx.close()).then(resolve, reject);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    }));
}
