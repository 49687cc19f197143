// How a DOCX is zipped, measured on the same documents against docx's public packer (npx vitest bench --run test/documents/docx-zip.bench.ts).
import { Packer, type Document } from 'docx';
import { bench, describe } from 'vitest';
import { entrepriseGrid } from '../../src/documents/entreprise-grid.js';
import { preconvention } from '../../src/documents/preconvention.js';
import { docxDocument } from '../../src/documents/render/docx.js';
import { zip } from '../../src/documents/render/docx-pack.js';
import { entrepriseView, preconventionView } from './fixtures.js';

const compiler = (Packer as unknown as { compiler: { compile(d: Document): Map<string, string | Uint8Array> } }).compiler;
const docs = () => [docxDocument(preconvention(preconventionView())), docxDocument(entrepriseGrid(entrepriseView(true)))];

describe('pack one pré-convention and one filled bilan entreprise', () => {
  bench('docx compiler + yazl (docx-pack.ts)', async () => {
    for (const d of docs()) await zip(compiler.compile(d));
  }, { time: 3000 });
  bench('docx public Packer.toBuffer (fflate)', async () => {
    for (const d of docs()) await Packer.toBuffer(d);
  }, { time: 3000 });
  bench('document model only (no packing), for reference', async () => {
    docs();
  }, { time: 3000 });
});
