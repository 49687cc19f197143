// `npm run bench`: the performance figures of cprosync, measured on this machine, printed side by side.
// `npm run bench -- print` runs one part only (import, print, serve, learners, attendance).
import { benchImport } from './bench/import.mjs';
import { benchPrint } from './bench/print.mjs';
import { benchServe } from './bench/serve.mjs';
import { benchLearners } from './bench/learners.mjs';
import { benchAttendance } from './bench/attendance.mjs';

const only = process.argv[2];
console.log(`# cprosync — banc d'essai (${new Date().toISOString().slice(0, 10)}, Node ${process.version})`);
if (!only || only === 'import') benchImport();
if (!only || only === 'print') benchPrint();
if (!only || only === 'serve') await benchServe();
if (!only || only === 'learners') await benchLearners();
if (!only || only === 'attendance') benchAttendance();
