// Renders a learner's documents and writes each file as soon as it is made, readable by its owner only. Runs in the
// main thread or in a print worker; docx and pdfmake are loaded on first use only.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { UserError } from '../domain/errors.js';
import type { DocumentKind } from '../domain/filenames.js';
import type { DocumentFormat } from '../domain/print.js';
import { attestation } from '../documents/attestation.js';
import { certificativeGrid } from '../documents/grille-certificative.js';
import { attitudesGrid } from '../documents/grille-attitudes.js';
import { entrepriseGrid } from '../documents/grille-entreprise.js';
import type { Block } from '../documents/model.js';
import { preconvention } from '../documents/preconvention.js';
import type { DocumentJob, LearnerJob, LearnerRef, PrintFailure } from './print-plan.js';

export interface WrittenFile {
  learner: LearnerRef;
  document: DocumentKind;
  format: DocumentFormat;
  path: string;
}

export type RenderEvent = { type: 'file'; file: WrittenFile } | { type: 'failure'; failure: PrintFailure };

type Renderer = (blocks: Block[]) => Promise<Buffer>;

const renderers = new Map<DocumentFormat, Promise<Renderer>>();

function renderer(format: DocumentFormat): Promise<Renderer> {
  let r = renderers.get(format);
  if (!r) {
    r =
      format === 'docx'
        ? import('../documents/render/docx.js').then((m) => m.renderDocx)
        : import('../documents/render/pdf.js').then((m) => m.renderPdf);
    renderers.set(format, r);
  }
  return r;
}

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

/**
 * Writes under a temporary name then renames, so that a reader never sees half a file and a replaced file's mode
 * goes. Unlike private-fs.ts's writePrivateFile, no fsync per file: a batch is thousands of files, and a document
 * lost to a power cut is printed again.
 */
function writePrivateFile(path: string, data: Uint8Array): void {
  const tmp = join(dirname(path), `.cpro-${process.pid}-${threadId}.tmp`);
  try {
    writeFileSync(tmp, data, { mode: 0o600, flag: 'w' });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
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
        const bytes = await (await renderer(format))(blocks);
        const path = join(folder, `${doc.baseName}.${format}`);
        writePrivateFile(path, bytes);
        emit({ type: 'file', file: { learner: job.learner, document: doc.document, format, path } });
      } catch (e) {
        fail(e, format);
      }
    }
  }
}
