// Chromium for the browser tests: Debian's /usr/bin/chromium (CPRO_CHROMIUM elsewhere), driven by playwright-core.
// Missing: a visible skip on a developer machine, a failure when CI is set. Never downloads a browser.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM = process.env.CPRO_CHROMIUM || '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null when Chromium is there. Throws on CI: CI must have it. */
export function chromiumMissing(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const reason = `Chromium absent (${CHROMIUM}) : installez-le (apt-get install chromium) ou indiquez-le par CPRO_CHROMIUM`;
  if (process.env.CI) throw new Error(`${reason} — obligatoire sur CI`);
  console.warn(`[tests navigateur ignorés] ${reason}`);
  return reason;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}
