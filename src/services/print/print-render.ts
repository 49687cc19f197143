// Renders a learner's documents and writes each file as soon as it is made, readable by its owner only. Runs in the
// main thread or in a print worker; docx and pdfmake are loaded on first use only.
import { join } from 'node:path';
import { UserError } from '../../domain/errors.js';
import type { DocumentKind } from '../../domain/filenames.js';
import type { DocumentFormat } from '../../domain/print.js';
import { attestation } from '../../documents/attestation.js';
import { attitudesGrid } from '../../documents/attitudes-grid.js';
import { entrepriseGrid } from '../../documents/entreprise-grid.js';
import { certificativeGrid } from '../../documents/certificative-grid.js';
import type { Block } from '../../documents/model.js';
import { preconvention } from '../../documents/preconvention.js';
import { loadRenderer } from '../../documents/render/load.js';
import type { DocumentJob, LearnerJob, LearnerRef, PrintFailure } from './print-plan.js';
import { writePrivateFile } from '../shared/private-fs.js';

export interface WrittenFile {
  learner: LearnerRef;
  document: DocumentKind;
  format: DocumentFormat;
  path: string;
}

export type RenderEvent = { type: 'file'; file: WrittenFile } | { type: 'failure'; failure: PrintFailure };

export function blocksOf(job: DocumentJob): Block[] {
  switch (job.document) {
    case 'preconvention':
      return preconvention(job.view);
    case 'attestation':
      return attestation(job.view);
    case 'bilan-attitudes':
      return attitudesGrid(job.view);
    case 'bilan-entreprise':
      return entrepriseGrid(job.view);
    case 'grille-certificative':
      return certificativeGrid(job.view);
  }
}


function reasonOf(e: unknown, format?: DocumentFormat): string {
  const where = format ? ` (${format.toUpperCase()})` : '';
  if (e instanceof UserError) return e.message + where;
  const err = e as NodeJS.ErrnoException;
  if (err?.code && err.syscall) return `écriture impossible${where} : ${err.message}`;
  return `erreur interne${where} : ${err?.message ?? String(e)}`;
}

/** Renders every document of the job in every format, writing each file before the next is made. */
export async function renderLearner(
  job: LearnerJob,
  formats: DocumentFormat[],
  folder: string,
  emit: (e: RenderEvent) => void,
): Promise<void> {
  for (const doc of job.documents) {
    const fail = (e: unknown, format?: DocumentFormat) =>
      emit({ type: 'failure', failure: { learner: job.learner, document: doc.document, reason: reasonOf(e, format) } });
    let blocks: Block[];
    try {
      blocks = blocksOf(doc);
    } catch (e) {
      fail(e);
      continue;
    }
    for (const format of formats) {
      try {
        const bytes = await (await loadRenderer(format))(blocks);
        const path = join(folder, `${doc.baseName}.${format}`);
        // No fsync per file: a batch is thousands of files, and a document lost to a power cut is printed again.
        writePrivateFile(path, bytes, { replace: true, fsync: false });
        emit({ type: 'file', file: { learner: job.learner, document: doc.document, format, path } });
      } catch (e) {
        fail(e, format);
      }
    }
  }
}
