// A print worker thread: renders the tasks it is posted (a learner's documents in one format), one after the
// other, and reports every file written. It loads docx or pdfmake, and the fonts, once, on its first task needing it.
import { parentPort, workerData } from 'node:worker_threads';
import type { PrintTask } from './print.js';
import { renderLearner } from './print-render.js';

export interface PrintWorkerData {
  folder: string;
}

const port = parentPort!;
const { folder } = workerData as PrintWorkerData;

let queue = Promise.resolve();
port.on('message', ({ job, format }: PrintTask) => {
  queue = queue.then(async () => {
    await renderLearner(job, [format], folder, (e) => port.postMessage(e));
    port.postMessage({ type: 'done' });
  });
});
