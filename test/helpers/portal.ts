// Starting `cpro serve` on a test store as a user would (a child process on a free port), reading its address
// from stdout and keeping its stderr (the request log) for assertions.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT } from './cli.js';
import { storeTarget } from './engine.js';
import { parseMail, tokenOf } from './smtp.js';

export interface RunningPortal {
  url: string;
  log: () => string;
  stop: () => Promise<number | null>;
  child: ChildProcess;
}

export function startPortal(db: string, args: string[] = [], env: Record<string, string> = {}): Promise<RunningPortal> {
  const child = spawn(process.execPath, [BIN, '--db', storeTarget(db), 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', CPRO_DB: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cpro serve did not start:\n${out}\n${err}`)), 20_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /(http:\/\/[\d.:]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          log: () => err,
          child,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done(child.exitCode);
              child.once('exit', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`cpro serve exited (${code}):\n${out}\n${err}`)));
  });
}

/** The access link of a learner's tutor, read out of the outbox's .eml as the tutor would. */
export function linkFromOutbox(outbox: string, learner: string): { link: string; token: string } {
  const file = readdirSync(outbox).find((f) => f.includes(learner));
  if (!file) throw new Error(`no message for ${learner} in ${outbox}`);
  const mail = parseMail(readFileSync(join(outbox, file), 'utf8'));
  const token = tokenOf(mail);
  const link = /(https?:\/\/\S+\/acces\?jeton=[A-Za-z0-9_-]+)/.exec(mail.text)![1];
  return { link, token };
}

/** A minimal cookie jar over fetch, for the HTTP-level tests. */
export class Client {
  private cookies = new Map<string, string>();
  constructor(readonly base: string) {}
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(this.base + path, { ...init, headers, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }
  get = (path: string) => this.request(path);
  post(path: string, form: Record<string, string>): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }
  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
  /** GET a page and read its CSRF token. */
  async csrf(path: string): Promise<{ res: Response; html: string; csrf: string }> {
    const res = await this.get(path);
    const html = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    return { res, html, csrf: m ? m[1] : '' };
  }
  /** Opens a session the way the « Continuer » button does; returns the home path. */
  async enter(token: string): Promise<string> {
    const { csrf } = await this.csrf(`/acces?jeton=${token}`);
    const r = await this.post('/acces', { _csrf: csrf, jeton: token });
    if (r.status !== 303) throw new Error(`POST /acces answered ${r.status}`);
    const home = await this.get('/');
    return home.headers.get('location')!;
  }
}

import { cpro } from './cli.js';
import { NOW, PERIOD, periodWithTutors, setTutor, TUTORS } from './tutors-fixture.js';

/** Markup that must show as text and run nothing. */
export const HOSTILE_COMPANY = 'Usinage <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

/**
 * The tutors' store of tutors-fixture.ts, ACCARDO's company named with markup, links written to `dir/outbox`:
 * ACCARDO's and BERNARD's issued now, CHEVALIER's issued on 1 March 2025 (expired since 28 August 2025).
 */
export async function portalStore(dir: string): Promise<{ db: string; outbox: string }> {
  const db = await periodWithTutors(dir);
  await setTutor(db, 'ACCARDO', { ...TUTORS.ACCARDO, company: HOSTILE_COMPANY });
  const outbox = join(dir, 'outbox');
  const env = { CPRO_MAIL_FROM: 'pfmp@lycee.example.fr', CPRO_PORTAL_URL: 'http://127.0.0.1', CPRO_OUTBOX: outbox };
  const old = cpro(['--db', db, 'tutors', 'invite', '--period', PERIOD, '--learner', 'CHEVALIER Inès'], { env: { ...env, CPRO_NOW: NOW } });
  if (old.code !== 0) throw new Error(old.stderr);
  for (const learner of ['ACCARDO Aline', 'BERNARD Hugo']) {
    const r = cpro(['--db', db, 'tutors', 'invite', '--period', PERIOD, '--learner', learner], { env });
    if (r.code !== 0) throw new Error(r.stderr);
  }
  return { db, outbox };
}

/** ACCARDO's portfolio from fixtures/portfolios, imported into the portal store (her INE is unknown there). */
export function importPortfolio(dir: string, db: string): void {
  const yaml = readFileSync(join(ROOT, 'fixtures', 'portfolios', 'accardo-aline.yaml'), 'utf8').replace(/^ {2}ine: .*\n/m, '');
  const file = join(dir, 'accardo-aline.yaml');
  writeFileSync(file, yaml);
  const r = cpro(['--db', db, 'portfolio', 'import', file, '--period', PERIOD]);
  if (r.code !== 0) throw new Error(r.stderr);
}
