// `cpro print … --combine`: one PDF per document type for the whole period, its learners in the class's order,
// ready to print in one go. The learners' own files stay as they are; pdf-lib only copies their pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENT_KINDS } from '../domain/print.js';
import { safeFileName, type DocumentKind } from '../domain/filenames.js';
import type { WrittenFile } from './print-render.js';
import { writePrivateFile } from './private-fs.js';

export interface CombinedFile {
  document: DocumentKind;
  path: string;
  /** Learners (documents) in the file, and its pages. */
  documents: number;
  pages: number;
}

const COMBINED_LABELS: Record<DocumentKind, string> = {
  preconvention: 'Pré-conventions',
  attestation: 'Attestations de stage',
  'bilan-attitudes': 'Bilans des attitudes',
  'bilan-entreprise': 'Bilans entreprise',
  'grille-certificative': 'Grilles certificatives',
};

/** The combined file's name, without extension: « Pré-conventions - PFMP 2 - 2MSPC1 ». */
export function combinedBaseName(kind: DocumentKind, periodName: string, className: string): string {
  return safeFileName(`${COMBINED_LABELS[kind]} - ${periodName} - ${className}`);
}

/** `files` must already be in the class's order (as the print report lists them). */
export async function combinePdfs(files: WrittenFile[], folder: string, periodName: string, className: string): Promise<CombinedFile[]> {
  const { PDFDocument } = await import('pdf-lib');
  const out: CombinedFile[] = [];
  for (const kind of DOCUMENT_KINDS) {
    const parts = files.filter((f) => f.document === kind && f.format === 'pdf');
    if (!parts.length) continue;
    const merged = await PDFDocument.create();
    for (const part of parts) {
      const doc = await PDFDocument.load(readFileSync(part.path));
      for (const page of await merged.copyPages(doc, doc.getPageIndices())) merged.addPage(page);
    }
    merged.setTitle(`${COMBINED_LABELS[kind]} — ${periodName} — ${className}`);
    merged.setCreator('cprosync');
    merged.setProducer('cprosync');
    const path = join(folder, `${combinedBaseName(kind, periodName, className)}.pdf`);
    writePrivateFile(path, await merged.save());
    out.push({ document: kind, path, documents: parts.length, pages: merged.getPageCount() });
  }
  return out;
}
