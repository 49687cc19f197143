// A signature block is never separated from its heading: both renderers are told to keep them on one page.
import { describe, expect, it } from 'vitest';
import { pdfDefinition } from '../../src/documents/render/pdf.js';
import { preconvention } from '../../src/documents/preconvention.js';
import { preconventionView } from './fixtures.js';

describe('keep-together', () => {
  it("puts the pré-convention's « Signatures » heading and its signature table in one unbreakable PDF stack", () => {
    const content = pdfDefinition(preconvention(preconventionView())).content as Array<{ stack?: unknown[]; unbreakable?: boolean }>;
    const withSignatures = content.filter((n) => JSON.stringify(n).includes('"Signatures"'));
    expect(withSignatures).toHaveLength(1);
    const node = withSignatures[0];
    expect(node.unbreakable).toBe(true);
    expect(node.stack).toHaveLength(2); // the heading, then the signature table
    expect(JSON.stringify(node.stack![1])).toContain('Le représentant légal');
  });
});
