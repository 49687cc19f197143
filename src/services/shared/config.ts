// Settings of the store (`cpro config …`): the known keys, their validation, masking of secrets, and the
// effective mail settings (environment first, then the store, then defaults).
import { resolve } from 'node:path';
import { UsageError, UserError } from '../../domain/errors.js';
import { cleanText } from '../../domain/text.js';
import { FIELD_LIMITS, textProblem } from '../../domain/limits.js';
import { isValidEmail, normalisePhone } from '../../domain/validation.js';
import { portalUrlWarning } from '../../domain/portal.js';
import { maskSmtpUrl, parseSmtpUrl } from '../../mail/smtp-url.js';
import type { Store } from '../../store/store.js';
import { readScalesFile } from '../attendance/scales.js';

export interface ConfigKeySpec {
  key: string;
  description: string;
  /** Environment variable that overrides the stored value. */
  env?: string;
  /** Holds a password: never printed back in clear. */
  secret?: boolean;
  /** Returns the value to store, or throws a UserError saying why it is refused. */
  normalise(value: string): string;
}

const text = (label: string) => (v: string) => {
  const s = cleanText(v);
  if (!s) throw new UserError(`${label} : valeur vide (pour l'effacer : cpro config unset)`);
  return s;
};

const phone = (label: string) => (v: string) => {
  const p = normalisePhone(v);
  if (!p) throw new UserError(`${label} invalide « ${v.trim()} » : 10 chiffres commençant par 0 (ex. 02 32 12 34 56) ou +33…`);
  return p;
};

export const DEFAULT_PORTAL_URL = 'http://localhost:8080';
export const DEFAULT_OUTBOX = 'outbox';
export const DEFAULT_FROM = 'cprosync <cprosync@localhost>';

export const CONFIG_KEYS: ConfigKeySpec[] = [
  {
    key: 'mail.smtpUrl',
    description: "serveur d'envoi des courriels (smtp://utilisateur:motdepasse@serveur:587 ou smtps://…:465)",
    env: 'CPRO_SMTP_URL',
    secret: true,
    normalise: (v) => {
      const s = v.trim();
      if (!parseSmtpUrl(s)) {
        throw new UserError(
          `adresse de serveur SMTP invalide « ${maskSmtpUrl(s)} » : attendu smtp://utilisateur:motdepasse@serveur:587 ` +
            'ou smtps://utilisateur:motdepasse@serveur:465 (caractères spéciaux du mot de passe encodés, @ → %40)',
        );
      }
      return s;
    },
  },
  {
    key: 'mail.from',
    description: 'expéditeur des courriels, « Nom <adresse> » ou « adresse »',
    env: 'CPRO_MAIL_FROM',
    normalise: (v) => {
      const s = cleanText(v);
      if (!isValidEmail(senderAddress(s))) {
        throw new UserError(`expéditeur invalide « ${s} » : attendu « Nom <adresse@domaine.fr> » ou « adresse@domaine.fr »`);
      }
      return s;
    },
  },
  {
    key: 'mail.portalUrl',
    description: `adresse du portail web des tuteurs, début des liens d'accès (par défaut ${DEFAULT_PORTAL_URL})`,
    env: 'CPRO_PORTAL_URL',
    normalise: (v) => {
      const s = v.trim().replace(/\/+$/, '');
      let ok = false;
      try {
        const u = new URL(s);
        ok = (u.protocol === 'https:' || u.protocol === 'http:') && !!u.hostname && !u.search && !u.hash;
      } catch {
        /* refused below */
      }
      if (!ok) throw new UserError(`adresse de portail invalide « ${s} » : attendu https://serveur[/chemin], sans « ? » ni « # »`);
      return s;
    },
  },
  {
    key: 'portal.geocoder',
    description:
      "service d'adresses au format de la Base Adresse Nationale (https://api-adresse.data.gouv.fr), pour situer l'entreprise depuis son adresse dans le portail",
    env: 'CPRO_GEOCODER',
    normalise: (v) => {
      const s = v.trim().replace(/\/+$/, '');
      let ok = false;
      try {
        const u = new URL(s);
        ok = (u.protocol === 'https:' || u.protocol === 'http:') && !!u.hostname && !u.search && !u.hash;
      } catch {
        /* refused below */
      }
      if (!ok) throw new UserError(`adresse de service invalide « ${s} » : attendu https://serveur[/chemin], par exemple https://api-adresse.data.gouv.fr`);
      return s;
    },
  },
  { key: 'etablissement.nom', description: "nom de l'établissement (documents, courriels)", normalise: text("nom de l'établissement") },
  { key: 'etablissement.adresse', description: "adresse postale de l'établissement", normalise: text("adresse de l'établissement") },
  {
    key: 'etablissement.uai',
    description: "code UAI (ex-RNE) de l'établissement : 7 chiffres et une lettre",
    normalise: (v) => {
      const s = v.replace(/\s+/g, '').toUpperCase();
      if (!/^\d{7}[A-Z]$/.test(s)) throw new UserError(`code UAI invalide « ${v.trim()} » : attendu 7 chiffres et une lettre, par exemple 0750001A`);
      return s;
    },
  },
  { key: 'etablissement.chef', description: "chef d'établissement (nom et qualité, pour les signatures)", normalise: text("chef d'établissement") },
  {
    key: 'etablissement.telephone',
    description: "téléphone de l'établissement (documents, courriels)",
    normalise: phone("téléphone de l'établissement"),
  },
  {
    key: 'enseignant.nom',
    description: "nom de l'enseignant référent (documents, courriels, commentaires de portfolio)",
    normalise: text("nom de l'enseignant"),
  },
  {
    key: 'enseignant.courriel',
    description: "courriel de l'enseignant référent, pour que le tuteur puisse le joindre (documents, courriels)",
    normalise: (v) => {
      const s = v.trim().toLowerCase();
      if (!isValidEmail(s)) throw new UserError(`courriel de l'enseignant invalide « ${v.trim()} » (ex. prenom.nom@ac-normandie.fr)`);
      return s;
    },
  },
  {
    key: 'enseignant.telephone',
    description: "téléphone de l'enseignant référent (documents, courriels)",
    normalise: phone("téléphone de l'enseignant"),
  },
  {
    key: 'baremes.fichier',
    description: "fichier JSON des barèmes de l'allocation PFMP et de la gratification, s'ils changent (modèle : templates/baremes/pfmp.json)",
    normalise: (v) => {
      const path = resolve(v.trim());
      readScalesFile(path);
      return path;
    },
  },
];

const SPECS = new Map(CONFIG_KEYS.map((k) => [k.key.toLowerCase(), k]));

/** The spec of a key typed by the user (case ignored); an unknown key is a usage error listing the known ones. */
export function configKey(key: string): ConfigKeySpec {
  const spec = SPECS.get(key.trim().toLowerCase());
  if (!spec) {
    throw new UsageError(`clé de configuration inconnue « ${key} ». Clés possibles : ${CONFIG_KEYS.map((k) => k.key).join(', ')}`);
  }
  return spec;
}

/** The address part of "Nom <adresse>" or the whole string. */
export function senderAddress(from: string): string {
  const m = /<([^<>]+)>\s*$/.exec(from);
  return (m ? m[1] : from).trim();
}

/** A value as it may be shown: secrets masked. */
export function displayValue(key: string, value: string): string {
  return SPECS.get(key.toLowerCase())?.secret ? maskSmtpUrl(value) : value;
}

export type ConfigSource = 'environnement' | 'magasin' | 'défaut' | 'non défini';

export interface ConfigEntry {
  key: string;
  /** Effective value, secrets masked; null when unset. */
  value: string | null;
  source: ConfigSource;
  /** The environment variable that overrides the stored value, when it is set. */
  env?: string;
  description: string;
}

function defaultOf(key: string): string | null {
  if (key === 'mail.portalUrl') return DEFAULT_PORTAL_URL;
  return null;
}

async function entry(store: Store, spec: ConfigKeySpec, env: NodeJS.ProcessEnv): Promise<ConfigEntry> {
  const fromEnv = spec.env ? env[spec.env] : undefined;
  const stored = await store.config.get(spec.key);
  const def = defaultOf(spec.key);
  const [raw, source]: [string | null, ConfigSource] =
    fromEnv ? [fromEnv, 'environnement'] : stored !== undefined ? [stored, 'magasin'] : def ? [def, 'défaut'] : [null, 'non défini'];
  return {
    key: spec.key,
    value: raw === null ? null : displayValue(spec.key, raw),
    source,
    ...(fromEnv ? { env: spec.env } : {}),
    description: spec.description,
  };
}

/** Stores a value; `overriddenBy` names the environment variable that currently takes precedence over it. */
export async function setConfig(
  store: Store, key: string, value: string, env: NodeJS.ProcessEnv,
): Promise<{ key: string; value: string; overriddenBy?: string }> {
  const spec = configKey(key);
  const bad = textProblem(value, FIELD_LIMITS.other);
  if (bad) throw new UserError(`${spec.key} : ${bad}`);
  const stored = spec.normalise(value);
  await store.config.set(spec.key, stored);
  const overridden = spec.env && env[spec.env]?.trim() ? { overriddenBy: spec.env } : {};
  return { key: spec.key, value: displayValue(spec.key, stored), ...overridden };
}

export async function getConfig(store: Store, key: string, env: NodeJS.ProcessEnv): Promise<ConfigEntry> {
  return entry(store, configKey(key), env);
}

export async function unsetConfig(store: Store, key: string): Promise<{ key: string; removed: boolean }> {
  const spec = configKey(key);
  const removed = (await store.config.get(spec.key)) !== undefined;
  await store.config.unset(spec.key);
  return { key: spec.key, removed };
}

export async function listConfig(store: Store, env: NodeJS.ProcessEnv): Promise<ConfigEntry[]> {
  const out: ConfigEntry[] = [];
  for (const spec of CONFIG_KEYS) out.push(await entry(store, spec, env));
  return out;
}

/** How invitations are sent, as configured. */
export interface MailSettings {
  /** null: no SMTP server, messages go to the outbox folder. */
  smtpUrl: string | null;
  from: string;
  portalUrl: string;
  portalUrlIsDefault: boolean;
  outboxDir: string;
  school: string | null;
  schoolPhone: string | null;
  teacher: { name: string | null; email: string | null; phone: string | null };
}

const LOCAL_HOSTS = /^(localhost|127(\.\d+){3}|\[?::1\]?|0\.0\.0\.0)$|\.local(host)?$/i;

/**
 * Why a message would look like phishing to its reader (a tutor, or a learner): a sender or links on `localhost`
 * (the defaults). Each warning says what to configure.
 */
export function mailWarnings(s: MailSettings, reader = 'un tuteur', sending = false): string[] {
  const out: string[] = [];
  let host = '';
  try {
    host = new URL(s.portalUrl).hostname;
  } catch {
    /* checked when set */
  }
  if (LOCAL_HOSTS.test(host)) {
    out.push(
      `les liens d'accès pointent vers ${s.portalUrl} : ${reader} ne peut pas l'ouvrir et prendrait le message pour un ` +
        'hameçonnage ; indiquez l\'adresse publique du portail : cpro config set mail.portalUrl https://…',
    );
  }
  const domain = senderAddress(s.from).split('@')[1] ?? '';
  if (LOCAL_HOSTS.test(domain)) {
    out.push(
      `l'expéditeur est « ${s.from} » : ${reader} prendrait le message pour un hameçonnage ; ` +
        'indiquez l\'adresse de l\'établissement : cpro config set mail.from "Nom <adresse@ac-….fr>"',
    );
  }
  // Really sending (SMTP, not a dry run) to a portal address someone set: plain http is said too.
  if (sending && !s.portalUrlIsDefault && !LOCAL_HOSTS.test(host)) {
    const http = portalUrlWarning(s.portalUrl);
    if (http) out.push(http);
  }
  return out;
}

/** Environment first (CPRO_SMTP_URL, CPRO_MAIL_FROM, CPRO_PORTAL_URL, CPRO_OUTBOX), then the store, then defaults. */
export async function mailSettings(store: Store, env: NodeJS.ProcessEnv, cwd = process.cwd()): Promise<MailSettings> {
  const pick = async (key: string): Promise<string | null> => {
    const spec = configKey(key);
    const fromEnv = spec.env ? env[spec.env]?.trim() : undefined;
    if (fromEnv) return spec.normalise(fromEnv);
    return (await store.config.get(spec.key)) ?? null;
  };
  const smtpUrl = await pick('mail.smtpUrl');
  const from = await pick('mail.from');
  if (smtpUrl && !from) {
    throw new UserError(
      "aucun expéditeur configuré pour l'envoi : cpro config set mail.from \"Nom <adresse@domaine.fr>\" (ou CPRO_MAIL_FROM)",
    );
  }
  const portal = await pick('mail.portalUrl');
  return {
    smtpUrl,
    from: from ?? DEFAULT_FROM,
    portalUrl: portal ?? DEFAULT_PORTAL_URL,
    portalUrlIsDefault: portal === null,
    outboxDir: resolve(cwd, env.CPRO_OUTBOX?.trim() || DEFAULT_OUTBOX),
    school: (await store.config.get('etablissement.nom')) ?? null,
    schoolPhone: (await store.config.get('etablissement.telephone')) ?? null,
    teacher: {
      name: (await store.config.get('enseignant.nom')) ?? null,
      email: (await store.config.get('enseignant.courriel')) ?? null,
      phone: (await store.config.get('enseignant.telephone')) ?? null,
    },
  };
}
