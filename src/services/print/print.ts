// Use case `cpro print`: a period's documents for every learner (or one), in DOCX and/or PDF, written one by one
// into the period's documents folder; a learner who cannot be printed is reported and the others are written.
import { accessSync, constants } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { UsageError, UserError } from '../../domain/errors.js';
import { combinePdfs, type CombinedFile } from './print-combine.js';
import type { DocumentKind } from '../../domain/filenames.js';
import { DOCUMENT_KINDS, formatsOf, type DocumentFormat, type FormatChoice, type SkippedDocument } from '../../domain/print.js';
import type { PeriodKind } from '../../domain/period-kinds.js';
import type { Store } from '../../store/store.js';
import { planPrint, type LearnerJob, type PlanRequest, type PrintFailure } from './print-plan.js';
import type { RenderEvent, WrittenFile } from './print-render.js';
import type { PrintWorkerData } from './print-worker.js';
import { ensurePrivateDir, periodDocumentsDir } from '../shared/private-fs.js';

export type { PrintFailure } from './print-plan.js';
export type { WrittenFile } from './print-render.js';

export interface PrintRequest extends PlanRequest {
  format: FormatChoice;
  /** Output folder; by default `documents/<period name>/` under `cwd`. */
  out?: string;
  cwd?: string;
  /** Worker threads besides the main thread; by default chosen from the batch size and the cores. */
  workers?: number;
  /** Also writes one PDF per document type for the whole period (needs the PDF format). */
  combine?: boolean;
}

export interface PrintHooks {
  /** Called once with the number of files to make. */
  onStart?: (files: number) => void;
  onFile?: (file: WrittenFile) => void;
}

export interface PrintReport {
  period: { id: number; name: string; class: string; kind: PeriodKind };
  folder: string;
  files: WrittenFile[];
  failures: PrintFailure[];
  skipped: SkippedDocument[];
  /** Documents that do not apply to a learner (an apprentice's pré-convention and attestation), with why. */
  notApplicable: PrintFailure[];
  /** With --combine: one PDF per document type, the learners in the class's order. */
  combined: CombinedFile[];
  warnings: string[];
}

/**
 * Files per thread below which a worker costs more than it saves: a new thread loads docx or pdfmake and runs
 * its first documents cold, some 0.3 to 0.5 s of a core. Measured on 2 cores (`npm run bench`): 36 or 100 PDFs
 * are no faster with a worker, 288 files (36 learners, everything, both formats) are 10 to 15 % faster, and
 * 8,000 files nearly twice as fast.
 */
const FILES_PER_THREAD = 120;
/** Each worker holds its own renderer and heap (up to some 150 MB): more threads would cost memory for little. */
const MAX_THREADS = 4;

/** Worker threads to start besides the main thread, which renders too. CPRO_PRINT_WORKERS overrides (0: none). */
export function workerCount(files: number, requested?: number): number {
  const env = process.env.CPRO_PRINT_WORKERS;
  const forced = requested ?? (env !== undefined && /^\d+$/.test(env.trim()) ? Number(env) : undefined);
  if (forced !== undefined) return forced;
  const threads = Math.min(availableParallelism(), MAX_THREADS, Math.floor(files / FILES_PER_THREAD));
  return Math.max(0, threads - 1);
}

export async function printDocuments(store: Store, req: PrintRequest, hooks: PrintHooks = {}): Promise<PrintReport> {
  const plan = await planPrint(store, req);
  const { period } = plan;
  const formats = formatsOf(req.format);
  const cwd = req.cwd ?? process.cwd();
  const folder = req.out ? resolve(cwd, req.out) : periodDocumentsDir(cwd, period.name);
  const report: PrintReport = {
    period: { id: period.id, name: period.name, class: period.className, kind: period.kind },
    folder,
    files: [],
    failures: [...plan.failures],
    skipped: plan.skipped,
    notApplicable: plan.notApplicable,
    combined: [],
    warnings: plan.warnings,
  };
  if (req.combine && !formats.includes('pdf')) {
    throw new UsageError('--combine assemble des PDF : choisissez --format pdf ou les-deux');
  }
  const total = plan.jobs.reduce((n, j) => n + j.documents.length * formats.length, 0);
  hooks.onStart?.(total);
  if (total === 0) return report;

  try {
    ensurePrivateDir(folder);
    accessSync(folder, constants.W_OK);
  } catch (e) {
    throw new UserError(`impossible d'écrire dans le dossier « ${folder} » : ${(e as Error).message}`);
  }
  const emit = (e: RenderEvent) => {
    if (e.type === 'file') {
      report.files.push(e.file);
      hooks.onFile?.(e.file);
    } else {
      report.failures.push(e.failure);
    }
  };
  await renderAll(plan.jobs, formats, folder, workerCount(total, req.workers), emit);

  // Threads finish in any order: list in the period's learner order, then document and format order.
  const rank = new Map(plan.learners.map((id, i) => [id, i]));
  const learnerRank = (id: number) => rank.get(id) ?? -1;
  const docRank = (d: DocumentKind) => DOCUMENT_KINDS.indexOf(d);
  report.files.sort(
    (a, b) => learnerRank(a.learner.id) - learnerRank(b.learner.id) || docRank(a.document) - docRank(b.document) || a.format.localeCompare(b.format),
  );
  report.failures.sort((a, b) => learnerRank(a.learner.id) - learnerRank(b.learner.id) || docRank(a.document) - docRank(b.document));
  if (req.combine) report.combined = await combinePdfs(report.files, folder, period.name, period.className);
  return report;
}

/** One learner's documents in one format: the unit a thread takes. */
export interface PrintTask {
  job: LearnerJob;
  format: DocumentFormat;
}

/**
 * The tasks, one queue per format. A thread takes from the queue of its preferred format first: the main thread
 * DOCX, the workers PDF. Each thread then warms up one renderer rather than both (docx and pdfmake each take a
 * few hundred milliseconds of a core to load and reach full speed), and holds one renderer's memory, until the
 * queues run unevenly and it helps with the other.
 */
function taskQueues(jobs: LearnerJob[], formats: DocumentFormat[]) {
  const queues = new Map(formats.map((f) => [f, { next: 0 }]));
  return (preferred: DocumentFormat): PrintTask | undefined => {
    for (const format of [preferred, ...formats.filter((f) => f !== preferred)]) {
      const q = queues.get(format);
      if (q && q.next < jobs.length) return { job: jobs[q.next++], format };
    }
    return undefined;
  };
}

/** Renders the jobs in the main thread and `workers` worker threads, each taking the next task when free. */
async function renderAll(jobs: LearnerJob[], formats: DocumentFormat[], folder: string, workers: number, emit: (e: RenderEvent) => void) {
  const { renderLearner } = await import('./print-render.js');
  if (workers === 0) {
    for (const job of jobs) await renderLearner(job, formats, folder, emit);
    return;
  }
  const take = taskQueues(jobs, formats);
  const tasks = jobs.length * formats.length;
  const threads = Array.from({ length: Math.min(workers, tasks - 1) }, () => workerLoop(() => take('pdf'), folder, emit));
  for (let t = take('docx'); t; t = take('docx')) {
    await renderLearner(t.job, [t.format], folder, emit);
    // Lets the workers' messages in, so that they are given their next task without waiting.
    await new Promise((r) => setImmediate(r));
  }
  await Promise.all(threads);
}

/**
 * A worker's old generation is capped well above what a batch keeps alive (some 50 MB), so that it is collected
 * rather than left to grow: the 1,000-learner batch must stay under 400 MB for the whole process.
 */
const WORKER_HEAP_MB = 128;

/** One worker thread, kept two tasks ahead so that it never waits for the busy main thread. */
function workerLoop(take: () => PrintTask | undefined, folder: string, emit: (e: RenderEvent) => void): Promise<void> {
  return new Promise((done) => {
    const data: PrintWorkerData = { folder };
    const worker = new Worker(new URL('./print-worker.js', import.meta.url), {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    const inFlight: PrintTask[] = [];
    const feed = () => {
      while (inFlight.length < 2) {
        const task = take();
        if (!task) break;
        inFlight.push(task);
        worker.postMessage(task);
      }
      if (!inFlight.length) void worker.terminate();
    };
    worker.on('message', (m: RenderEvent | { type: 'done' }) => {
      if (m.type !== 'done') return emit(m);
      inFlight.shift();
      feed();
    });
    // A crashed worker loses the tasks it held: they are reported, the other threads go on.
    let crash: Error | undefined;
    worker.on('error', (e) => (crash = e));
    worker.on('exit', () => {
      for (const { job, format } of inFlight.splice(0)) {
        const reason = `erreur interne (${format.toUpperCase()}) : ${crash?.message ?? "fil d'impression arrêté"}`;
        for (const d of job.documents) emit({ type: 'failure', failure: { learner: job.learner, document: d.document, reason } });
      }
      done();
    });
    feed();
  });
}
