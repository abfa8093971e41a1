#!/usr/bin/env node
// Compiler benchmark: script bytes per nonzero weight for every weight scheme x rescale mode on the
// digits model (auto fractional bits, and --frac-bits 4, which forces hidden-layer rescales), the
// accuracy of each compiled script on the digits test split, and the compile time of a random
// 784->32->10 network. Writes bench/results/compile-size.json and prints a Markdown table.
// Run after `npm run build`: node bench/compile-size.mjs [--rows N]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { compileModel } from '../dist/compiler/compile.js';
import { programFile } from '../dist/compiler/artifact.js';
import { evaluateProgram } from '../dist/compiler/evaluate.js';
import { fromHex } from '../dist/script/bytes.js';
import { parseNumericCsv, toDataset } from '../dist/models/csv.js';
import { parseModel } from '../dist/models/validate.js';
import { median } from './stats.mjs';

const root = new URL('../', import.meta.url);
const rowsArg = process.argv.indexOf('--rows');
const maxRows = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : Infinity;
const model = parseModel(readFileSync(new URL('test/fixtures/models/digits_mlp_64_32_10.model.json', root), 'utf8'));
const data = toDataset(parseNumericCsv(readFileSync(new URL('test/fixtures/models/digits_mlp_64_32_10.test.csv', root), 'utf8')), 64);
const inputs = data.inputs.slice(0, maxRows);
const labels = data.labels.slice(0, maxRows);

const rows = [];
for (const fracBits of ['auto', 4]) {
  for (const weights of ['int8', 'int4', 'ternary', 'pow2', 'int8-col']) {
    for (const rescale of ['hint', 'pure']) {
      const t0 = performance.now();
      const c = compileModel(model, { weights, rescale, fracBits });
      const ms = performance.now() - t0;
      const pf = programFile(c);
      const s = evaluateProgram({ file: pf, script: fromHex(pf.scriptHex) }, inputs, labels, 'auto');
      rows.push({
        fracBits: String(fracBits),
        chosenFracBits: c.options.fracBits,
        weights,
        rescale,
        scriptBytes: c.report.scriptBytes,
        nonzeroWeights: c.report.nonzeroWeights,
        bytesPerWeight: c.report.bytesPerWeight,
        witnessItems: c.report.witnessItems,
        witnessBytesMax: c.report.witnessBytesMax,
        peakStackItems: c.report.peakStackItems,
        vbytes: c.report.spend.vbytes,
        strategies: c.code.strategies,
        compileMs: +ms.toFixed(1),
        rows: s.rows,
        floatAccuracy: s.float_accuracy,
        quantizedAccuracy: s.quantized_accuracy,
        scriptAccuracy: s.script_accuracy,
        referenceMismatches: s.reference_mismatches,
      });
      process.stderr.write('.');
    }
  }
}

// A random 784->32->10 network (fixed seed), int8, hint mode.
let seed = 12345;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed / 2147483648);
const gauss = () => Array.from({ length: 6 }, rnd).reduce((a, b) => a + b, 0) - 3;
const dense = (o, i) => ({ type: 'dense', weights: Array.from({ length: o }, () => Array.from({ length: i }, () => gauss() * Math.sqrt(2 / i))), bias: Array.from({ length: o }, () => gauss() * 0.1) });
const big = { format: 'bsml-model', version: 1, input: { shape: [784], range: [0, 1] }, layers: [dense(32, 784), { type: 'relu' }, dense(10, 32)] };
const bigRuns = [];
for (const weights of ['int8', 'ternary']) {
  const times = [];
  const cpu = [];
  let c;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const u0 = process.cpuUsage();
    c = compileModel(big, { weights });
    const u = process.cpuUsage(u0);
    times.push(performance.now() - t0);
    cpu.push((u.user + u.system) / 1000);
  }
  bigRuns.push({ weights, medianMs: +median(times).toFixed(0), medianCpuMs: +median(cpu).toFixed(0), scriptBytes: c.report.scriptBytes, bytesPerWeight: c.report.bytesPerWeight, peakStackItems: c.report.peakStackItems, fracBits: c.options.fracBits });
}
process.stderr.write('\n');

const { loadavg, cpus } = await import('node:os');
const out = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadavg: loadavg(), digits: rows, random784: bigRuns };
mkdirSync(new URL('bench/results/', root), { recursive: true });
writeFileSync(new URL('bench/results/compile-size.json', root), JSON.stringify(out, null, 2) + '\n');

const pct = (v) => (v === null ? 'n/a' : `${(100 * v).toFixed(2)}%`);
const lines = [
  '| frac bits | weights | rescale | script bytes | nonzero weights | B/weight | witness items | script accuracy | mismatches |',
  '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.fracBits} (${r.chosenFracBits.join(',')}) | ${r.weights} | ${r.rescale} | ${r.scriptBytes} | ${r.nonzeroWeights} | ${r.bytesPerWeight.toFixed(2)} | ${r.witnessItems} | ${pct(r.scriptAccuracy)} | ${r.referenceMismatches} |`),
  '',
  '| random 784→32→10 | compile CPU time (median of 3) | wall time | script bytes | B/weight | peak stack items |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...bigRuns.map((r) => `| ${r.weights}, hint, auto | ${(r.medianCpuMs / 1000).toFixed(2)} s | ${(r.medianMs / 1000).toFixed(2)} s | ${r.scriptBytes} | ${r.bytesPerWeight.toFixed(2)} | ${r.peakStackItems} |`),
  '',
  `load average during the run: ${loadavg().map((v) => v.toFixed(1)).join(', ')} on ${cpus().length} CPUs`,
];
process.stdout.write(lines.join('\n') + '\n');
