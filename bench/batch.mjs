#!/usr/bin/env node
// The batch-engine benchmark (logic: src/engine/bench.ts): writes bench/results/batch.json and
// bench/results/batch.md (the README's "Batch engine" table). Run after `npm run build`:
//   node bench/batch.mjs [--lanes N] [--threads 1,2] [--isa avx2,scalar] [--seconds S] [--no-peer]
import { main } from '../dist/cli/main.js';

const out = new URL('./results/', import.meta.url).pathname;
process.exitCode = await main(['bench', '--out', out, ...process.argv.slice(2)]);
