// The DOCX zip written by docx-pack.ts: docx's own parts, intact, zipped by yazl, accepted by unzip and JSZip.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { Packer } from 'docx';
import { describe, expect, it } from 'vitest';
import { preconvention } from '../../src/documents/preconvention.js';
import { docxDocument, renderDocx } from '../../src/documents/render/docx.js';
import { ownZip, zip } from '../../src/documents/render/docx-pack.js';
import { preconventionView } from './fixtures.js';
import { requireTool } from '../helpers/tools.js';
import { ROOT } from '../helpers/cli.js';

async function parts(buf: Buffer): Promise<Map<string, string>> {
  const z = await JSZip.loadAsync(buf, { checkCRC32: true });
  const out = new Map<string, string>();
  for (const name of Object.keys(z.files).sort()) out.set(name, await z.file(name)!.async('string'));
  return out;
}

describe('DOCX packing', () => {
  it("uses docx's compiler, so that a docx upgrade that moves it fails here rather than slowing every DOCX", () => {
    expect(ownZip).toBe(true);
    // The compiler is docx's internal: the version it was found in is pinned (exact) in package.json.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.docx).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("holds exactly the parts docx's own packer writes", async () => {
    const blocks = preconvention(preconventionView());
    const ours = await parts(await renderDocx(blocks));
    const theirs = await parts(await Packer.toBuffer(docxDocument(blocks)));
    expect([...ours.keys()]).toEqual([...theirs.keys()]);
    // core.xml carries the creation time, to the second.
    const timeless = (s: string) => s.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T');
    for (const [name, xml] of ours) expect(timeless(xml), name).toBe(timeless(theirs.get(name)!));
    expect(ours.get('word/document.xml')).toContain('Nguyễn');
  });

  it('writes a zip that unzip tests clean, with UTF-8 names and binary parts', async (ctx) => {
    const unzip = requireTool('unzip', ctx);
    const dir = mkdtempSync(join(tmpdir(), 'cpro-zip-'));
    try {
      const file = join(dir, 'x.zip');
      writeFileSync(file, await zip(new Map<string, string | Uint8Array>([['a/é.xml', '<x>Œuvray</x>'], ['b.bin', new Uint8Array([0, 1, 2, 255])]])));
      const r = spawnSync(unzip, ['-t', file], { encoding: 'utf8' });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('No errors detected');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the same bytes for the same document, whatever the time of packing', async () => {
    const parts = new Map<string, string | Uint8Array>([['word/document.xml', '<w:document/>'], ['media/x.png', new Uint8Array([137, 80, 78, 71])]]);
    const first = await zip(parts);
    await new Promise((r) => setTimeout(r, 2100)); // zip times have a two-second resolution
    expect((await zip(parts)).equals(first)).toBe(true);
  });
});
