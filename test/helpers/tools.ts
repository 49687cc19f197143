// The external tools some tests drive (a terminal, LibreOffice, poppler, a browser): a missing one is a visible
// skip with its reason on a developer machine, and a failure under CI (CI set), where .ci/run installs them all.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface ToolSpec {
  /** Commands tried in order; the first that answers is the one tests run. */
  commands: string[];
  args: string[];
  /** The Debian package that brings it (what .ci/run installs). */
  debian: string;
  /** A deeper check than "the command answers", when the command alone does not prove the feature. */
  works?: (command: string) => boolean;
}

const TOOLS = {
  tmux: { commands: ['tmux'], args: ['-V'], debian: 'tmux' },
  script: { commands: ['script'], args: ['--version'], debian: 'bsdutils' },
  pdftotext: { commands: ['pdftotext'], args: ['-v'], debian: 'poppler-utils' },
  pdftoppm: { commands: ['pdftoppm'], args: ['-v'], debian: 'poppler-utils' },
  unzip: { commands: ['unzip'], args: ['-v'], debian: 'unzip' },
  soffice: { commands: ['soffice', 'libreoffice'], args: ['--version'], debian: 'libreoffice-writer-nogui' },
  'soffice-calc': { commands: ['soffice', 'libreoffice'], args: ['--version'], debian: 'libreoffice-calc-nogui', works: calcConverts },
  chromium: { commands: ['chromium', 'chromium-browser', 'google-chrome'], args: ['--version'], debian: 'chromium' },
} satisfies Record<string, ToolSpec>;

export type ToolName = keyof typeof TOOLS;

interface Probe {
  command?: string;
  reason: string;
}

const probes = new Map<ToolName, Probe>();

function probe(name: ToolName): Probe {
  let p = probes.get(name);
  if (p) return p;
  const spec: ToolSpec = TOOLS[name];
  const command = spec.commands.find((c) => spawnSync(c, spec.args, { stdio: 'ignore', timeout: 60_000 }).status === 0);
  if (!command) p = { reason: `${spec.commands.join(' / ')} is not installed (Debian package ${spec.debian})` };
  else if (spec.works && !spec.works(command)) p = { reason: `${command} cannot do what this test needs (Debian package ${spec.debian})` };
  else p = { command, reason: '' };
  probes.set(name, p);
  return p;
}

/** Whether the tool is here, without skipping or failing anything (for a choice that is not a test). */
export function hasTool(name: ToolName): boolean {
  return probe(name).command !== undefined;
}

interface SkippableContext {
  skip(note?: string): never;
}

/**
 * Called first in a test that needs `name`: returns the command to run. When the tool is missing, the test is
 * skipped with the reason (shown by the reporter and on stderr) — or fails when CI is set, where nothing may skip.
 */
export function requireTool(name: ToolName, ctx: SkippableContext): string {
  const p = probe(name);
  if (p.command) return p.command;
  if (process.env.CI) throw new Error(`${p.reason}: under CI every tool the suite uses must be installed (.ci/run installs it)`);
  process.stderr.write(`SKIPPED: ${p.reason}\n`);
  return ctx.skip(p.reason);
}

/** LibreOffice converts a CSV with Calc: writer-only installs answer --version but cannot. */
function calcConverts(command: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'cpro-lo-probe-'));
  try {
    writeFileSync(join(dir, 'p.csv'), 'a;b\r\n1;2\r\n');
    const r = spawnSync(
      command,
      [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`, '--headless', '--convert-to', 'xlsx', '--outdir', dir, join(dir, 'p.csv')],
      { stdio: 'ignore', timeout: 120_000 },
    );
    return r.status === 0 && readdirSync(dir).includes('p.xlsx');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
