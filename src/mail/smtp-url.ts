// SMTP connection URLs (smtp://user:pass@host:587, smtps://…:465): parsing, and masking the password for display.

export interface SmtpEndpoint {
  host: string;
  port: number;
  /** Implicit TLS (smtps://); smtp:// still upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  auth?: { user: string; pass: string };
}

const SECRET_PARAMS = /^(pass|password|pwd|secret|token)$/i;

/** Parses an SMTP URL; null when it is not one. */
export function parseSmtpUrl(url: string): SmtpEndpoint | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') return null;
  if (!u.hostname) return null;
  const secure = u.protocol === 'smtps:';
  const port = u.port ? Number(u.port) : secure ? 465 : 587;
  const endpoint: SmtpEndpoint = { host: u.hostname.replace(/^\[(.*)\]$/, '$1'), port, secure };
  if (u.username) endpoint.auth = { user: decodeOrKeep(u.username), pass: decodeOrKeep(u.password) };
  return endpoint;
}

/** Percent-decoding of a user name or password; a stray "%" (a password "100%") is kept as typed. */
function decodeOrKeep(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The URL with its password (and password-like query parameters) replaced by ****, for any output. */
export function maskSmtpUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    // Not a URL: hide whatever sits between "://user:" and "@", the usual place of a password.
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1****@');
  }
  if (u.password) u.password = '****';
  for (const k of [...u.searchParams.keys()]) if (SECRET_PARAMS.test(k)) u.searchParams.set(k, '****');
  return u.toString().replace(/\/$/, '');
}

/** "smtp://host:port", for messages: where we tried to connect, without credentials. */
export function smtpServerLabel(e: SmtpEndpoint): string {
  return `${e.secure ? 'smtps' : 'smtp'}://${e.host}:${e.port}`;
}
