// The DOCX files open in LibreOffice: converted to PDF with `soffice --headless`, they read back right.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { entrepriseGrid } from '../../src/documents/entreprise-grid.js';
import { preconvention } from '../../src/documents/preconvention.js';
import { renderDocx } from '../../src/documents/render/docx.js';
import { entrepriseView, OBJECTIVES, preconventionView } from './fixtures.js';
import { pdfText } from './readback.js';
import { requireTool } from '../helpers/tools.js';

describe('DOCX in LibreOffice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cpro-lo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('converts the pré-convention and the bilan entreprise to PDF with their text intact', async (ctx) => {
    const soffice = requireTool('soffice', ctx);
    writeFileSync(join(dir, 'annexe.docx'), await renderDocx(preconvention(preconventionView())));
    writeFileSync(join(dir, 'bilan.docx'), await renderDocx(entrepriseGrid(entrepriseView(true))));
    const run = spawnSync(
      soffice,
      [
        `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        join(dir, 'annexe.docx'),
        join(dir, 'bilan.docx'),
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status, run.stderr).toBe(0);

    const annexe = await pdfText(readFileSync(join(dir, 'annexe.pdf')));
    for (const s of ['Nguyễn', 'Œuvray Maintenance Industrielle', 'Faÿ', 'Hélène', ...OBJECTIVES, 'A1T3']) {
      expect(annexe.text).toContain(s);
    }
    expect(annexe.pages).toBeGreaterThanOrEqual(2);
    const bilan = await pdfText(readFileSync(join(dir, 'bilan.pdf')));
    expect(bilan.text).toContain('Analyser le fonctionnement');
    expect(bilan.text).toContain('Page 1 / 2');
  });
});
