// The embedded font is read and parsed once per process, however many PDFs are made: the PDF renderer's speed rests on it.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attestation } from '../../src/documents/attestation.js';
import { preconvention } from '../../src/documents/preconvention.js';
import { renderPdf } from '../../src/documents/render/pdf.js';
import { PATCHED_FOR, fontParseCount } from '../../src/documents/render/pdf-fonts.js';
import { ROOT } from '../helpers/cli.js';
import { preconventionView } from './fixtures.js';
import { pdfText } from './readback.js';

const require = createRequire(import.meta.url);
// The pdfkit class pdfmake builds its documents on: its font() reads a TTF and parses it with fontkit.
const PDFKit = require('pdfkit') as { prototype: { font: (...args: unknown[]) => unknown } };

afterEach(() => vi.restoreAllMocks());

describe('PDF fonts', () => {
  it('patch the very versions installed: an upgrade of pdfmake, pdfkit or fontkit is checked here first', () => {
    const installed = Object.fromEntries(
      Object.keys(PATCHED_FOR).map((name) => [name, (require(join(ROOT, 'node_modules', name, 'package.json')) as { version: string }).version]),
    );
    expect(installed).toEqual(PATCHED_FOR);
    const pkg = require(join(ROOT, 'package.json')) as { dependencies: Record<string, string>; overrides: Record<string, string> };
    expect(pkg.dependencies.pdfmake).toBe(PATCHED_FOR.pdfmake);
    expect(pkg.overrides.pdfkit).toBe(PATCHED_FOR.pdfkit);
    expect(pkg.overrides.fontkit).toBe(PATCHED_FOR.fontkit);
  });

  it('parses each font style once per process, never again for later documents', async () => {
    await renderPdf(preconvention(preconventionView()));
    const parsed = fontParseCount();
    expect(parsed).toBeGreaterThanOrEqual(2); // regular and bold at least
    expect(parsed).toBeLessThanOrEqual(4);

    const pdfkitLoads = vi.spyOn(PDFKit.prototype, 'font');
    const outputs: Buffer[] = [];
    for (let i = 0; i < 5; i++) {
      outputs.push(await renderPdf(preconvention(preconventionView())));
      outputs.push(await renderPdf(attestation(preconventionView())));
    }
    expect(fontParseCount()).toBe(parsed);
    expect(pdfkitLoads).not.toHaveBeenCalled();

    // Each document still embeds its own subset, with the text extractable.
    for (const pdf of outputs.slice(-2)) {
      const { text } = await pdfText(pdf);
      expect(text).toContain('Nguyễn');
      expect(text).toContain('Œuvray');
      expect(text).toContain('Faÿ');
    }
  });

  it('keeps a glyph extractable after another document embedded it only as a component (Ÿ is Y and ¨)', async () => {
    const { paragraph, title } = await import('../../src/documents/model.js');
    // Made first, so that no text has asked for a plain "Y" in this process yet.
    await renderPdf([title('Essai'), paragraph('FAŸ Œ')]);
    const { text } = await pdfText(await renderPdf([title('Essai'), paragraph('NGUYỄN YVES')]));
    expect(text).toContain('NGUYỄN YVES');
  });

  it('embeds DejaVu Sans, subset, in every PDF', async () => {
    const pdf = (await renderPdf(attestation(preconventionView()))).toString('latin1');
    expect(pdf).toMatch(/\/FontName \/[A-Z]{6}\+DejaVuSans\b/);
    expect(pdf).toMatch(/\/FontName \/[A-Z]{6}\+DejaVuSans-Bold\b/);
    expect(pdf).toContain('/FontFile2');
    expect(pdf).toContain('/ToUnicode');
  });
});
