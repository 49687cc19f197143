// `npm run bench`: the performance figures of cprosync, measured on this machine, printed side by side.
import { benchImport } from './bench/import.mjs';

console.log(`# cprosync — banc d'essai (${new Date().toISOString().slice(0, 10)}, Node ${process.version})`);
benchImport();
