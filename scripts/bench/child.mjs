// Runs the real CLI in this process, then reports its peak RSS on stderr as "maxrss_kb=<n>", and the CPU time of
// all its threads as "cpu_ms=<n>".
import { run } from '../../dist/cli/main.js';

const code = await run(['node', 'cpro', ...process.argv.slice(2)]);
const usage = process.resourceUsage();
process.stderr.write(`\nmaxrss_kb=${usage.maxRSS} cpu_ms=${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`);
process.exitCode = code;
