#!/usr/bin/env node
// Entry point of `cpro` and `cprosync`: the program lives in dist/ (built by `npm install` through `prepare`).
import { run } from '../dist/cli/main.js';

process.exitCode = await run(process.argv);
