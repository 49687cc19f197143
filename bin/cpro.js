#!/usr/bin/env node
// Entry point of `cpro` and `cprosync`: the program lives in dist/ (built by `npm install` through `prepare`).
import { run } from '../dist/cli/main.js';

// `cpro … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

process.exitCode = await run(process.argv);
