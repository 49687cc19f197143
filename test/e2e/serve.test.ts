// `cpro serve` as a command: French help explaining a real deployment, usage errors, the address printed.
import { describe, expect, it } from 'vitest';
import { cpro, fixture, tempDir } from '../helpers/cli.js';
import { startPortal } from '../helpers/portal.js';
import { missingStoreError } from '../helpers/engine.js';

describe('cpro serve', () => {
  it('explains itself in French, deployment behind a TLS reverse proxy included', () => {
    const r = cpro(['serve', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Utilisation : cpro serve [options]');
    expect(r.stdout).toContain('proxy inverse en TLS');
    expect(r.stdout).toContain('cpro config set mail.portalUrl https://');
    expect(r.stdout).toContain('--trust-proxy');
  });

  it('refuses a bad port as a usage error (exit 2)', () => {
    const r = cpro(['serve', '--port', 'huit']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port : « huit » n\'est pas un nombre entier de 0 à 65535');
  });

  it('refuses a store that does not exist, by name, instead of serving an empty one', () => {
    const { dir, cleanup } = tempDir();
    try {
      const r = cpro(['--db', `${dir}/absent.db`, 'serve', '--port', '0']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(missingStoreError(`${dir}/absent.db`));
    } finally {
      cleanup();
    }
  });

  it('prints its address, answers, and stops on SIGTERM with exit 0', async () => {
    const { dir, cleanup } = tempDir();
    try {
      expect(cpro(['--db', `${dir}/cpro.db`, 'import', 'annexe', fixture('annexe-2mspc1.csv')]).code).toBe(0);
      const portal = await startPortal(`${dir}/cpro.db`);
      expect(portal.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const r = await fetch(portal.url + '/');
      expect(r.status).toBe(200);
      expect(await r.text()).toContain('Portail PFMP');
      expect(await portal.stop()).toBe(0);
      expect(portal.log()).toMatch(/^GET \/ 200 /m);
    } finally {
      cleanup();
    }
  });
});
