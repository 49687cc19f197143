// A print worker thread: renders the learners it is posted, one after the other, and reports every file written.
// Each worker loads docx, pdfmake and the fonts once, on its first document.
import { parentPort, workerData } from 'node:worker_threads';
import type { DocumentFormat } from '../domain/print.js';
import type { LearnerJob } from './print-plan.js';
import { renderLearner } from './print-render.js';

export interface PrintWorkerData {
  formats: DocumentFormat[];
  folder: string;
}

const port = parentPort!;
const { formats, folder } = workerData as PrintWorkerData;

let queue = Promise.resolve();
port.on('message', (job: LearnerJob) => {
  queue = queue.then(async () => {
    await renderLearner(job, formats, folder, (e) => port.postMessage(e));
    port.postMessage({ type: 'done' });
  });
});
