// Mail transports: a real SMTP server, or an outbox folder of .eml files when none is configured.
// nodemailer is imported on first use only, so that commands that send nothing start fast.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import { UserError } from '../domain/errors.js';
import type { Delivery } from '../domain/tutor-state.js';
import { parseSmtpUrl, smtpServerLabel, type SmtpEndpoint } from './smtp-url.js';

export interface OutgoingMessage {
  from: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** Outbox only: the file name to use, without extension. */
  fileStem: string;
}

/** Either the server accepted the message, or it refused this one message (the batch can go on). */
export type SendResult = { ok: true; messageId: string | null; file?: string } | { ok: false; reason: string };

/** The server cannot be used at all (unreachable, authentication refused…): the batch must stop. */
export class MailServerError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'MailServerError';
  }
}

export interface MailTransport {
  readonly delivery: Delivery;
  /** Where messages go, for the user: "smtp://host:587" or the outbox folder. */
  readonly destination: string;
  /** Checks that messages can be sent at all; throws MailServerError otherwise. */
  check(): Promise<void>;
  send(m: OutgoingMessage): Promise<SendResult>;
  close(): void;
}

/** Seconds we wait for a server before calling it unreachable (nodemailer's default is two minutes). */
const CONNECTION_TIMEOUT_MS = 15_000;
const SOCKET_TIMEOUT_MS = 60_000;

async function nodemailer() {
  return (await import('nodemailer')).default;
}

type SmtpError = Error & { code?: string; command?: string; response?: string; responseCode?: number; errno?: string };

export class SmtpTransport implements MailTransport {
  readonly delivery = 'smtp' as const;
  readonly destination: string;
  private transporter?: Transporter;
  private readonly endpoint: SmtpEndpoint;

  constructor(url: string) {
    const endpoint = parseSmtpUrl(url);
    if (!endpoint) throw new UserError('adresse du serveur SMTP invalide (attendu smtp://utilisateur:motdepasse@serveur:587 ou smtps://…:465)');
    this.endpoint = endpoint;
    this.destination = smtpServerLabel(endpoint);
  }

  private async open(): Promise<Transporter> {
    if (!this.transporter) {
      const nm = await nodemailer();
      // One connection per message: a server that goes away mid-batch fails the next message cleanly.
      this.transporter = nm.createTransport({
        host: this.endpoint.host,
        port: this.endpoint.port,
        secure: this.endpoint.secure,
        auth: this.endpoint.auth,
        connectionTimeout: CONNECTION_TIMEOUT_MS,
        greetingTimeout: CONNECTION_TIMEOUT_MS,
        socketTimeout: SOCKET_TIMEOUT_MS,
      });
    }
    return this.transporter;
  }

  async check(): Promise<void> {
    const t = await this.open();
    try {
      await t.verify();
    } catch (e) {
      throw this.fatal(e as SmtpError);
    }
  }

  async send(m: OutgoingMessage): Promise<SendResult> {
    const t = await this.open();
    try {
      const info = await t.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html });
      const rejected = (info.rejected ?? []).length > 0;
      if (rejected) return { ok: false, reason: refusal(info.rejectedErrors?.[0] as SmtpError | undefined) };
      return { ok: true, messageId: info.messageId ?? null };
    } catch (e) {
      const err = e as SmtpError;
      // A refusal of this recipient or this message: record it and go on with the others.
      if ((err.code === 'EENVELOPE' && err.command !== 'MAIL FROM') || err.code === 'EMESSAGE') {
        return { ok: false, reason: refusal(err) };
      }
      throw this.fatal(err);
    }
  }

  close(): void {
    this.transporter?.close();
  }

  private fatal(e: SmtpError): MailServerError {
    const where = this.destination;
    const cause = [e.errno, e.code, e.message].join(' ');
    const unreachable = (what: string) => new MailServerError(`serveur d'envoi injoignable : ${what}`);
    const refused = (what: string) => new MailServerError(`envoi impossible : ${what}`);
    if (/ECONNREFUSED/.test(cause)) return unreachable(`connexion refusée par ${where}`);
    if (e.code === 'EDNS' || /ENOTFOUND|EAI_AGAIN/.test(cause)) return unreachable(`serveur « ${this.endpoint.host} » introuvable`);
    if (e.code === 'ETIMEDOUT' || /ETIMEDOUT/.test(cause)) return unreachable(`pas de réponse de ${where} (délai dépassé)`);
    if (/ECONNRESET|EPIPE|closed/i.test(cause)) return unreachable(`connexion interrompue par ${where}`);
    if (e.code === 'EAUTH') {
      return refused(`authentification refusée par ${where} (vérifiez l'utilisateur et le mot de passe de mail.smtpUrl, et smtps:// si le serveur l'exige)`);
    }
    if (e.code === 'ETLS') return refused(`échec de la connexion chiffrée (TLS) avec ${where}`);
    if (e.code === 'EENVELOPE' && e.command === 'MAIL FROM') {
      return refused(`adresse d'expéditeur refusée par ${where} (${e.response ?? e.message}) ; vérifiez mail.from`);
    }
    return refused(`${where} : ${e.message}`);
  }
}

function refusal(e: SmtpError | undefined): string {
  const response = e?.response?.trim();
  if (e?.code === 'EMESSAGE') return `message refusé par le serveur${response ? ` (${response})` : ''}`;
  return `adresse refusée par le serveur${response ? ` (${response})` : ''}`;
}

/** Writes each message as an .eml file (readable by any mail client) instead of sending it. */
export class OutboxTransport implements MailTransport {
  readonly delivery = 'outbox' as const;
  private transporter?: Transporter;

  constructor(readonly destination: string) {}

  async check(): Promise<void> {
    try {
      mkdirSync(this.destination, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw new MailServerError(`impossible de créer la boîte d'envoi « ${this.destination} » : ${(e as Error).message}`);
    }
  }

  async send(m: OutgoingMessage): Promise<SendResult> {
    const nm = await nodemailer();
    this.transporter ??= nm.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
    const info = await this.transporter.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html });
    const file = this.write(m.fileStem, info.message as Buffer);
    return { ok: true, messageId: info.messageId ?? null, file };
  }

  /** A new file each time (never overwrites an earlier invitation); owner-only, since it holds a live link. */
  private write(stem: string, data: Buffer): string {
    for (let n = 1; ; n++) {
      const file = join(this.destination, `${stem}${n > 1 ? `-${n}` : ''}.eml`);
      try {
        writeFileSync(file, data, { flag: 'wx', mode: 0o600 });
        return file;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new MailServerError(`impossible d'écrire « ${file} » : ${(e as Error).message}`);
        }
      }
    }
  }

  close(): void {
    this.transporter?.close();
  }
}
