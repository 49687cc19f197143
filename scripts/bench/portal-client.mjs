// What the portal benchmarks share: a server process started on a free port, and a visitor who opens a link
// (GET /acces for the CSRF cookie and token, POST /acces, the session cookie) as a browser would.
import { spawn } from 'node:child_process';
import { ROOT } from './util.mjs';

/** Starts `node <args>` (cpro serve, or a bare server) and resolves with the address it prints. */
export function startServer(args, env = {}) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(http:\/\/[\d.:]+)/.exec(out);
      if (m) resolve({ url: m[1], child });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

export const stop = (child) => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', done), child.kill('SIGTERM'))));

/** Opens the link of `token`: the session's home path, its cookies, and the helpers to keep them and read a CSRF token. */
export async function enter(url, token) {
  const jar = new Map();
  const keep = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrfOf = (html) => /name="_csrf" value="([^"]+)"/.exec(html)[1];
  let res = await fetch(`${url}/acces?jeton=${token}`);
  keep(res);
  const csrf = csrfOf(await res.text());
  res = await fetch(`${url}/acces`, {
    method: 'POST', redirect: 'manual', headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, jeton: token }),
  });
  keep(res);
  res = await fetch(`${url}/`, { redirect: 'manual', headers: { cookie: cookie() } });
  return { base: res.headers.get('location'), cookie, keep, csrfOf };
}
