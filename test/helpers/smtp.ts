// A real SMTP server on 127.0.0.1 for the tests (the smtp-server package), and a small reader of what it received.
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  headers: Map<string, string>;
  text: string;
  html: string;
}

export interface SmtpOptions {
  /** Recipients to refuse at RCPT TO with a 550. */
  reject?: (address: string) => boolean;
  /** Stop listening right after accepting this many messages (a server that goes away mid-batch). */
  stopAfter?: number;
  /** Listen on this port (to restart a stopped server at the same address). */
  port?: number;
  /** Require AUTH with these credentials (over the plain connection: a test server only). */
  auth?: { user: string; pass: string };
}

export interface TestSmtp {
  port: number;
  url: string;
  messages: ReceivedMail[];
  /** Recipients refused so far. */
  refused: string[];
  stop(): Promise<void>;
}

export async function startSmtp(opts: SmtpOptions = {}): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const refused: string[] = [];
  let stopping: Promise<void> | undefined;
  const options: SMTPServerOptions = {
    secure: false,
    authOptional: !opts.auth,
    allowInsecureAuth: !!opts.auth,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) return cb(null, { user: auth.username });
      cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      if (opts.reject?.(address.address)) {
        refused.push(address.address);
        const err = new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`) as Error & { responseCode: number };
        err.responseCode = 550;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({
          ...parseMail(raw),
          raw,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        cb();
        if (opts.stopAfter !== undefined && messages.length >= opts.stopAfter) void stop();
      });
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  function stop(): Promise<void> {
    stopping ??= new Promise<void>((resolve) => server.close(() => resolve()));
    return stopping;
  }
  return { port, url: `smtp://127.0.0.1:${port}`, messages, refused, stop };
}

// ------------------------------------------------------------------ a minimal MIME reader

function splitHead(raw: string): { head: string; body: string } {
  const i = raw.search(/\r?\n\r?\n/);
  if (i < 0) return { head: raw, body: '' };
  const sep = /\r?\n\r?\n/.exec(raw.slice(i))![0];
  return { head: raw.slice(0, i), body: raw.slice(i + sep.length) };
}

function parseHeaders(head: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) map.set(m[1].toLowerCase(), m[2]);
  }
  return map;
}

function decodeQp(s: string): string {
  const bytes: number[] = [];
  const flat = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < flat.length; i++) {
    if (flat[i] === '=' && /^[0-9A-F]{2}$/i.test(flat.slice(i + 1, i + 3))) {
      bytes.push(parseInt(flat.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(flat[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=), adjacent ones joined. */
export function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _cs, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQp(data.replace(/_/g, ' ')),
    );
}

/** The decoded body, with line ends as LF (SMTP carries CRLF). */
function decodeBody(body: string, encoding: string | undefined): string {
  const e = (encoding ?? '').toLowerCase();
  const decoded =
    e === 'quoted-printable' ? decodeQp(body) : e === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
  return decoded.replace(/\r\n/g, '\n');
}

function parsePart(raw: string, out: { text: string; html: string }): Map<string, string> {
  const { head, body } = splitHead(raw);
  const headers = parseHeaders(head);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body.split(`--${boundary}`).slice(1);
    for (const p of parts) {
      if (p.startsWith('--')) break;
      parsePart(p.replace(/^\r?\n/, ''), out);
    }
  } else if (/^text\/html/i.test(type)) {
    out.html += decodeBody(body, headers.get('content-transfer-encoding'));
  } else if (/^text\/plain/i.test(type)) {
    out.text += decodeBody(body, headers.get('content-transfer-encoding'));
  }
  return headers;
}

export function parseMail(raw: string): Omit<ReceivedMail, 'from' | 'to' | 'raw'> {
  const out = { text: '', html: '' };
  const headers = parsePart(raw, out);
  return { headers, subject: decodeWords(headers.get('subject') ?? ''), text: out.text, html: out.html };
}

/** The token in the access link of a message's text. */
export function tokenOf(mail: { text: string }): string {
  const m = /\/acces\?jeton=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!m) throw new Error(`no access link in:\n${mail.text}`);
  return m[1];
}
