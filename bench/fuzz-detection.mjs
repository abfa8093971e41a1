#!/usr/bin/env node
/**
 * How reliably `checkEquivalence` finds realistic consensus bugs at its defaults: each mutant of
 * bench/fuzz-mutants.mjs (the reference interpreter with one rule changed, reporting success and
 * error) is fuzzed with `checkEquivalence(candidate, { seed })` (default 1,000 cases, default
 * arbitrary) on each seed; a bug counts as found on a seed when any case differs. Shrinking is
 * left out (`maxCounterexamples: 0`): it changes how long a failing run takes, not whether it fails.
 * Also times a run of the unmutated reference against itself (cases per second).
 *
 *   npm run build && node bench/fuzz-detection.mjs [--seeds N] [--first S] [--only id,id] [--out NAME]
 *
 * writes bench/results/NAME.json and NAME.md (default fuzz-detection; seeds S..S+N-1, default 1..10).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkEquivalence } from '../dist/testing/index.js';
import { evaluate } from '../dist/vm/verify.js';
import { loadMutant, MUTANTS } from './fuzz-mutants.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? dflt : args[i + 1];
};
const nSeeds = Number(opt('seeds', 10));
const first = Number(opt('first', 1));
const only = opt('only', undefined)?.split(',');
const outName = opt('out', 'fuzz-detection');
const seeds = Array.from({ length: nSeeds }, (_, i) => first + i);
const mutants = only ? MUTANTS.filter((m) => only.includes(m.id)) : MUTANTS;
if (only && mutants.length !== only.length) throw new Error(`unknown mutant in --only ${only.join(',')}`);

const reference = (script, stack, flags, sigVersion) => {
  const r = evaluate(script, stack, { flags, sigVersion });
  return { success: r.success, error: r.error };
};

// The generator and the two evaluations alone: the reference against itself.
let baseCases = 0;
let baseMs = 0;
for (const seed of seeds) {
  const r = await checkEquivalence(reference, { seed, throwOnMismatch: false, maxCounterexamples: 0 });
  baseCases += r.cases;
  baseMs += r.elapsedMs;
}
const casesPerSecond = Math.round((baseCases / baseMs) * 1000);
console.log(`reference vs itself: ${baseCases} cases in ${baseMs} ms (${casesPerSecond} cases/s)`);

const rows = [];
for (const m of mutants) {
  const candidate = await loadMutant(m);
  const runs = [];
  for (const seed of seeds) {
    const r = await checkEquivalence(candidate, { seed, throwOnMismatch: false, maxCounterexamples: 0 });
    runs.push({ seed, cases: r.cases, mismatches: r.mismatches, ms: r.elapsedMs });
  }
  const found = runs.filter((r) => r.mismatches > 0).length;
  const meanMismatches = runs.reduce((s, r) => s + r.mismatches, 0) / runs.length;
  const ms = runs.reduce((s, r) => s + r.ms, 0);
  rows.push({ id: m.id, bug: m.bug, found, seeds: runs.length, meanMismatches, ms, missedSeeds: runs.filter((r) => r.mismatches === 0).map((r) => r.seed), runs });
  console.log(`${m.id.padEnd(28)} ${found}/${runs.length}  ${meanMismatches.toFixed(1).padStart(6)} mismatching cases per run  ${ms} ms`);
}

const foundAll = rows.filter((r) => r.found === r.seeds).length;
const result = {
  date: new Date().toISOString(),
  node: process.version,
  seeds,
  numRuns: 'default (1000)',
  reference: { cases: baseCases, ms: baseMs, casesPerSecond },
  mutants: rows,
  summary: { mutants: rows.length, foundOnEverySeed: foundAll, foundOnAtLeast9of10: rows.filter((r) => r.found >= Math.ceil(0.9 * r.seeds)).length },
};
const md = [
  `Seeds ${seeds[0]}–${seeds[seeds.length - 1]}, checkEquivalence defaults (1,000 cases per run); candidate reports success and error.`,
  `Reference against itself: ${baseCases} cases in ${(baseMs / 1000).toFixed(1)} s (${casesPerSecond} cases/s).`,
  '',
  '| bug | found (seeds) | mismatching cases per 1,000 |',
  '|---|---|---|',
  ...rows.map((r) => `| ${r.bug} (\`${r.id}\`) | ${r.found}/${r.seeds} | ${r.meanMismatches.toFixed(1)} |`),
  '',
];
const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}${outName}.json`, `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(`${dir}${outName}.md`, md.join('\n'));
console.log(`${foundAll} of ${rows.length} found on every seed; wrote bench/results/${outName}.{json,md}`);
