// Runs the real CLI in this process, then reports its peak RSS on stderr as "maxrss_kb=<n>".
import { run } from '../../dist/cli/main.js';

const code = await run(['node', 'cpro', ...process.argv.slice(2)]);
process.stderr.write(`\nmaxrss_kb=${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
